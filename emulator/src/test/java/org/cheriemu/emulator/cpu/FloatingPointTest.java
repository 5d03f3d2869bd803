package org.cheriemu.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What the hart (not the FPU) does for F/D: NaN-boxing, sign injection, moves, rm, fcsr, FS. */
class FloatingPointTest {
    static final long BOX = 0xFFFF_FFFF_0000_0000L;

    /** OP-FP: funct7, rs2, rs1, rm, rd. */
    static int fp(int f7, int rs2, int rs1, int rm, int rd) {
        return Asm.r(f7, rs2, rs1, rm, rd, 0x53);
    }

    static TestHart linux() {
        return new TestHart(true);       // FS is on for a Linux process
    }

    @Test
    void singlesReadFromUnboxedRegistersAreTheCanonicalNaN() {
        TestHart t = linux();
        t.hart.setF(1, 0x0000_0000_3F80_0000L);             // 1.0f, not boxed
        t.hart.setF(2, BOX | 0x3F80_0000L);                 // 1.0f, boxed
        t.emit(fp(0x10, 1, 1, 0, 3))                        // fsgnj.s f3, f1, f1 (fmv.s)
                .emit(fp(0x10, 2, 2, 0, 4))                 // fmv.s f4, f2
                .emit(fp(0x70, 0, 1, 0, 10));               // fmv.x.w a0, f1: raw bits, no unboxing
        assertEquals(-1, t.step(3));
        assertEquals(BOX | 0x7FC0_0000L, t.hart.getF(3));
        assertEquals(BOX | 0x3F80_0000L, t.hart.getF(4));
        assertEquals(0x3F80_0000L, t.x(10));
    }

    @Test
    void signInjection() {
        TestHart t = linux();
        t.hart.setF(1, BOX | 0x3F80_0000L);                 // +1.0f
        t.hart.setF(2, BOX | 0xC000_0000L);                 // -2.0f
        t.hart.setF(5, 0x3FF0_0000_0000_0000L);             // +1.0
        t.hart.setF(6, 0xC000_0000_0000_0000L);             // -2.0
        t.emit(fp(0x10, 2, 1, 0, 3))                        // fsgnj.s  -> -1
                .emit(fp(0x10, 2, 1, 1, 4))                 // fsgnjn.s -> +1
                .emit(fp(0x10, 2, 2, 2, 7))                 // fsgnjx.s f7, f2, f2 (fabs) -> +2
                .emit(fp(0x11, 6, 5, 0, 8))                 // fsgnj.d  -> -1.0
                .emit(fp(0x11, 6, 6, 1, 9));                // fneg.d   -> +2.0
        assertEquals(-1, t.step(5));
        assertEquals(BOX | 0xBF80_0000L, t.hart.getF(3));
        assertEquals(BOX | 0x3F80_0000L, t.hart.getF(4));
        assertEquals(BOX | 0x4000_0000L, t.hart.getF(7));
        assertEquals(0xBFF0_0000_0000_0000L, t.hart.getF(8));
        assertEquals(0x4000_0000_0000_0000L, t.hart.getF(9));
    }

    @Test
    void movesAndLoadsBox() {
        TestHart t = linux();
        long d = TestHart.BASE + 0x4000;
        t.mem.store64(d, 0x1122_3344_8899_AABBL);
        t.x(1, d).x(2, 0xFFFF_FFFF_8000_0001L)
                .emit(Asm.i(0, 1, 2, 3, 0x07))              // flw f3, 0(x1)
                .emit(Asm.i(0, 1, 3, 4, 0x07))              // fld f4, 0(x1)
                .emit(fp(0x78, 0, 2, 0, 5))                 // fmv.w.x f5, x2
                .emit(fp(0x70, 0, 4, 0, 11))                // fmv.x.w a1, f4 (low word, sign-extended)
                .emit(fp(0x71, 0, 4, 0, 12))                // fmv.x.d a2, f4
                .emit(Asm.s(8, 3, 1, 2, 0x27));             // fsw f3, 8(x1)
        assertEquals(-1, t.step(6));
        assertEquals(BOX | 0x8899_AABBL, t.hart.getF(3));
        assertEquals(0x1122_3344_8899_AABBL, t.hart.getF(4));
        assertEquals(BOX | 0x8000_0001L, t.hart.getF(5));
        assertEquals(0xFFFF_FFFF_8899_AABBL, t.x(11));
        assertEquals(0x1122_3344_8899_AABBL, t.x(12));
        assertEquals(0x8899_AABB, t.mem.load32(d + 8));
    }

    @Test
    void invalidRoundingModesAreIllegal() {
        TestHart t = linux();
        t.emit(fp(0x01, 2, 1, 5, 3));                       // fadd.d with rm = 5
        assertEquals(1002, t.step(1));
        TestHart u = linux().x(1, 6);
        u.emit(Asm.csr(1, 0, 0x002, 1))                     // frm = 6 (invalid)
                .emit(fp(0x01, 2, 1, 7, 3));                // fadd.d dyn
        assertEquals(1002, u.step(2));
        TestHart v = linux().x(1, 1);
        v.emit(Asm.csr(1, 0, 0x002, 1))                     // frm = RTZ
                .emit(fp(0x01, 2, 1, 7, 3))                 // fadd.d dyn: fine
                .emit(fp(0x10, 2, 1, 5, 4));                // fsgnj has no rm field: funct3 5 is no instruction
        assertEquals(1002, v.step(3));
        assertEquals(0L, v.hart.getF(3));
    }

    @Test
    void flagsAccumulateInFcsr() {
        TestHart t = linux();
        t.hart.setF(1, 0x3FF0_0000_0000_0000L);             // 1.0
        t.hart.setF(2, 0L);                                 // 0.0
        t.x(5, 0x20 | 0x3)
                .emit(fp(0x0D, 2, 1, 0, 3))                 // fdiv.d f3 = 1/0 -> DZ
                .emit(Asm.csr(2, 10, 0x001, 0))             // frflags a0
                .emit(Asm.csr(1, 11, 0x003, 5))             // fscsr a1, t0: fcsr = rm 1, flags 3
                .emit(Asm.csr(2, 12, 0x002, 0))             // frrm a2
                .emit(Asm.csr(2, 13, 0x001, 0));            // frflags a3
        assertEquals(-1, t.step(5));
        assertEquals(0x7FF0_0000_0000_0000L, t.hart.getF(3));
        assertEquals(8L, t.x(10), "DZ");
        assertEquals(8L, t.x(11), "old fcsr");
        assertEquals(1L, t.x(12));
        assertEquals(3L, t.x(13));
    }

    @Test
    void integerConversionsSignExtendWordResults() {
        TestHart t = linux();
        t.hart.setF(1, Double.doubleToRawLongBits(3e9));
        t.x(2, -1)
                .emit(fp(0x61, 1, 1, 1, 10))                // fcvt.wu.d a0, f1, rtz: 3e9 -> 0xB2D05E00, sign-extended
                .emit(fp(0x61, 0, 1, 1, 11))                // fcvt.w.d a1, f1: saturates to INT_MAX
                .emit(fp(0x69, 1, 2, 0, 3));                // fcvt.d.wu f3, x2: 4294967295.0
        assertEquals(-1, t.step(3));
        assertEquals(0xFFFF_FFFF_B2D0_5E00L, t.x(10));
        assertEquals(0x7FFF_FFFFL, t.x(11));
        assertEquals(4294967295.0, Double.longBitsToDouble(t.hart.getF(3)));
    }
}
