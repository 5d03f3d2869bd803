package org.cheriemu.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tricky integer semantics, executed on a hart (RV64IM, unprivileged spec §2, §4, §13). */
class IntegerInstructionTest {
    static final long MIN = Long.MIN_VALUE;

    /** Executes one R-type instruction x3 = x1 op x2 and returns x3. */
    static long rr(int word, long a, long b) {
        TestHart t = new TestHart().x(1, a).x(2, b).emit(word);
        assertEquals(-1, t.step(1));
        return t.x(3);
    }

    static long m(int f3, long a, long b) {
        return rr(Asm.op(1, f3, 3, 1, 2), a, b);
    }

    static long mw(int f3, long a, long b) {
        return rr(Asm.op32(1, f3, 3, 1, 2), a, b);
    }

    @Test
    void divisionByZero() {
        assertEquals(-1L, m(4, 42, 0), "div");
        assertEquals(-1L, m(5, 42, 0), "divu");
        assertEquals(42L, m(6, 42, 0), "rem");
        assertEquals(-42L, m(7, -42, 0), "remu returns the dividend");
        assertEquals(-1L, mw(4, 42, 0), "divw");
        assertEquals(-1L, mw(5, 42, 0), "divuw: all ones");
        assertEquals(-7L, mw(6, 0xFFFF_FFF9L, 0), "remw: sign-extended dividend");
        assertEquals(-7L, mw(7, 0x1_FFFF_FFF9L, 0), "remuw: sign-extended low word of the dividend");
    }

    @Test
    void signedOverflow() {
        assertEquals(MIN, m(4, MIN, -1), "div overflow");
        assertEquals(0L, m(6, MIN, -1), "rem overflow");
        assertEquals((long) Integer.MIN_VALUE, mw(4, Integer.MIN_VALUE, -1), "divw overflow");
        assertEquals(0L, mw(6, Integer.MIN_VALUE, -1), "remw overflow");
    }

    @Test
    void divisionSigns() {
        assertEquals(-2L, m(4, -7, 3));
        assertEquals(-1L, m(6, -7, 3));
        assertEquals(2L, m(6, 7, -5));
        assertEquals(0x5555_5555_5555_5553L, m(5, -7, 3), "divu");
        assertEquals(0L, m(7, -7, 3), "remu: 2^64-7 is a multiple of 3");
        assertEquals(2L, m(7, -8, 3), "remu");
        assertEquals(0x5555_5553L, mw(5, -7, 3), "divuw positive result");
        assertEquals(-1L, mw(5, -1, 1), "divuw sign-extends bit 31");
        assertEquals(-2L, mw(4, 0x1_FFFF_FFF9L, 3), "divw ignores the upper word");
    }

    @Test
    void multiplyHigh() {
        assertEquals(0L, m(1, 2, 3), "mulh small");
        assertEquals(-1L, m(1, -2, 3), "mulh negative");
        assertEquals(0x3FFF_FFFF_FFFF_FFFFL, m(1, MIN + 1, MIN + 1), "mulh");
        assertEquals(0x4000_0000_0000_0000L, m(1, MIN, MIN), "mulh min*min");
        assertEquals(-2L, m(3, -1, -1) , "mulhu (2^64-1)^2 high = 2^64-2");
        assertEquals(1L, m(3, MIN, 2), "mulhu");
        assertEquals(-1L, m(2, -1, -1), "mulhsu: -1 * (2^64-1)");
        assertEquals(0L, m(2, 1, -1), "mulhsu: 1 * (2^64-1)");
        assertEquals(1L, m(2, 2, MIN), "mulhsu: 2 * 2^63");
        assertEquals(-1L, m(2, -2, MIN), "mulhsu: -2 * 2^63");
        assertEquals(6L, m(0, 2, 3), "mul");
        assertEquals((long) (0x12345678 * 0x9abcdef0), mw(0, 0x7_1234_5678L, 0x9abc_def0L), "mulw sign-extends");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // name, f7, f3, a, b, expected
        "sllw, 0, 1, 0x00000000_80000001, 33, 0x00000000_00000002",
        "sllw sign, 0, 1, 0x1, 31, 0xFFFFFFFF_80000000",
        "srlw, 0, 5, 0xFFFFFFFF_80000000, 4, 0x00000000_08000000",
        "srlw by 0 sign-extends, 0, 5, 0x00000000_80000000, 32, 0xFFFFFFFF_80000000",
        "sraw, 32, 5, 0x00000000_80000000, 4, 0xFFFFFFFF_F8000000",
        "addw wraps, 0, 0, 0x00000000_7FFFFFFF, 1, 0xFFFFFFFF_80000000",
        "subw, 32, 0, 0x00000001_00000000, 1, 0xFFFFFFFF_FFFFFFFF",
    })
    void wordOps(String name, int f7, int f3, String a, String b, String expected) {
        assertEquals(parse(expected), rr(Asm.op32(f7, f3, 3, 1, 2), parse(a), parse(b)), name);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "sll uses 6 bits, 0, 1, 1, 65, 2",
        "srl, 0, 5, 0x80000000_00000000, 63, 1",
        "sra, 32, 5, 0x80000000_00000000, 63, 0xFFFFFFFF_FFFFFFFF",
        "slt, 0, 2, 0xFFFFFFFF_FFFFFFFF, 0, 1",
        "sltu, 0, 3, 0xFFFFFFFF_FFFFFFFF, 0, 0",
    })
    void registerOps(String name, int f7, int f3, String a, String b, String expected) {
        assertEquals(parse(expected), rr(Asm.op(f7, f3, 3, 1, 2), parse(a), parse(b)), name);
    }

    static long parse(String s) {
        s = s.replace("_", "");
        return s.startsWith("0x") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
    }

    @Test
    void immediateShiftsAndSignExtension() {
        TestHart t = new TestHart().x(1, 0x8000_0000L)
                .emit(Asm.i(0x400 | 63, 1, 5, 2, 0x13))     // srai x2, x1, 63
                .emit(Asm.i(31, 1, 1, 3, 0x1B))             // slliw x3, x1, 31 -> 0
                .emit(Asm.i(0x400 | 1, 1, 5, 4, 0x1B))      // sraiw x4, x1, 1 (bit 31 set: sign)
                .emit(Asm.addiw(5, 1, -1))                  // addiw x5, x1, -1 = 0x7fffffff
                .emit(Asm.addiw(6, 1, 0))                   // sext.w
                .emit(Asm.addi(7, 0, -2048));
        assertEquals(-1, t.step(6));
        assertEquals(0L, t.x(2));
        assertEquals(0L, t.x(3));
        assertEquals(0xFFFF_FFFF_C000_0000L, t.x(4));
        assertEquals(0x7FFF_FFFFL, t.x(5));
        assertEquals(0xFFFF_FFFF_8000_0000L, t.x(6));
        assertEquals(-2048L, t.x(7));
    }

    @Test
    void loadsSignAndZeroExtend() {
        TestHart t = new TestHart();
        long d = TestHart.BASE + 0x1000;
        t.mem.store64(d, 0x8081_8283_8485_8687L);
        t.x(1, d)
                .emit(Asm.load(0, 2, 1, 0))   // lb
                .emit(Asm.load(4, 3, 1, 0))   // lbu
                .emit(Asm.load(1, 4, 1, 0))   // lh
                .emit(Asm.load(5, 5, 1, 0))   // lhu
                .emit(Asm.load(2, 6, 1, 4))   // lw
                .emit(Asm.load(6, 7, 1, 4))   // lwu
                .emit(Asm.load(3, 8, 1, 1));  // ld, misaligned: performed
        assertEquals(-1, t.step(7));
        assertEquals((long) (byte) 0x87, t.x(2));
        assertEquals(0x87L, t.x(3));
        assertEquals((long) (short) 0x8687, t.x(4));
        assertEquals(0x8687L, t.x(5));
        assertEquals((long) 0x80818283, t.x(6));
        assertEquals(0x80818283L, t.x(7));
        assertEquals(0x0080_8182_8384_8586L, t.x(8));
    }

    @Test
    void misalignedStoreAcrossPagesIsPerformed() {
        TestHart t = new TestHart();
        long d = TestHart.BASE + 0x2000 - 3;
        t.x(1, d).x(2, 0x1122_3344_5566_7788L).emit(Asm.store(3, 2, 1, 0)).emit(Asm.load(3, 3, 1, 0));
        assertEquals(-1, t.step(2));
        assertEquals(0x1122_3344_5566_7788L, t.x(3));
        assertEquals(0x88, t.mem.load8(d));
        assertEquals(0x11, t.mem.load8(d + 7));
    }

    @Test
    void x0IsHardwiredToZero() {
        TestHart t = new TestHart().emit(Asm.addi(0, 0, 5)).emit(Asm.addi(1, 0, 0));
        assertEquals(-1, t.step(2));
        assertEquals(0L, t.x(0));
        assertEquals(0L, t.x(1));
    }

    @Test
    void jalrClearsBitZeroAndLinks() {
        TestHart t = new TestHart().x(1, TestHart.BASE + 9)
                .emit(Asm.i(0, 1, 0, 5, 0x67))         // jalr t0, 0(x1) -> BASE+8
                .emit(Asm.addi(6, 0, 1))
                .emit(Asm.addi(7, 0, 2));
        assertEquals(-1, t.step(2));
        assertEquals(TestHart.BASE + 4, t.x(5));
        assertEquals(0L, t.x(6));
        assertEquals(2L, t.x(7));
    }
}
