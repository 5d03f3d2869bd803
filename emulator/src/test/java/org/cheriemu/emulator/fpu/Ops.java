package org.cheriemu.emulator.fpu;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** The operations of {@link Fpu} paired with their {@link Ref} counterparts and operand generators. */
final class Ops {
    interface Impl { long apply(Fpu fpu, long a, long b, long c, int rm); }
    interface RefFn { Ref.Result apply(long a, long b, long c, int rm); }
    interface Operands { long[] next(Gen g); }

    record Op(String name, Ref.Fmt fmt, long resultMask, boolean usesRm, Operands operands, Impl impl, RefFn ref) {}

    static final long M32 = 0xffffffffL;

    static long[] ops(long a, long b, long c) { return new long[] {a, b, c}; }

    private static long u(int x) { return x & M32; }

    static long nativeProduct(Ref.Fmt f, long a, long b) {
        if (f == Ref.F64) return Double.doubleToRawLongBits(Double.longBitsToDouble(a) * Double.longBitsToDouble(b));
        return u(Float.floatToRawIntBits(Float.intBitsToFloat((int) a) * Float.intBitsToFloat((int) b)));
    }

    static long nativeSquareRoot(Ref.Fmt f, long a) {
        if (f == Ref.F64) return Double.doubleToRawLongBits(Math.sqrt(Double.longBitsToDouble(a)));
        return u(Float.floatToRawIntBits((float) Math.sqrt(Float.intBitsToFloat((int) a))));
    }

    static double val(Ref.Fmt f, long x) {
        return f == Ref.F64 ? Double.longBitsToDouble(x) : Float.intBitsToFloat((int) x);
    }

    /** Bits of the native (round-to-nearest) result of an operation in the format. */
    static long nat(Ref.Fmt f, double x) {
        return f == Ref.F64 ? Double.doubleToRawLongBits(x) : u(Float.floatToRawIntBits((float) x));
    }

    /**
     * A value where rounding changes the flags: just below the smallest normal (tininess after
     * rounding), the largest finite value (overflow by mode), or a subnormal boundary.
     */
    static long boundary(Gen g) {
        long minNormal = 1L << (g.f.p() - 1), maxFinite = g.f.infBits() - 1;
        long b = switch (g.r.nextInt(4)) {
            case 0, 1 -> minNormal;
            case 2 -> maxFinite;
            default -> 1L << g.r.nextInt(g.f.p() - 1); // a power of two among the subnormals
        };
        return b | (g.r.nextBoolean() ? g.f.signBit() : 0);
    }

    static long nudge(Gen g, long x) {
        return (x + g.r.nextInt(5) - 2) & g.f.mask();
    }

    /** For a finite a with a moderate exponent. */
    static long moderate(Gen g) {
        return g.withExp(g.r.nextBoolean(), g.r.nextInt(21) - 10);
    }

    static final Operands ADD = g -> { long a = g.any(); return ops(a, g.addend(a), 0); };
    static final Operands MUL = g -> {
        if (g.r.nextInt(6) == 0) { // odd significands of k and p+2-k bits: the product has p+1 or p+2 bits, often a tie
            int k = 2 + g.r.nextInt(g.f.p() - 1);
            return ops(g.oddSignificand(k), g.oddSignificand(g.f.p() + 2 - k), 0);
        }
        if (g.r.nextInt(4) == 0) { // a * b close to a boundary
            long a = moderate(g);
            double bound = val(g.f, boundary(g));
            long b = nudge(g, nat(g.f, g.f == Ref.F64 ? bound / val(g.f, a) : (float) bound / (float) val(g.f, a)));
            return ops(a, b, 0);
        }
        long a = g.any();
        return ops(a, g.factor(a), 0);
    };
    static final Operands DIV = g -> {
        long b = g.any();
        if (g.r.nextInt(3) == 0 && g.finite(b)) { // a = b * q rounded, so a/b is near a short q
            long q = g.withExp(g.r.nextBoolean(), g.r.nextInt(9) - 4);
            long a = (nativeProduct(g.f, b, q) + g.r.nextInt(5) - 2) & g.f.mask();
            return ops(a, b, 0);
        }
        if (g.r.nextInt(4) == 0) { // a / b close to a boundary
            long bb = moderate(g);
            double bound = val(g.f, boundary(g));
            long a = nudge(g, nat(g.f, g.f == Ref.F64 ? bound * val(g.f, bb) : (float) bound * (float) val(g.f, bb)));
            return ops(a, bb, 0);
        }
        long a = g.any();
        return ops(a, g.divisor(a), 0);
    };
    static final Operands SQRT = g -> {
        if (g.r.nextBoolean()) return ops(g.any(), 0, 0);
        long x = g.withExp(false, g.r.nextInt(2 * g.f.emax()) - g.f.emax());
        long sq = nativeProduct(g.f, x, x);
        return ops((sq + g.r.nextInt(5) - 2) & g.f.mask() & ~g.f.signBit(), 0, 0);
    };
    static final Operands COMPARE = g -> {
        long a = g.any();
        return switch (g.r.nextInt(4)) {
            case 0 -> ops(a, a, 0);
            case 1 -> ops(a, a ^ g.f.signBit(), 0);
            default -> ops(a, g.addend(a), 0);
        };
    };
    static final Operands FMA = g -> {
        long a = g.any(), b = g.factor(a);
        long c;
        long p = nativeProduct(g.f, a, b);
        boolean pOk = g.finite(p) && g.finite(a) && g.finite(b);
        switch (g.r.nextInt(6)) {
            case 5 -> { // a * b + c close to a boundary
                double bound = val(g.f, boundary(g));
                c = pOk ? nudge(g, nat(g.f, g.f == Ref.F64 ? bound - val(g.f, p) : (float) bound - (float) val(g.f, p))) : g.any();
            }
            case 0, 1 -> c = pOk ? ((p + g.r.nextInt(9) - 4) & g.f.mask()) ^ (g.r.nextInt(4) != 0 ? g.f.signBit() : 0) : g.any();
            case 2 -> c = pOk ? g.addend(p) : g.any();
            default -> c = g.any();
        }
        return ops(a, b, c);
    };
    /** For a*b - c and -(a*b) + c: the addend with the sign flipped, to keep the cancellations. */
    static final Operands FMA_NEG_C = g -> {
        long[] x = FMA.next(g);
        x[2] ^= g.f.signBit();
        return x;
    };
    static final Operands TO_INT = g -> ops(g.toIntOperand(), 0, 0);
    static final Operands FROM_I32 = g -> ops(g.integer(false), 0, 0);
    static final Operands FROM_I64 = g -> ops(g.integer(true), 0, 0);
    static final Operands D_TO_S = g -> {
        if (g.r.nextInt(3) == 0) return ops(g.any(), 0, 0);
        // around the binary32 range: overflow, subnormals, underflow to zero
        int e = switch (g.r.nextInt(3)) {
            case 0 -> 124 + g.r.nextInt(6);
            case 1 -> -126 - g.r.nextInt(28);
            default -> g.r.nextInt(60) - 30;
        };
        return ops(g.withExp(g.r.nextBoolean(), e), 0, 0);
    };
    static final Operands ANY = g -> ops(g.any(), 0, 0);

    static BigInteger unsigned(long v) { return new BigInteger(Long.toUnsignedString(v)); }

    static List<Op> all() {
        List<Op> l = new ArrayList<>();
        Ref.Fmt d = Ref.F64, s = Ref.F32;
        long m64 = -1L;
        // binary64
        l.add(new Op("add64", d, m64, true, ADD, (f, a, b, c, rm) -> f.add64(a, b, rm), (a, b, c, rm) -> Ref.add(d, a, b, false, rm)));
        l.add(new Op("sub64", d, m64, true, ADD, (f, a, b, c, rm) -> f.sub64(a, b, rm), (a, b, c, rm) -> Ref.add(d, a, b, true, rm)));
        l.add(new Op("mul64", d, m64, true, MUL, (f, a, b, c, rm) -> f.mul64(a, b, rm), (a, b, c, rm) -> Ref.mul(d, a, b, rm)));
        l.add(new Op("div64", d, m64, true, DIV, (f, a, b, c, rm) -> f.div64(a, b, rm), (a, b, c, rm) -> Ref.div(d, a, b, rm)));
        l.add(new Op("sqrt64", d, m64, true, SQRT, (f, a, b, c, rm) -> f.sqrt64(a, rm), (a, b, c, rm) -> Ref.sqrt(d, a, rm)));
        l.add(new Op("fmadd64", d, m64, true, FMA, (f, a, b, c, rm) -> f.fmadd64(a, b, c, rm), (a, b, c, rm) -> Ref.fma(d, a, b, c, false, false, rm)));
        l.add(new Op("fmsub64", d, m64, true, FMA_NEG_C, (f, a, b, c, rm) -> f.fmsub64(a, b, c, rm), (a, b, c, rm) -> Ref.fma(d, a, b, c, false, true, rm)));
        l.add(new Op("fnmsub64", d, m64, true, FMA_NEG_C, (f, a, b, c, rm) -> f.fnmsub64(a, b, c, rm), (a, b, c, rm) -> Ref.fma(d, a, b, c, true, false, rm)));
        l.add(new Op("fnmadd64", d, m64, true, FMA, (f, a, b, c, rm) -> f.fnmadd64(a, b, c, rm), (a, b, c, rm) -> Ref.fma(d, a, b, c, true, true, rm)));
        l.add(new Op("min64", d, m64, false, COMPARE, (f, a, b, c, rm) -> f.min64(a, b), (a, b, c, rm) -> Ref.minMax(d, a, b, false)));
        l.add(new Op("max64", d, m64, false, COMPARE, (f, a, b, c, rm) -> f.max64(a, b), (a, b, c, rm) -> Ref.minMax(d, a, b, true)));
        l.add(new Op("eq64", d, 1, false, COMPARE, (f, a, b, c, rm) -> f.eq64(a, b) ? 1 : 0, (a, b, c, rm) -> Ref.compare(d, a, b, 0)));
        l.add(new Op("lt64", d, 1, false, COMPARE, (f, a, b, c, rm) -> f.lt64(a, b) ? 1 : 0, (a, b, c, rm) -> Ref.compare(d, a, b, 1)));
        l.add(new Op("le64", d, 1, false, COMPARE, (f, a, b, c, rm) -> f.le64(a, b) ? 1 : 0, (a, b, c, rm) -> Ref.compare(d, a, b, 2)));
        l.add(new Op("classify64", d, 0x3ff, false, ANY, (f, a, b, c, rm) -> Fpu.classify64(a), (a, b, c, rm) -> new Ref.Result(Ref.classify(d, a), 0)));
        l.add(new Op("toInt32From64", d, M32, true, TO_INT, (f, a, b, c, rm) -> f.toInt32From64(a, rm), (a, b, c, rm) -> Ref.toInt(d, a, rm, 0)));
        l.add(new Op("toUInt32From64", d, M32, true, TO_INT, (f, a, b, c, rm) -> f.toUInt32From64(a, rm), (a, b, c, rm) -> Ref.toInt(d, a, rm, 1)));
        l.add(new Op("toInt64From64", d, m64, true, TO_INT, (f, a, b, c, rm) -> f.toInt64From64(a, rm), (a, b, c, rm) -> Ref.toInt(d, a, rm, 2)));
        l.add(new Op("toUInt64From64", d, m64, true, TO_INT, (f, a, b, c, rm) -> f.toUInt64From64(a, rm), (a, b, c, rm) -> Ref.toInt(d, a, rm, 3)));
        l.add(new Op("fromInt32To64", d, m64, true, FROM_I32, (f, a, b, c, rm) -> f.fromInt32To64((int) a, rm), (a, b, c, rm) -> Ref.fromInt(d, BigInteger.valueOf((int) a), rm)));
        l.add(new Op("fromUInt32To64", d, m64, true, FROM_I32, (f, a, b, c, rm) -> f.fromUInt32To64((int) a, rm), (a, b, c, rm) -> Ref.fromInt(d, BigInteger.valueOf(a & M32), rm)));
        l.add(new Op("fromInt64To64", d, m64, true, FROM_I64, (f, a, b, c, rm) -> f.fromInt64To64(a, rm), (a, b, c, rm) -> Ref.fromInt(d, BigInteger.valueOf(a), rm)));
        l.add(new Op("fromUInt64To64", d, m64, true, FROM_I64, (f, a, b, c, rm) -> f.fromUInt64To64(a, rm), (a, b, c, rm) -> Ref.fromInt(d, unsigned(a), rm)));
        l.add(new Op("doubleToSingle", d, M32, true, D_TO_S, (f, a, b, c, rm) -> f.doubleToSingle(a, rm), (a, b, c, rm) -> Ref.convert(d, s, a, rm)));
        // binary32
        l.add(new Op("add32", s, M32, true, ADD, (f, a, b, c, rm) -> f.add32((int) a, (int) b, rm), (a, b, c, rm) -> Ref.add(s, a, b, false, rm)));
        l.add(new Op("sub32", s, M32, true, ADD, (f, a, b, c, rm) -> f.sub32((int) a, (int) b, rm), (a, b, c, rm) -> Ref.add(s, a, b, true, rm)));
        l.add(new Op("mul32", s, M32, true, MUL, (f, a, b, c, rm) -> f.mul32((int) a, (int) b, rm), (a, b, c, rm) -> Ref.mul(s, a, b, rm)));
        l.add(new Op("div32", s, M32, true, DIV, (f, a, b, c, rm) -> f.div32((int) a, (int) b, rm), (a, b, c, rm) -> Ref.div(s, a, b, rm)));
        l.add(new Op("sqrt32", s, M32, true, SQRT, (f, a, b, c, rm) -> f.sqrt32((int) a, rm), (a, b, c, rm) -> Ref.sqrt(s, a, rm)));
        l.add(new Op("fmadd32", s, M32, true, FMA, (f, a, b, c, rm) -> f.fmadd32((int) a, (int) b, (int) c, rm), (a, b, c, rm) -> Ref.fma(s, a, b, c, false, false, rm)));
        l.add(new Op("fmsub32", s, M32, true, FMA_NEG_C, (f, a, b, c, rm) -> f.fmsub32((int) a, (int) b, (int) c, rm), (a, b, c, rm) -> Ref.fma(s, a, b, c, false, true, rm)));
        l.add(new Op("fnmsub32", s, M32, true, FMA_NEG_C, (f, a, b, c, rm) -> f.fnmsub32((int) a, (int) b, (int) c, rm), (a, b, c, rm) -> Ref.fma(s, a, b, c, true, false, rm)));
        l.add(new Op("fnmadd32", s, M32, true, FMA, (f, a, b, c, rm) -> f.fnmadd32((int) a, (int) b, (int) c, rm), (a, b, c, rm) -> Ref.fma(s, a, b, c, true, true, rm)));
        l.add(new Op("min32", s, M32, false, COMPARE, (f, a, b, c, rm) -> f.min32((int) a, (int) b), (a, b, c, rm) -> Ref.minMax(s, a, b, false)));
        l.add(new Op("max32", s, M32, false, COMPARE, (f, a, b, c, rm) -> f.max32((int) a, (int) b), (a, b, c, rm) -> Ref.minMax(s, a, b, true)));
        l.add(new Op("eq32", s, 1, false, COMPARE, (f, a, b, c, rm) -> f.eq32((int) a, (int) b) ? 1 : 0, (a, b, c, rm) -> Ref.compare(s, a, b, 0)));
        l.add(new Op("lt32", s, 1, false, COMPARE, (f, a, b, c, rm) -> f.lt32((int) a, (int) b) ? 1 : 0, (a, b, c, rm) -> Ref.compare(s, a, b, 1)));
        l.add(new Op("le32", s, 1, false, COMPARE, (f, a, b, c, rm) -> f.le32((int) a, (int) b) ? 1 : 0, (a, b, c, rm) -> Ref.compare(s, a, b, 2)));
        l.add(new Op("classify32", s, 0x3ff, false, ANY, (f, a, b, c, rm) -> Fpu.classify32((int) a), (a, b, c, rm) -> new Ref.Result(Ref.classify(s, a), 0)));
        l.add(new Op("toInt32From32", s, M32, true, TO_INT, (f, a, b, c, rm) -> f.toInt32From32((int) a, rm), (a, b, c, rm) -> Ref.toInt(s, a, rm, 0)));
        l.add(new Op("toUInt32From32", s, M32, true, TO_INT, (f, a, b, c, rm) -> f.toUInt32From32((int) a, rm), (a, b, c, rm) -> Ref.toInt(s, a, rm, 1)));
        l.add(new Op("toInt64From32", s, m64, true, TO_INT, (f, a, b, c, rm) -> f.toInt64From32((int) a, rm), (a, b, c, rm) -> Ref.toInt(s, a, rm, 2)));
        l.add(new Op("toUInt64From32", s, m64, true, TO_INT, (f, a, b, c, rm) -> f.toUInt64From32((int) a, rm), (a, b, c, rm) -> Ref.toInt(s, a, rm, 3)));
        l.add(new Op("fromInt32To32", s, M32, true, FROM_I32, (f, a, b, c, rm) -> f.fromInt32To32((int) a, rm), (a, b, c, rm) -> Ref.fromInt(s, BigInteger.valueOf((int) a), rm)));
        l.add(new Op("fromUInt32To32", s, M32, true, FROM_I32, (f, a, b, c, rm) -> f.fromUInt32To32((int) a, rm), (a, b, c, rm) -> Ref.fromInt(s, BigInteger.valueOf(a & M32), rm)));
        l.add(new Op("fromInt64To32", s, M32, true, FROM_I64, (f, a, b, c, rm) -> f.fromInt64To32(a, rm), (a, b, c, rm) -> Ref.fromInt(s, BigInteger.valueOf(a), rm)));
        l.add(new Op("fromUInt64To32", s, M32, true, FROM_I64, (f, a, b, c, rm) -> f.fromUInt64To32(a, rm), (a, b, c, rm) -> Ref.fromInt(s, unsigned(a), rm)));
        l.add(new Op("singleToDouble", s, m64, false, ANY, (f, a, b, c, rm) -> f.singleToDouble((int) a), (a, b, c, rm) -> Ref.convert(s, d, a, Ref.RNE)));
        return l;
    }
}
