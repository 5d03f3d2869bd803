package org.cheriemu.emulator.oracle;

import org.cheriemu.emulator.testing.GuestManifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.cheriemu.emulator.nativelib.NativeTestSupport;
import org.cheriemu.emulator.nativelib.Unicorn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Evidence for {@link UnicornErrata}: each case reproduced on Unicorn directly (if Unicorn is
 * fixed, these fail and the erratum should go), and the guests that show them: the Unicorn
 * engine's output departs from qemu-riscv64's recorded output (guest-programs/expected) on
 * exactly the lines of these cases, where our interpreter agrees with qemu.
 */
class UnicornErrataTest {

    /** Guests whose stdout on Unicorn shows an erratum. */
    static final Set<String> GUESTS_SHOWING_ERRATA = Set.of("atomics", "fp");

    static final long BASE = 0x10000, DATA = 0x20000;

    @BeforeEach
    void needsUnicorn() {
        NativeTestSupport.requireUnicorn();
    }

    static Unicorn machine(int... words) {
        Unicorn uc = Unicorn.open();
        uc.memMap(BASE, 0x1000, Unicorn.UC_PROT_ALL);
        uc.memMap(DATA, 0x1000, Unicorn.UC_PROT_ALL);
        ByteBuffer b = ByteBuffer.allocate(words.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int w : words) {
            b.putInt(w);
        }
        uc.memWrite(BASE, b.array());
        return uc;
    }

    static int word(Unicorn uc, long address) {
        return ByteBuffer.wrap(uc.memRead(address, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    static void run(Unicorn uc, int count) {
        uc.emuStart(BASE, BASE + 4L * count, 0, 0);
    }

    @Test
    void amoWordMinMaxCompareSixtyFourBitValues() {
        // amomax.w a0, a2, (a1): memory -5, a2 = 3: the spec (and qemu-riscv64) store 3.
        int amomaxW = 0xA0C5A52F, amominW = 0x80C5A52F;
        try (Unicorn uc = machine(amomaxW)) {
            uc.memWrite(DATA, new byte[] {(byte) 0xFB, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
            uc.setX(11, DATA);
            uc.setX(12, 3);
            run(uc, 1);
            assertEquals(-5, uc.x(10), "rd gets the old value (right)");
            assertEquals(-5, word(uc, DATA), "Unicorn 2.0.1 leaves -5 where max(-5, 3) = 3 should be stored");
        }
        try (Unicorn uc = machine(amominW)) {
            uc.memWrite(DATA, new byte[] {(byte) 0xFB, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
            uc.setX(11, DATA);
            uc.setX(12, 3);
            run(uc, 1);
            assertEquals(3, word(uc, DATA), "Unicorn 2.0.1 stores 3 where min(-5, 3) = -5 should be stored");
        }
    }

    @Test
    void singleResultsAreNotNanBoxed() {
        // fmv.w.x fa0, a0 with a0 = 0x40800000 (4.0f): f registers must hold 0xffffffff40800000.
        try (Unicorn uc = machine(0xF0050553)) {
            uc.setX(10, 0x40800000L);
            run(uc, 1);
            assertEquals(0x0000000040800000L, uc.f(10), "Unicorn 2.0.1 leaves the upper half zero");
        }
    }

    @Test
    void unboxedSingleInputIsUsedAsANumber() {
        // fadd.s fa0, fa1, fa1 with fa1 = 0x000000003f800000 (not boxed): the input is the canonical NaN.
        try (Unicorn uc = machine(0x00B5F553)) {
            uc.setF(11, 0x3F800000L);
            run(uc, 1);
            assertEquals(0x40000000L, uc.f(10) & 0xFFFFFFFFL, "Unicorn 2.0.1 computes 1 + 1 (spec: canonical NaN 7fc00000)");
        }
    }

    @Test
    void fminWithSignalingNanReturnsCanonicalNan() {
        // fmin.d fa0, fa1, fa2 with fa1 = sNaN, fa2 = 1.0: the spec's result is 1.0.
        try (Unicorn uc = machine(0x2AC58553)) {
            uc.setF(11, 0x7FF0000000000001L);
            uc.setF(12, 0x3FF0000000000000L);
            run(uc, 1);
            assertEquals(0x7FF8000000000000L, uc.f(10), "Unicorn 2.0.1 returns the canonical NaN");
        }
    }

    @Test
    void fmaInfTimesZeroPlusQuietNanRaisesNoInvalid() {
        // fmadd.d fa0, fa1, fa2, fa3 (rm = dyn) with inf * 0 + qNaN: the spec sets NV (fflags bit 4).
        try (Unicorn uc = machine(0x6AC5F543)) {
            uc.setFcsr(0);
            uc.setF(11, 0x7FF0000000000000L);
            uc.setF(12, 0L);
            uc.setF(13, 0x7FF8000000000000L);
            run(uc, 1);
            assertEquals(0, uc.fcsr() & 0x10, "Unicorn 2.0.1 does not set NV");
        }
    }

    @Test
    void rdtimeIsIllegal(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        int rdtimeA1 = 0xC01025F3;
        try (Unicorn uc = machine(rdtimeA1)) {
            int[] cause = {-1};
            uc.hookInterrupt((u, intno) -> {
                cause[0] = intno;
                u.emuStop();
            });
            run(uc, 1);
            assertEquals(2, cause[0], "Unicorn 2.0.1 raises illegal instruction on rdtime");
        }
        // qemu-riscv64 runs it: rdtime a1; exit(a1 == 0)
        java.nio.file.Path elf = tmp.resolve("rdtime");
        java.nio.file.Files.write(elf, new org.cheriemu.emulator.loader.MiniElf(rdtimeA1,
                0x0015B513,          // sltiu a0, a1, 1
                0x05D00893,          // li a7, 93
                0x00000073).bytes()); // ecall
        assertTrue(elf.toFile().setExecutable(true), "qemu-riscv64 runs only executable files");
        Process p = new ProcessBuilder("qemu-riscv64", elf.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "qemu-riscv64 reads a nonzero time: " + out);
    }

    /**
     * The second oracle: on the guests, Unicorn departs from qemu-riscv64's recorded output on
     * exactly the erratum lines, and our interpreter does not depart at all.
     */
    @Test
    void guestLinesWhereUnicornDepartsFromQemuAreTheErrata() throws Exception {
        for (GuestManifest.Case c : Guests.manifest()) {
            if (!GUESTS_SHOWING_ERRATA.contains(c.name())) {
                continue;
            }
            String qemu = c.expectedStdout();
            assertEquals(qemu, Guests.interpreter(c).stdout(), c.name() + ": our interpreter vs qemu-riscv64");
            List<String> departing = departingLines(qemu, Guests.unicorn(c).stdout());
            assertTrue(!departing.isEmpty(), c.name() + ": Unicorn shows no erratum any more: revise UnicornErrata");
            for (String line : departing) {
                assertTrue(line.startsWith("amomin   .w") || line.startsWith("amomax   .w")
                        || line.startsWith("amominu  .w") || line.startsWith("amomaxu  .w")
                        || line.startsWith("fmin.d     7ff0000000000001") || line.startsWith("fadd.s of an unboxed value")
                        || line.startsWith("fmadd inf*0+qnan"),
                        c.name() + ": Unicorn departs from qemu-riscv64 on a line no erratum explains: " + line);
            }
        }
    }

    private static List<String> departingLines(String expected, String actual) {
        String[] e = expected.split("\n", -1), a = actual.split("\n", -1);
        assertEquals(e.length, a.length, "line count");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < e.length; i++) {
            if (!e[i].equals(a[i])) {
                out.add(e[i]);
            }
        }
        return out;
    }
}
