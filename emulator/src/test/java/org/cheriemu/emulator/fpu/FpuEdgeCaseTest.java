package org.cheriemu.emulator.fpu;

import static org.cheriemu.emulator.fpu.Fpu.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Hand-picked cases from the RISC-V F/D chapters and IEEE 754, with expected values written out. */
class FpuEdgeCaseTest {
    static final long PINF = 0x7ff0000000000000L, NINF = 0xfff0000000000000L;
    static final long PZERO = 0, NZERO = 0x8000000000000000L;
    static final long QNAN = 0x7ff8000000000123L, SNAN = 0x7ff0000000000001L, NEG_QNAN = 0xfff8000000000000L;
    static final long ONE = d(1.0), TWO = d(2.0), MAX = 0x7fefffffffffffffL, MIN_NORMAL = 0x0010000000000000L;
    static final long MIN_SUB = 1, MAX_SUB = 0x000fffffffffffffL;
    static final int PINF32 = 0x7f800000, NINF32 = 0xff800000, QNAN32 = 0x7fc00001, SNAN32 = 0x7f800001;
    static final int MAX32 = 0x7f7fffff;

    static long d(double x) { return Double.doubleToRawLongBits(x); }
    static int f(float x) { return Float.floatToRawIntBits(x); }

    Fpu fpu = new Fpu();

    /** Asserts the flags raised since the last check, then clears them. */
    void flags(int expected) {
        assertEquals(FpuTestSupport.flagString(expected), FpuTestSupport.flagString(fpu.flags));
        fpu.flags = 0;
    }

    void eq64(long expected, long actual) { assertEquals(Long.toHexString(expected), Long.toHexString(actual)); }
    void eq32(int expected, int actual) { assertEquals(Integer.toHexString(expected), Integer.toHexString(actual)); }

    @Test
    void flagsAccumulate() {
        fpu.flags = NV;
        fpu.div64(ONE, d(3.0), RNE);
        fpu.add64(ONE, ONE, RNE); // exact: clears nothing
        flags(NV | NX);
        fpu.div64(ONE, PZERO, RNE);
        fpu.mul64(MIN_SUB, d(0.5), RNE);
        flags(DZ | UF | NX);
    }

    @Test
    void canonicalNaNForEveryNaNResult() {
        eq64(CANONICAL_NAN64, fpu.add64(QNAN, ONE, RNE)); flags(0);
        eq64(CANONICAL_NAN64, fpu.add64(NEG_QNAN, ONE, RNE)); flags(0);
        eq64(CANONICAL_NAN64, fpu.mul64(SNAN, ONE, RNE)); flags(NV);
        eq64(CANONICAL_NAN64, fpu.add64(PINF, NINF, RNE)); flags(NV);
        eq64(CANONICAL_NAN64, fpu.sub64(PINF, PINF, RNE)); flags(NV);
        eq64(CANONICAL_NAN64, fpu.mul64(PZERO, NINF, RNE)); flags(NV);
        eq64(CANONICAL_NAN64, fpu.div64(PZERO, NZERO, RNE)); flags(NV);
        eq64(CANONICAL_NAN64, fpu.div64(PINF, NINF, RNE)); flags(NV);
        eq64(CANONICAL_NAN64, fpu.sqrt64(d(-1.0), RNE)); flags(NV);
        eq64(CANONICAL_NAN64, fpu.sqrt64(NINF, RNE)); flags(NV);
        eq64(CANONICAL_NAN64, fpu.sqrt64(NEG_QNAN, RNE)); flags(0);
        eq32(CANONICAL_NAN32, fpu.add32(QNAN32, f(1f), RNE)); flags(0);
        eq32(CANONICAL_NAN32, fpu.div32(SNAN32, f(1f), RNE)); flags(NV);
        eq32(CANONICAL_NAN32, fpu.doubleToSingle(QNAN, RNE)); flags(0);
        eq32(CANONICAL_NAN32, fpu.doubleToSingle(SNAN, RNE)); flags(NV);
        eq64(CANONICAL_NAN64, fpu.singleToDouble(QNAN32)); flags(0);
        eq64(CANONICAL_NAN64, fpu.singleToDouble(SNAN32)); flags(NV);
    }

    @Test
    void fmaInfinityTimesZeroIsInvalidEvenWithQuietNaNAddend() {
        // F chapter: "The fused multiply-add instructions must set the invalid operation exception
        // flag when the multiplicands are inf and zero, even when the addend is a quiet NaN."
        eq64(CANONICAL_NAN64, fpu.fmadd64(PINF, PZERO, QNAN, RNE)); flags(NV);
        eq64(CANONICAL_NAN64, fpu.fmsub64(NZERO, NINF, QNAN, RNE)); flags(NV);
        eq64(CANONICAL_NAN64, fpu.fnmadd64(PZERO, PINF, ONE, RNE)); flags(NV);
        eq32(CANONICAL_NAN32, fpu.fnmsub32(PINF32, 0, QNAN32, RNE)); flags(NV);
        // a quiet NaN multiplicand with a finite other operand: no flag
        eq64(CANONICAL_NAN64, fpu.fmadd64(QNAN, PZERO, ONE, RNE)); flags(0);
        eq64(CANONICAL_NAN64, fpu.fmadd64(ONE, ONE, SNAN, RNE)); flags(NV);
        // inf*x + -inf is invalid, inf*x + inf is inf
        eq64(CANONICAL_NAN64, fpu.fmadd64(PINF, ONE, NINF, RNE)); flags(NV);
        eq64(PINF, fpu.fmadd64(PINF, ONE, PINF, RNE)); flags(0);
        eq64(NINF, fpu.fnmadd64(PINF, ONE, PINF, RNE)); flags(0);
    }

    @Test
    void fusedOpsNegateTheProductNotTheSum() {
        // -(a*b) - c with a*b = +0, c = -0: (-0) - (-0) = (-0) + (+0) = +0 in RNE, -0 in RDN
        eq64(PZERO, fpu.fnmadd64(PZERO, ONE, NZERO, RNE)); flags(0);
        eq64(NZERO, fpu.fnmadd64(PZERO, ONE, NZERO, RDN)); flags(0);
        // -(a*b) - c with a*b = +0, c = +0: -0 - +0 = -0 in all modes
        eq64(NZERO, fpu.fnmadd64(PZERO, ONE, PZERO, RNE)); flags(0);
        eq64(NZERO, fpu.fnmsub64(PZERO, ONE, NZERO, RUP)); flags(0);
        eq64(PZERO, fpu.fmsub64(PZERO, ONE, NZERO, RNE)); flags(0);
        eq64(d(-5.0), fpu.fnmsub64(TWO, d(3.0), ONE, RNE)); flags(0); // -(2*3) + 1
        eq64(d(-7.0), fpu.fnmadd64(TWO, d(3.0), ONE, RNE)); flags(0); // -(2*3) - 1
        eq64(d(5.0), fpu.fmsub64(TWO, d(3.0), ONE, RNE)); flags(0);
        // exact cancellation of a non-zero product: +0 except RDN
        eq64(PZERO, fpu.fmadd64(TWO, d(3.0), d(-6.0), RUP)); flags(0);
        eq64(NZERO, fpu.fmadd64(TWO, d(3.0), d(-6.0), RDN)); flags(0);
    }

    @Test
    void fmaIsFused() {
        // (1 + 2^-30)^2 - 1 = 2^-29 + 2^-60 exactly, which a separate multiply would lose
        long a = d(1.0 + 0x1p-30);
        eq64(d(0x1p-29 + 0x1p-60), fpu.fmadd64(a, a, d(-1.0), RNE)); flags(0);
        eq64(d(0x1p-29), fpu.sub64(fpu.mul64(a, a, RNE), ONE, RNE)); flags(NX);
        // (1 + 2^-52)^2 - 1 = 2^-51 + 2^-104 needs 54 bits: rounded once
        long b = d(1.0 + 0x1p-52);
        eq64(d(0x1p-51), fpu.fmadd64(b, b, d(-1.0), RNE)); flags(NX);
        eq64(d(0x1p-51 + 0x1p-103), fpu.fmadd64(b, b, d(-1.0), RUP)); flags(NX);
    }

    @Test
    void minMaxFollowMinimumNumberWithSignedZeros() {
        eq64(NZERO, fpu.min64(PZERO, NZERO)); flags(0);
        eq64(NZERO, fpu.min64(NZERO, PZERO)); flags(0);
        eq64(PZERO, fpu.max64(NZERO, PZERO)); flags(0);
        eq64(PZERO, fpu.max64(PZERO, NZERO)); flags(0);
        eq64(ONE, fpu.min64(QNAN, ONE)); flags(0);
        eq64(ONE, fpu.max64(ONE, QNAN)); flags(0);
        // signalling NaN: NV even though the result is the other operand
        eq64(ONE, fpu.min64(SNAN, ONE)); flags(NV);
        eq64(NINF, fpu.max64(NINF, SNAN)); flags(NV);
        eq64(CANONICAL_NAN64, fpu.min64(QNAN, NEG_QNAN)); flags(0);
        eq64(CANONICAL_NAN64, fpu.max64(SNAN, QNAN)); flags(NV);
        eq32(0x80000000, fpu.min32(0, 0x80000000)); flags(0);
        eq32(f(-1f), fpu.max32(SNAN32, f(-1f))); flags(NV);
        eq32(CANONICAL_NAN32, fpu.max32(QNAN32, SNAN32)); flags(NV);
        eq64(NINF, fpu.min64(NINF, MAX)); flags(0);
    }

    @Test
    void comparisonsQuietAndSignalling() {
        assertTrue(fpu.eq64(PZERO, NZERO)); flags(0);
        assertFalse(fpu.lt64(NZERO, PZERO)); flags(0);
        assertTrue(fpu.le64(PZERO, NZERO)); flags(0);
        assertFalse(fpu.eq64(QNAN, QNAN)); flags(0);
        assertFalse(fpu.eq64(SNAN, ONE)); flags(NV);
        assertFalse(fpu.lt64(QNAN, ONE)); flags(NV);
        assertFalse(fpu.le64(ONE, QNAN)); flags(NV);
        assertTrue(fpu.lt64(NINF, MIN_SUB)); flags(0);
        assertTrue(fpu.lt64(d(-2.0), d(-1.0))); flags(0);
        assertFalse(fpu.lt64(d(-1.0), d(-2.0))); flags(0);
        assertFalse(fpu.eq32(QNAN32, QNAN32)); flags(0);
        assertFalse(fpu.le32(QNAN32, 0)); flags(NV);
        assertFalse(fpu.eq32(SNAN32, 0)); flags(NV);
    }

    @Test
    void classifyEveryClass() {
        assertEquals(1 << 0, Fpu.classify64(NINF));
        assertEquals(1 << 1, Fpu.classify64(d(-1.5)));
        assertEquals(1 << 2, Fpu.classify64(MAX_SUB | NZERO));
        assertEquals(1 << 3, Fpu.classify64(NZERO));
        assertEquals(1 << 4, Fpu.classify64(PZERO));
        assertEquals(1 << 5, Fpu.classify64(MIN_SUB));
        assertEquals(1 << 6, Fpu.classify64(MIN_NORMAL));
        assertEquals(1 << 7, Fpu.classify64(PINF));
        assertEquals(1 << 8, Fpu.classify64(SNAN));
        assertEquals(1 << 8, Fpu.classify64(0xfff7ffffffffffffL));
        assertEquals(1 << 9, Fpu.classify64(CANONICAL_NAN64));
        assertEquals(1 << 9, Fpu.classify64(NEG_QNAN));
        assertEquals(1 << 0, Fpu.classify32(NINF32));
        assertEquals(1 << 1, Fpu.classify32(0x80800000));
        assertEquals(1 << 2, Fpu.classify32(0x807fffff));
        assertEquals(1 << 3, Fpu.classify32(0x80000000));
        assertEquals(1 << 4, Fpu.classify32(0));
        assertEquals(1 << 5, Fpu.classify32(1));
        assertEquals(1 << 6, Fpu.classify32(MAX32));
        assertEquals(1 << 7, Fpu.classify32(PINF32));
        assertEquals(1 << 8, Fpu.classify32(SNAN32));
        assertEquals(1 << 9, Fpu.classify32(CANONICAL_NAN32));
        flags(0);
    }

    @Test
    void conversionSaturationTable() {
        // NaN (either sign) and +inf give the largest value, -inf the smallest; all raise NV only
        for (long nan : new long[] {QNAN, SNAN, NEG_QNAN}) {
            assertEquals(Integer.MAX_VALUE, fpu.toInt32From64(nan, RNE)); flags(NV);
            assertEquals(-1, fpu.toUInt32From64(nan, RNE)); flags(NV);
            assertEquals(Long.MAX_VALUE, fpu.toInt64From64(nan, RNE)); flags(NV);
            assertEquals(-1L, fpu.toUInt64From64(nan, RNE)); flags(NV);
        }
        assertEquals(Integer.MAX_VALUE, fpu.toInt32From64(PINF, RTZ)); flags(NV);
        assertEquals(Integer.MIN_VALUE, fpu.toInt32From64(NINF, RTZ)); flags(NV);
        assertEquals(0, fpu.toUInt32From64(NINF, RTZ)); flags(NV);
        assertEquals(Long.MIN_VALUE, fpu.toInt64From64(NINF, RTZ)); flags(NV);
        assertEquals(0L, fpu.toUInt64From64(NINF, RTZ)); flags(NV);
        assertEquals(-1L, fpu.toUInt64From64(PINF, RTZ)); flags(NV);
        // limits: valid after rounding
        assertEquals(Integer.MIN_VALUE, fpu.toInt32From64(d(-2147483648.0), RNE)); flags(0);
        assertEquals(Integer.MIN_VALUE, fpu.toInt32From64(d(-2147483648.4), RNE)); flags(NX);
        assertEquals(Integer.MIN_VALUE, fpu.toInt32From64(d(-2147483648.6), RNE)); flags(NV);
        assertEquals(Integer.MIN_VALUE, fpu.toInt32From64(d(-2147483648.6), RTZ)); flags(NX);
        assertEquals(Integer.MAX_VALUE, fpu.toInt32From64(d(2147483647.5), RTZ)); flags(NX);
        assertEquals(Integer.MAX_VALUE, fpu.toInt32From64(d(2147483647.5), RNE)); flags(NV);
        assertEquals(Integer.MAX_VALUE, fpu.toInt32From64(d(2147483647.5), RDN)); flags(NX);
        assertEquals(-1, fpu.toUInt32From64(d(4294967295.0), RNE)); flags(0);
        assertEquals(-1, fpu.toUInt32From64(d(4294967295.5), RNE)); flags(NV);
        assertEquals(-1, fpu.toUInt32From64(d(4294967296.0), RTZ)); flags(NV);
        // unsigned: negative inputs that round to zero are valid (NX), otherwise NV and 0
        assertEquals(0, fpu.toUInt32From64(d(-0.3), RTZ)); flags(NX);
        assertEquals(0, fpu.toUInt32From64(d(-0.5), RNE)); flags(NX);
        assertEquals(0, fpu.toUInt32From64(d(-0.5), RMM)); flags(NV);
        assertEquals(0, fpu.toUInt32From64(d(-0.3), RDN)); flags(NV);
        assertEquals(0, fpu.toUInt32From64(NZERO, RNE)); flags(0);
        assertEquals(0L, fpu.toUInt64From64(d(-1.0), RNE)); flags(NV);
        // 64-bit limits
        assertEquals(Long.MIN_VALUE, fpu.toInt64From64(d(-0x1p63), RNE)); flags(0);
        assertEquals(Long.MAX_VALUE, fpu.toInt64From64(d(0x1p63), RNE)); flags(NV);
        assertEquals(0xfffffffffffff800L, fpu.toUInt64From64(d(0x1.fffffffffffffp63), RNE)); flags(0);
        assertEquals(-1L, fpu.toUInt64From64(d(0x1p64), RNE)); flags(NV);
        assertEquals(0x7fffff8000000000L, fpu.toInt64From32(0x5effffff, RNE)); flags(0);
        assertEquals(Long.MAX_VALUE, fpu.toInt64From32(0x5f000000, RNE)); flags(NV);
        // the 32-bit result is returned as int; the hart sign-extends
        assertEquals(0x80000000, fpu.toUInt32From32(f(2147483648f), RNE)); flags(0);
        // rounding modes on halves
        assertEquals(2, fpu.toInt32From64(d(2.5), RNE)); flags(NX);
        assertEquals(3, fpu.toInt32From64(d(2.5), RMM)); flags(NX);
        assertEquals(-3, fpu.toInt32From64(d(-2.5), RMM)); flags(NX);
        assertEquals(-3, fpu.toInt32From64(d(-2.5), RDN)); flags(NX);
        assertEquals(-2, fpu.toInt32From64(d(-2.5), RUP)); flags(NX);
        assertEquals(-2, fpu.toInt32From64(d(-2.5), RTZ)); flags(NX);
        assertEquals(1, fpu.toInt32From64(MIN_SUB, RUP)); flags(NX);
        assertEquals(0, fpu.toInt32From64(MIN_SUB, RNE)); flags(NX);
    }

    @Test
    void integerToFloatRounding() {
        eq64(PZERO, fpu.fromInt64To64(0, RDN)); flags(0); // fcvt.d.l rd, x0 gives +0, no flags
        eq64(d(-0x1p63), fpu.fromInt64To64(Long.MIN_VALUE, RNE)); flags(0);
        eq64(d(0x1p63), fpu.fromInt64To64(Long.MAX_VALUE, RNE)); flags(NX);
        eq64(d(0x1.fffffffffffffp62), fpu.fromInt64To64(Long.MAX_VALUE, RTZ)); flags(NX);
        eq64(d(0x1p64), fpu.fromUInt64To64(-1L, RNE)); flags(NX);
        eq64(d(4294967295.0), fpu.fromUInt32To64(-1, RNE)); flags(0);
        eq64(d(-2147483648.0), fpu.fromInt32To64(Integer.MIN_VALUE, RNE)); flags(0);
        // 2^53 + 1 is a tie: even goes down, RMM up
        eq64(d(0x1p53), fpu.fromInt64To64((1L << 53) + 1, RNE)); flags(NX);
        eq64(d(0x1p53 + 2), fpu.fromInt64To64((1L << 53) + 1, RMM)); flags(NX);
        eq64(d(0x1p53 + 4), fpu.fromInt64To64((1L << 53) + 3, RNE)); flags(NX);
        eq32(f(16777216f), fpu.fromInt32To32(16777217, RNE)); flags(NX);
        eq32(f(16777218f), fpu.fromInt32To32(16777217, RUP)); flags(NX);
        eq32(f(-16777218f), fpu.fromInt32To32(-16777217, RDN)); flags(NX);
        eq32(f(0x1p64f), fpu.fromUInt64To32(-1L, RNE)); flags(NX);
        eq32(0x5f7fffff, fpu.fromUInt64To32(-1L, RTZ)); flags(NX);
    }

    @Test
    void overflowByRoundingMode() {
        // MAX + one ulp (2^971) is 2^1024 exactly: overflow in every mode
        eq64(PINF, fpu.add64(MAX, d(0x1p971), RNE)); flags(OF | NX);
        eq64(MAX, fpu.add64(MAX, d(0x1p971), RTZ)); flags(OF | NX);
        eq64(MAX, fpu.add64(MAX, d(0x1p971), RDN)); flags(OF | NX);
        eq64(PINF, fpu.add64(MAX, d(0x1p971), RUP)); flags(OF | NX);
        eq64(PINF, fpu.add64(MAX, d(0x1p971), RMM)); flags(OF | NX);
        // MAX + half an ulp: overflow is judged on the result rounded with an unbounded exponent,
        // so it overflows where that rounds up (RNE: tie to even, RMM, RUP) but not in RTZ/RDN
        eq64(PINF, fpu.add64(MAX, d(0x1p970), RNE)); flags(OF | NX);
        eq64(PINF, fpu.add64(MAX, d(0x1p970), RMM)); flags(OF | NX);
        eq64(MAX, fpu.add64(MAX, d(0x1p970), RTZ)); flags(NX);
        eq64(MAX, fpu.add64(MAX, d(0x1p970), RDN)); flags(NX);
        eq64(NINF, fpu.mul64(MAX | NZERO, TWO, RDN)); flags(OF | NX);
        eq64(MAX | NZERO, fpu.mul64(MAX | NZERO, TWO, RUP)); flags(OF | NX);
        // just below the overflow threshold: MAX + half ulp - tiny rounds down, no overflow
        eq64(MAX, fpu.add64(MAX, d(0x1p969), RNE)); flags(NX);
        eq64(PINF, fpu.add64(MAX, d(0x1p969), RUP)); flags(OF | NX);
        eq32(PINF32, fpu.doubleToSingle(d(0x1.ffffffp127), RNE)); flags(OF | NX);
        eq32(MAX32, fpu.doubleToSingle(d(0x1.ffffffp127), RTZ)); flags(NX);
        eq32(MAX32, fpu.doubleToSingle(d(0x1.0000001p128), RTZ)); flags(OF | NX);
        eq32(MAX32, fpu.doubleToSingle(d(0x1.fffffefp127), RNE)); flags(NX);
        // division by zero
        eq64(NINF, fpu.div64(ONE, NZERO, RNE)); flags(DZ);
        eq64(PINF, fpu.div64(PINF, PZERO, RNE)); flags(0);
    }

    @Test
    void underflowIsDetectedAfterRounding() {
        // (1 - 2^-27)(1 + 2^-27) = 1 - 2^-54, so the product below is 2^-1022 - 2^-1076.
        // Rounded to 53 bits with an unbounded exponent it is a tie between 2^-1022 - 2^-1075
        // (odd) and 2^-1022: RNE gives 2^-1022, not tiny, so only NX although the exact value
        // is below the normal range. RTZ gives the largest subnormal: tiny and inexact, UF.
        long a = d(0x1p-1022 * (1 - 0x1p-27)), b = d(1 + 0x1p-27);
        eq64(MIN_NORMAL, fpu.mul64(a, b, RNE)); flags(NX);
        eq64(MIN_NORMAL, fpu.mul64(a, b, RMM)); flags(NX);
        eq64(MIN_NORMAL, fpu.mul64(a, b, RUP)); flags(NX);
        eq64(MAX_SUB, fpu.mul64(a, b, RTZ)); flags(UF | NX);
        eq64(MAX_SUB, fpu.mul64(a, b, RDN)); flags(UF | NX);
        eq64(MAX_SUB | NZERO, fpu.mul64(a | NZERO, b, RUP)); flags(UF | NX);
        eq64(MIN_NORMAL | NZERO, fpu.mul64(a | NZERO, b, RDN)); flags(NX);
        // MIN_NORMAL * (1 - 2^-53) = 2^-1022 - 2^-1075 has 53 bits: tiny even after rounding,
        // and the subnormal result (rounded up to MIN_NORMAL by ties-to-even) is inexact: UF
        long belowOne = d(1.0 - 0x1p-53);
        eq64(MIN_NORMAL, fpu.mul64(MIN_NORMAL, belowOne, RNE)); flags(UF | NX);
        eq64(MAX_SUB, fpu.mul64(MIN_NORMAL, belowOne, RTZ)); flags(UF | NX);
        // the same boundary in a fused operation: 2^-1022 - 2^-1076 from a*b + c
        eq64(MIN_NORMAL, fpu.fmadd64(a, b, PZERO, RNE)); flags(NX);
        eq64(MAX_SUB, fpu.fmadd64(a, b, NZERO, RTZ)); flags(UF | NX);
        // x = 1 - 2^-52: product is 2^-1022 - 2^-1074, exactly MAX_SUB: exact, no flags at all
        eq64(MAX_SUB, fpu.mul64(MIN_NORMAL, d(1.0 - 0x1p-52), RNE)); flags(0);
        // a tiny result that is exact raises no UF
        eq64(MIN_SUB, fpu.mul64(MIN_NORMAL, d(0x1p-52), RNE)); flags(0);
        eq64(MIN_SUB, fpu.div64(MIN_SUB, ONE, RNE)); flags(0);
        // underflow to zero or to the smallest subnormal, by mode
        eq64(PZERO, fpu.mul64(MIN_SUB, d(0.5), RNE)); flags(UF | NX);
        eq64(MIN_SUB, fpu.mul64(MIN_SUB, d(0.5), RUP)); flags(UF | NX);
        eq64(MIN_SUB, fpu.mul64(MIN_SUB, d(0.5), RMM)); flags(UF | NX);
        eq64(NZERO, fpu.mul64(MIN_SUB | NZERO, d(0.5), RTZ)); flags(UF | NX);
        eq64(MIN_SUB, fpu.mul64(MIN_SUB, d(0.75), RNE)); flags(UF | NX);
        // sums of subnormals are always exact
        eq64(MIN_NORMAL, fpu.add64(MAX_SUB, MIN_SUB, RNE)); flags(0);
        // single precision: same boundary via conversion
        eq32(0x00800000, fpu.doubleToSingle(d(0x1p-126 * (1.0 - 0x1p-25)), RNE)); flags(NX);
        eq32(0x007fffff, fpu.doubleToSingle(d(0x1p-126 * (1.0 - 0x1p-25)), RTZ)); flags(UF | NX);
        eq32(0x00800000, fpu.doubleToSingle(d(0x1p-126 * (1.0 - 0x1p-24)), RNE)); flags(UF | NX);
    }

    @Test
    void exactZeroSigns() {
        eq64(PZERO, fpu.add64(ONE, d(-1.0), RNE)); flags(0);
        eq64(PZERO, fpu.add64(ONE, d(-1.0), RUP)); flags(0);
        eq64(NZERO, fpu.add64(ONE, d(-1.0), RDN)); flags(0);
        eq64(NZERO, fpu.sub64(ONE, ONE, RDN)); flags(0);
        eq64(NZERO, fpu.add64(NZERO, NZERO, RNE)); flags(0);
        eq64(PZERO, fpu.add64(PZERO, NZERO, RNE)); flags(0);
        eq64(NZERO, fpu.add64(PZERO, NZERO, RDN)); flags(0);
        eq64(NZERO, fpu.sub64(NZERO, PZERO, RNE)); flags(0);
        eq64(ONE, fpu.add64(NZERO, ONE, RDN)); flags(0);
        eq64(NZERO, fpu.sqrt64(NZERO, RNE)); flags(0);
        eq64(NZERO, fpu.mul64(NZERO, ONE, RNE)); flags(0);
        eq64(NZERO, fpu.div64(PZERO, d(-3.0), RNE)); flags(0);
        eq32(0x80000000, fpu.doubleToSingle(NZERO, RNE)); flags(0);
        eq32(0x80000000, fpu.doubleToSingle(d(-0x1p-200), RNE)); flags(UF | NX);
        eq32(0x80000001, fpu.doubleToSingle(d(-0x1p-200), RDN)); flags(UF | NX);
    }

    @Test
    void directedRoundingOfInexactOperations() {
        long third = fpu.div64(ONE, d(3.0), RDN); flags(NX);
        long thirdUp = fpu.div64(ONE, d(3.0), RUP); flags(NX);
        eq64(third + 1, thirdUp);
        eq64(d(1.0 / 3.0), fpu.div64(ONE, d(3.0), RNE)); flags(NX);
        eq64(d(Math.sqrt(2.0)), fpu.sqrt64(TWO, RNE)); flags(NX);
        eq64(fpu.sqrt64(TWO, RDN) + 1, fpu.sqrt64(TWO, RUP)); flags(NX);
        eq64(d(3.0), fpu.sqrt64(d(9.0), RUP)); flags(0);
        eq64(d(1.0 + 0x1p-52), fpu.add64(ONE, d(0x1p-100), RUP)); flags(NX);
        eq64(ONE, fpu.add64(ONE, d(0x1p-100), RTZ)); flags(NX);
        eq64(d(1.0 - 0x1p-53), fpu.sub64(ONE, d(0x1p-100), RTZ)); flags(NX);
        eq64(ONE, fpu.add64(ONE, d(0x1p-53), RNE)); flags(NX);
        eq64(d(1.0 + 0x1p-52), fpu.add64(ONE, d(0x1p-53), RMM)); flags(NX);
        eq32(f(1f + 0x1p-23f), fpu.add32(f(1f), f(0x1p-24f), RMM)); flags(NX);
        eq32(f(1f), fpu.add32(f(1f), f(0x1p-24f), RNE)); flags(NX);
    }
}
