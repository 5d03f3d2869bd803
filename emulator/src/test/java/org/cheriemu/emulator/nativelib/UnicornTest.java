package org.cheriemu.emulator.nativelib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Unicorn binding, checked by behaviour: the constants are right when these programs run. */
class UnicornTest {

    static final long BASE = 0x10000;

    @BeforeEach
    void needsUnicorn() {
        NativeTestSupport.requireUnicorn();
    }

    static byte[] code(int... words) {
        ByteBuffer b = ByteBuffer.allocate(words.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int w : words) {
            b.putInt(w);
        }
        return b.array();
    }

    // Encoders for the few instructions used here.
    static int addi(int rd, int rs1, int imm) {
        return (imm & 0xFFF) << 20 | rs1 << 15 | rd << 7 | 0x13;
    }

    static int ecall() {
        return 0x73;
    }

    @Test
    void versionIs2_0() {
        int[] v = Unicorn.version();
        assertEquals(2, v[0]);
        assertEquals(0, v[1]);
    }

    @Test
    void addiSetsA0AndPcAdvances() {
        try (Unicorn uc = Unicorn.open()) {
            uc.memMap(BASE, 0x1000, Unicorn.UC_PROT_ALL);
            uc.memWrite(BASE, code(addi(10, 0, 5)));              // addi a0,zero,5
            uc.emuStart(BASE, -1L, 0, 1);
            assertEquals(5, uc.x(10));
            assertEquals(BASE + 4, uc.pc());
        }
    }

    @Test
    void everyIntegerRegisterIdIsTheRightRegister() {
        // addi xN, x0, N for N = 1..31: reading id X0 + N must give N, so the ids are x1..x31.
        int[] words = new int[31];
        for (int n = 1; n <= 31; n++) {
            words[n - 1] = addi(n, 0, n);
        }
        try (Unicorn uc = Unicorn.open()) {
            uc.memMap(BASE, 0x1000, Unicorn.UC_PROT_ALL);
            uc.memWrite(BASE, code(words));
            uc.emuStart(BASE, BASE + 4 * 31, 0, 0);
            for (int n = 1; n <= 31; n++) {
                assertEquals(n, uc.x(n), "x" + n);
            }
            assertEquals(0, uc.x(0));
            long[] state = new long[Unicorn.STATE_REGS];
            uc.readState(state);
            assertEquals(BASE + 4 * 31, state[0]);
            for (int n = 1; n <= 31; n++) {
                assertEquals(n, state[n]);
            }
        }
    }

    @Test
    void floatingPointRegisterIdsAndFcsr() {
        // fmv.d.x f<n>, x<n> for n = 1..31 after addi; fcvt.d.l ... keep it simple: fmv.d.x moves bits.
        int[] words = new int[62];
        for (int n = 1; n <= 31; n++) {
            words[2 * (n - 1)] = addi(n, 0, 100 + n);
            words[2 * (n - 1) + 1] = 0xF2000053 | n << 15 | n << 7;   // fmv.d.x fn, xn
        }
        try (Unicorn uc = Unicorn.open()) {
            uc.memMap(BASE, 0x1000, Unicorn.UC_PROT_ALL);
            uc.memWrite(BASE, code(words));
            uc.emuStart(BASE, BASE + 4L * words.length, 0, 0);
            for (int n = 1; n <= 31; n++) {
                assertEquals(100 + n, uc.f(n), "f" + n);
            }
            // fsflags / fcsr: csrrwi zero, fcsr, 0x1f -> fcsr = 0x1f ...
            uc.setFcsr(0);
            uc.memWrite(BASE, code(0x003FD073));                     // csrrwi zero,fcsr,31
            uc.emuStart(BASE, BASE + 4, 0, 0);
            assertEquals(31, uc.fcsr());
            uc.setF(3, 0x4000000000000000L);
            assertEquals(0x4000000000000000L, uc.f(3));
        }
    }

    @Test
    void ecallReachesTheInterruptHook() {
        List<Integer> causes = new ArrayList<>();
        List<Long> pcs = new ArrayList<>();
        try (Unicorn uc = Unicorn.open()) {
            uc.memMap(BASE, 0x1000, Unicorn.UC_PROT_ALL);
            uc.memWrite(BASE, code(addi(17, 0, 93), ecall(), addi(10, 0, 7)));
            uc.hookInterrupt((u, intno) -> {
                causes.add(intno);
                pcs.add(u.pc());
                u.emuStop();
            });
            uc.emuStart(BASE, -1L, 0, 0);
            assertEquals(1, causes.size());
            assertEquals(List.of(Unicorn.CAUSE_ECALL_U), causes, "an ecall is reported as cause 8, environment call from U-mode");
            assertEquals(BASE + 8, pcs.get(0), "Unicorn 2.0.1 has already moved the pc past the ecall");
            assertEquals(93, uc.x(17));
        }
    }

    @Test
    void emulationGoesOnAfterTheEcallHook() {
        try (Unicorn uc = Unicorn.open()) {
            uc.memMap(BASE, 0x1000, Unicorn.UC_PROT_ALL);
            uc.memWrite(BASE, code(ecall(), addi(10, 10, 7)));
            uc.hookInterrupt((u, intno) -> u.setX(10, 100));
            uc.emuStart(BASE, BASE + 8, 0, 0);
            assertEquals(107, uc.x(10));
        }
    }

    @Test
    void invalidMemoryHookCanMapThePage() {
        List<Long> faults = new ArrayList<>();
        try (Unicorn uc = Unicorn.open()) {
            uc.memMap(BASE, 0x1000, Unicorn.UC_PROT_ALL);
            // ld a0, 0(a1) with a1 = 0x40000 (unmapped)
            uc.memWrite(BASE, code(0x0005B503));
            uc.setX(11, 0x40008);
            uc.hookInvalidMemory((u, type, address, size, value) -> {
                faults.add(address);
                assertEquals(Unicorn.UC_MEM_READ_UNMAPPED, type);
                u.memMap(address & ~0xFFFL, 0x1000, Unicorn.UC_PROT_ALL);
                u.memWrite(address, code(0x12345678, 0));
                return true;
            });
            uc.emuStart(BASE, BASE + 4, 0, 0);
            assertEquals(List.of(0x40008L), faults);
            assertEquals(0x12345678L, uc.x(10));
        }
    }

    @Test
    void unmappedAccessWithoutHookIsAnError() {
        try (Unicorn uc = Unicorn.open()) {
            uc.memMap(BASE, 0x1000, Unicorn.UC_PROT_ALL);
            uc.memWrite(BASE, code(0x0005B503));
            uc.setX(11, 0x40000);
            UnicornException e = assertThrows(UnicornException.class, () -> uc.emuStart(BASE, BASE + 4, 0, 0));
            assertEquals(Unicorn.UC_ERR_READ_UNMAPPED, e.code());
            assertTrue(e.getMessage().contains("uc_emu_start"), e.getMessage());
        }
    }

    @Test
    void hookExceptionsAreRethrownByEmuStart() {
        try (Unicorn uc = Unicorn.open()) {
            uc.memMap(BASE, 0x1000, Unicorn.UC_PROT_ALL);
            uc.memWrite(BASE, code(ecall()));
            uc.hookInterrupt((u, intno) -> {
                throw new IllegalStateException("from the hook");
            });
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> uc.emuStart(BASE, -1L, 0, 0));
            assertEquals("from the hook", e.getMessage());
        }
    }

    @Test
    void memoryRoundTripAndErrors() {
        try (Unicorn uc = Unicorn.open()) {
            uc.memMap(BASE, 0x2000, Unicorn.UC_PROT_READ | Unicorn.UC_PROT_WRITE);
            byte[] data = new byte[0x1800];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (i * 7);
            }
            uc.memWrite(BASE + 0x100, data);
            assertArrayEquals(data, uc.memRead(BASE + 0x100, data.length));
            UnicornException e = assertThrows(UnicornException.class, () -> uc.memMap(BASE + 1, 0x1000, 7));
            assertEquals(Unicorn.UC_ERR_ARG, e.code());
            assertThrows(UnicornException.class, () -> uc.memRead(0x900000, 4));
            uc.memUnmap(BASE, 0x1000);
            assertThrows(UnicornException.class, () -> uc.memRead(BASE, 4));
        }
    }

    @Test
    void codeHookSeesEveryInstruction() {
        List<Long> seen = new ArrayList<>();
        try (Unicorn uc = Unicorn.open()) {
            uc.memMap(BASE, 0x1000, Unicorn.UC_PROT_ALL);
            uc.memWrite(BASE, code(addi(1, 0, 1), addi(2, 0, 2), addi(3, 0, 3)));
            uc.hookCode((u, address, size) -> seen.add(address), 1, 0);
            uc.emuStart(BASE, BASE + 12, 0, 0);
            assertEquals(List.of(BASE, BASE + 4, BASE + 8), seen);
        }
    }

    @Test
    void strerrorIsUnicornsText() {
        assertEquals("OK (UC_ERR_OK)", Unicorn.strerror(0));
    }
}
