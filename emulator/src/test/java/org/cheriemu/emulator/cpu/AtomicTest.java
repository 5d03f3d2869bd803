package org.cheriemu.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The A extension: LR/SC reservations and every AMO in both widths (unprivileged spec §8). */
class AtomicTest {
    static final long DATA = TestHart.BASE + 0x3000;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // name, funct5, memory before, rs2, memory after (width .w: low 32 bits, sign-extended rd)
        "amoswap.w, 1, 0x80000000, 0x12345678, 0x12345678",
        "amoadd.w, 0, 0x7FFFFFFF, 1, 0x80000000",
        "amoxor.w, 4, 0xF0F0F0F0, 0xFFFFFFFF, 0x0F0F0F0F",
        "amoand.w, 12, 0xF0F0F0F0, 0x0FF00FF0, 0x00F000F0",
        "amoor.w, 8, 0xF0000000, 0x0000000F, 0xF000000F",
        "amomin.w signed, 16, 0x80000000, 1, 0x80000000",
        "amomin.w, 16, 5, 0xFFFFFFFF, 0xFFFFFFFF",
        "amomax.w signed, 20, 0x80000000, 1, 1",
        "amomax.w negative, 20, 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFF",
        "amominu.w unsigned, 24, 0x80000000, 1, 1",
        "amominu.w, 24, 0xFFFFFFFF, 0x7FFFFFFF, 0x7FFFFFFF",
        "amomaxu.w unsigned, 28, 0x80000000, 1, 0x80000000",
        "amomaxu.w, 28, 5, 0xFFFFFFFF, 0xFFFFFFFF",
    })
    void amoWord(String name, int f5, String before, String src, String after) {
        long b = Long.parseUnsignedLong(before.substring(before.startsWith("0x") ? 2 : 0), before.startsWith("0x") ? 16 : 10);
        long s = Long.parseUnsignedLong(src.substring(src.startsWith("0x") ? 2 : 0), src.startsWith("0x") ? 16 : 10);
        long a = Long.parseUnsignedLong(after.substring(after.startsWith("0x") ? 2 : 0), after.startsWith("0x") ? 16 : 10);
        TestHart t = new TestHart();
        t.mem.store32(DATA, (int) b);
        t.mem.store32(DATA + 4, 0x5A5A5A5A);
        // upper bits of rs2 must not matter for .w
        t.x(1, DATA).x(2, s | 0xDEAD_0000_0000_0000L).emit(Asm.amo(f5, 2, 3, 1, 2));
        assertEquals(-1, t.step(1), name);
        assertEquals((long) (int) b, t.x(3), name + ": rd is the old value, sign-extended");
        assertEquals((int) a, t.mem.load32(DATA), name + ": memory");
        assertEquals(0x5A5A5A5A, t.mem.load32(DATA + 4), name + ": neighbour untouched");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "amoswap.d, 1, 0x8000000000000000, 7, 7",
        "amoadd.d, 0, 0x7FFFFFFFFFFFFFFF, 1, 0x8000000000000000",
        "amoxor.d, 4, 0xFF, 0x0F, 0xF0",
        "amoand.d, 12, 0xFF00, 0x0FF0, 0x0F00",
        "amoor.d, 8, 0xF000000000000000, 1, 0xF000000000000001",
        "amomin.d, 16, 0x8000000000000000, 1, 0x8000000000000000",
        "amomax.d, 20, 0x8000000000000000, 1, 1",
        "amominu.d, 24, 0x8000000000000000, 1, 1",
        "amomaxu.d, 28, 0x8000000000000000, 1, 0x8000000000000000",
    })
    void amoDouble(String name, int f5, String before, String src, String after) {
        long b = Long.parseUnsignedLong(before.replace("0x", ""), 16);
        long s = Long.parseUnsignedLong(src.replace("0x", ""), 16);
        long a = Long.parseUnsignedLong(after.replace("0x", ""), 16);
        TestHart t = new TestHart();
        t.mem.store64(DATA, b);
        t.x(1, DATA).x(2, s).emit(Asm.amo(f5, 3, 3, 1, 2));
        assertEquals(-1, t.step(1), name);
        assertEquals(b, t.x(3), name);
        assertEquals(a, t.mem.load64(DATA), name);
    }

    @Test
    void lrScSucceedsOnlyWithItsReservation() {
        TestHart t = new TestHart();
        t.mem.store64(DATA, -5);
        t.x(1, DATA).x(2, 99)
                .emit(Asm.amo(2, 2, 3, 1, 0))     // lr.w x3, (x1)
                .emit(Asm.amo(3, 2, 4, 1, 2))     // sc.w x4, x2, (x1): succeeds
                .emit(Asm.amo(3, 2, 5, 1, 2))     // sc.w again: no reservation, fails
                .emit(Asm.amo(2, 3, 6, 1, 0))     // lr.d
                .emit(Asm.store(3, 0, 1, 0))      // sd zero, 0(x1): changes the reserved value
                .emit(Asm.amo(3, 3, 7, 1, 2));    // sc.d fails
        assertEquals(-1, t.step(6));
        assertEquals(-5L, t.x(3), "lr.w sign-extends");
        assertEquals(0L, t.x(4), "sc.w success writes 0");
        assertEquals(1L, t.x(5), "sc.w without reservation fails");
        assertEquals(0xFFFF_FFFF_0000_0063L, t.x(6), "lr.d");
        assertEquals(1L, t.x(7), "sc.d after an intervening store fails");
        assertEquals(0L, t.mem.load64(DATA));
    }

    @Test
    void scToAnotherAddressFails() {
        TestHart t = new TestHart();
        t.x(1, DATA).x(8, DATA + 8).x(2, 1)
                .emit(Asm.amo(2, 3, 3, 1, 0))     // lr.d x3, (x1)
                .emit(Asm.amo(3, 3, 4, 8, 2));    // sc.d x4, x2, (x8)
        assertEquals(-1, t.step(2));
        assertEquals(1L, t.x(4));
        assertEquals(0L, t.mem.load64(DATA + 8));
    }

    @Test
    void misalignedAtomicsRaiseAddressMisaligned() {
        TestHart t = new TestHart(true);
        t.x(1, DATA + 2).emit(Asm.amo(0, 2, 3, 1, 2));
        assertEquals(1006, t.step(1), "amoadd.w at +2: store/AMO address misaligned");
        assertEquals(DATA + 2, t.tval);
        TestHart l = new TestHart(true);
        l.x(1, DATA + 4).emit(Asm.amo(2, 3, 3, 1, 0));
        assertEquals(1004, l.step(1), "lr.d at +4: load address misaligned");
        TestHart s = new TestHart(true);
        s.x(1, DATA + 1).emit(Asm.amo(3, 2, 3, 1, 0));
        assertEquals(1006, s.step(1), "sc.w misaligned");
    }
}
