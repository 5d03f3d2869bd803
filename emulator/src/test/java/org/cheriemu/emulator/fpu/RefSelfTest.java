package org.cheriemu.emulator.fpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/**
 * Checks the reference itself: in round-to-nearest-even its results must equal Java's native
 * IEEE operations (+, -, *, /, sqrt, Math.fma, casts), which are specified to be correctly rounded.
 */
class RefSelfTest {
    static final int CASES = 20_000;

    static long bits(double x) { return Double.isNaN(x) ? Ref.F64.canonicalNaN() : Double.doubleToRawLongBits(x); }
    static long bits(float x) { return Float.isNaN(x) ? Ref.F32.canonicalNaN() : Float.floatToRawIntBits(x) & 0xffffffffL; }

    @Test
    void referenceMatchesJavaInRoundToNearestEven() {
        Gen g = new Gen(Ref.F64, 11);
        Gen h = new Gen(Ref.F32, 12);
        int bad = 0;
        StringBuilder msg = new StringBuilder();
        for (int i = 0; i < CASES; i++) {
            long a = g.any(), b = g.addend(a), c = g.any();
            double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b), z = Double.longBitsToDouble(c);
            long[][] pairs = {
                {Ref.add(Ref.F64, a, b, false, Ref.RNE).bits(), bits(x + y)},
                {Ref.add(Ref.F64, a, b, true, Ref.RNE).bits(), bits(x - y)},
                {Ref.mul(Ref.F64, a, b, Ref.RNE).bits(), bits(x * y)},
                {Ref.div(Ref.F64, a, b, Ref.RNE).bits(), bits(x / y)},
                {Ref.sqrt(Ref.F64, a, Ref.RNE).bits(), bits(Math.sqrt(x))},
                {Ref.fma(Ref.F64, a, b, c, false, false, Ref.RNE).bits(), bits(Math.fma(x, y, z))},
                {Ref.convert(Ref.F64, Ref.F32, a, Ref.RNE).bits(), bits((float) x)},
                {Ref.fromInt(Ref.F64, BigInteger.valueOf(a), Ref.RNE).bits(), bits((double) a)},
                {Ref.fromInt(Ref.F32, BigInteger.valueOf(a), Ref.RNE).bits(), bits((float) a)},
            };
            long fa = h.any(), fb = h.addend(fa), fc = h.any();
            float p = Float.intBitsToFloat((int) fa), q = Float.intBitsToFloat((int) fb), r = Float.intBitsToFloat((int) fc);
            long[][] pairs32 = {
                {Ref.add(Ref.F32, fa, fb, false, Ref.RNE).bits(), bits(p + q)},
                {Ref.mul(Ref.F32, fa, fb, Ref.RNE).bits(), bits(p * q)},
                {Ref.div(Ref.F32, fa, fb, Ref.RNE).bits(), bits(p / q)},
                {Ref.fma(Ref.F32, fa, fb, fc, false, false, Ref.RNE).bits(), bits(Math.fma(p, q, r))},
                {Ref.convert(Ref.F32, Ref.F64, fa, Ref.RNE).bits(), bits((double) p)},
            };
            for (long[][] set : new long[][][] {pairs, pairs32}) {
                for (int k = 0; k < set.length; k++) {
                    if (set[k][0] != set[k][1]) {
                        if (bad++ < 10) msg.append(String.format("case %d op %d: ref %x java %x (%x %x %x / %x %x %x)%n", i, k, set[k][0], set[k][1], a, b, c, fa, fb, fc));
                    }
                }
            }
        }
        if (bad > 0) fail(bad + " disagreements:\n" + msg);
    }

    @Test
    void referenceRoundsTiesAndBoundariesByTheBook() {
        // 1 + 2^-53 is a tie between 1 and 1 + 2^-52
        BigInteger num = BigInteger.ONE.shiftLeft(53).add(BigInteger.ONE), den = BigInteger.ONE.shiftLeft(53);
        assertEquals(new Ref.Result(0x3ff0000000000000L, Ref.NX), Ref.round(Ref.F64, false, num, den, Ref.RNE));
        assertEquals(new Ref.Result(0x3ff0000000000001L, Ref.NX), Ref.round(Ref.F64, false, num, den, Ref.RMM));
        assertEquals(new Ref.Result(0x3ff0000000000001L, Ref.NX), Ref.round(Ref.F64, false, num, den, Ref.RUP));
        assertEquals(new Ref.Result(0xbff0000000000000L, Ref.NX), Ref.round(Ref.F64, true, num, den, Ref.RUP));
        // 2^-1075 (half the smallest subnormal): tie to even gives +0, tiny and inexact
        BigInteger tiny = BigInteger.ONE.shiftLeft(1075);
        assertEquals(new Ref.Result(0, Ref.UF | Ref.NX), Ref.round(Ref.F64, false, BigInteger.ONE, tiny, Ref.RNE));
        assertEquals(new Ref.Result(1, Ref.UF | Ref.NX), Ref.round(Ref.F64, false, BigInteger.ONE, tiny, Ref.RMM));
        // 2^1024 overflows
        assertEquals(new Ref.Result(0x7ff0000000000000L, Ref.OF | Ref.NX), Ref.round(Ref.F64, false, BigInteger.ONE.shiftLeft(1024), BigInteger.ONE, Ref.RNE));
        assertEquals(new Ref.Result(0x7fefffffffffffffL, Ref.OF | Ref.NX), Ref.round(Ref.F64, false, BigInteger.ONE.shiftLeft(1024), BigInteger.ONE, Ref.RTZ));
        // 1/3 in binary32
        assertEquals(new Ref.Result(0x3eaaaaabL, Ref.NX), Ref.round(Ref.F32, false, BigInteger.ONE, BigInteger.valueOf(3), Ref.RNE));
        assertEquals(new Ref.Result(0x3eaaaaaaL, Ref.NX), Ref.round(Ref.F32, false, BigInteger.ONE, BigInteger.valueOf(3), Ref.RTZ));
    }
}
