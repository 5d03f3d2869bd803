package org.cheriemu.emulator.fpu;

import java.math.BigInteger;

/**
 * Independent reference for {@link Fpu}: every operation is computed exactly with {@link
 * BigInteger} rationals and rounded by {@link #round}, which follows the IEEE 754 definitions
 * literally (quantum = 2^(max(E, emin) - p + 1), tininess after rounding with an unbounded
 * exponent range). Shares no code with the implementation.
 */
final class Ref {
    static final int NX = 1, UF = 2, OF = 4, DZ = 8, NV = 16;
    static final int RNE = 0, RTZ = 1, RDN = 2, RUP = 3, RMM = 4;

    /** A binary interchange format: precision p (with the implicit bit), exponent field width. */
    record Fmt(int p, int expBits) {
        int bias() { return (1 << (expBits - 1)) - 1; }
        int emin() { return 1 - bias(); }
        int emax() { return bias(); }
        int width() { return p + expBits; }
        long signBit() { return 1L << (width() - 1); }
        long infBits() { return ((1L << expBits) - 1) << (p - 1); }
        long canonicalNaN() { return infBits() | (1L << (p - 2)); }
        long mask() { return width() == 64 ? -1L : (1L << width()) - 1; }
    }

    static final Fmt F64 = new Fmt(53, 11), F32 = new Fmt(24, 8);

    record Result(long bits, int flags) {}

    /** A decoded operand. kind: 0 finite (incl. zero), 1 inf, 2 quiet NaN, 3 signalling NaN. */
    record Val(int kind, boolean neg, BigInteger m, int e) {
        boolean isNaN() { return kind >= 2; }
        boolean isSNaN() { return kind == 3; }
        boolean isInf() { return kind == 1; }
        boolean isZero() { return kind == 0 && m.signum() == 0; }
        boolean isFinite() { return kind == 0; }
        /** exact value as numerator over a power-of-two denominator (signed numerator). */
        BigInteger num() { BigInteger v = e >= 0 ? m.shiftLeft(e) : m; return neg ? v.negate() : v; }
        BigInteger den() { return e >= 0 ? BigInteger.ONE : BigInteger.ONE.shiftLeft(-e); }
    }

    static Val decode(Fmt f, long bits) {
        bits &= f.mask();
        boolean neg = (bits & f.signBit()) != 0;
        int ef = (int) ((bits >>> (f.p() - 1)) & ((1L << f.expBits()) - 1));
        long frac = bits & ((1L << (f.p() - 1)) - 1);
        if (ef == (1 << f.expBits()) - 1) {
            if (frac == 0) return new Val(1, neg, BigInteger.ZERO, 0);
            boolean quiet = (frac & (1L << (f.p() - 2))) != 0;
            return new Val(quiet ? 2 : 3, neg, BigInteger.ZERO, 0);
        }
        if (ef == 0) return new Val(0, neg, BigInteger.valueOf(frac), f.emin() - (f.p() - 1));
        return new Val(0, neg, BigInteger.valueOf(frac | (1L << (f.p() - 1))), ef - f.bias() - (f.p() - 1));
    }

    // ------------------------------------------------------------------------------------------
    // Rounding of an exact rational

    /** floor(log2(num/den)) for num, den > 0. */
    static int floorLog2(BigInteger num, BigInteger den) {
        int e = num.bitLength() - den.bitLength();
        // num/den is in [2^(e-1), 2^(e+1))
        BigInteger lhs = e >= 0 ? num : num.shiftLeft(-e);
        BigInteger rhs = e >= 0 ? den.shiftLeft(e) : den;
        return lhs.compareTo(rhs) >= 0 ? e : e - 1;
    }

    /** n = num/den / 2^qe rounded to an integer by rm (num, den > 0); inexact[0] set if inexact. */
    static BigInteger roundToMultiple(BigInteger num, BigInteger den, int qe, boolean neg, int rm, boolean[] inexact) {
        BigInteger n = qe <= 0 ? num.shiftLeft(-qe) : num;
        BigInteger d = qe <= 0 ? den : den.shiftLeft(qe);
        BigInteger[] qr = n.divideAndRemainder(d);
        BigInteger q = qr[0];
        if (qr[1].signum() == 0) return q;
        inexact[0] = true;
        int cmpHalf = qr[1].shiftLeft(1).compareTo(d);
        boolean up = switch (rm) {
            case RNE -> cmpHalf > 0 || (cmpHalf == 0 && q.testBit(0));
            case RTZ -> false;
            case RDN -> neg;
            case RUP -> !neg;
            case RMM -> cmpHalf >= 0;
            default -> throw new IllegalArgumentException();
        };
        return up ? q.add(BigInteger.ONE) : q;
    }

    /** Rounds (-1)^neg * num/den (num, den > 0) to the format. */
    static Result round(Fmt f, boolean neg, BigInteger num, BigInteger den, int rm) {
        int e = floorLog2(num, den);
        boolean[] unboundedInexact = new boolean[1];
        BigInteger nu = roundToMultiple(num, den, e - f.p() + 1, neg, rm, unboundedInexact);
        // tiny: rounded with unbounded exponent range, magnitude below 2^emin
        boolean tiny = nu.bitLength() - 1 + (e - f.p() + 1) < f.emin();
        int qe = Math.max(e, f.emin()) - f.p() + 1;
        boolean[] inexact = new boolean[1];
        BigInteger n = roundToMultiple(num, den, qe, neg, rm, inexact);
        int flags = 0;
        if (inexact[0]) flags |= NX;
        if (inexact[0] && tiny) flags |= UF;
        long sign = neg ? f.signBit() : 0;
        if (n.signum() != 0 && n.bitLength() - 1 + qe > f.emax()) {
            flags |= OF | NX;
            boolean toInf = switch (rm) {
                case RNE, RMM -> true;
                case RTZ -> false;
                case RDN -> neg;
                default -> !neg;
            };
            return new Result(sign | (toInf ? f.infBits() : f.infBits() - 1), flags);
        }
        long bits = sign | encodeMagnitude(f, n, qe);
        // self-check of the encoder against the decoder
        Val v = decode(f, bits);
        BigInteger exactNum = qe >= 0 ? n.shiftLeft(qe) : n;
        BigInteger exactDen = qe >= 0 ? BigInteger.ONE : BigInteger.ONE.shiftLeft(-qe);
        if (v.kind() != 0 || v.neg() != neg
                || !v.num().abs().multiply(exactDen).equals(exactNum.multiply(v.den()))) {
            throw new AssertionError("reference encoder");
        }
        return new Result(bits, flags);
    }

    /** Bits of n * 2^qe, which is known to be representable (or zero). */
    static long encodeMagnitude(Fmt f, BigInteger n, int qe) {
        if (n.signum() == 0) return 0;
        int e = n.bitLength() - 1 + qe; // exponent of the leading bit
        if (e < f.emin()) {
            // subnormal: value = frac * 2^(emin - p + 1)
            return n.shiftLeft(qe - (f.emin() - f.p() + 1)).longValueExact();
        }
        // normal: significand with p bits
        int shift = (f.p() - 1) - (n.bitLength() - 1);
        BigInteger sig = shift >= 0 ? n.shiftLeft(shift) : n.shiftRight(-shift);
        long frac = sig.longValueExact() & ((1L << (f.p() - 1)) - 1);
        return ((long) (e + f.bias()) << (f.p() - 1)) | frac;
    }

    static Result roundSigned(Fmt f, BigInteger num, BigInteger den, int rm) {
        return round(f, num.signum() < 0, num.abs(), den, rm);
    }

    // ------------------------------------------------------------------------------------------
    // Operations

    private static Result nan(Fmt f, int flags) { return new Result(f.canonicalNaN(), flags); }
    private static long inf(Fmt f, boolean neg) { return (neg ? f.signBit() : 0) | f.infBits(); }
    private static long zero(Fmt f, boolean neg) { return neg ? f.signBit() : 0; }

    /** a + b, or a - b when sub. */
    static Result add(Fmt f, long a, long b, boolean sub, int rm) {
        Val x = decode(f, a), y = decode(f, b);
        if (x.isNaN() || y.isNaN()) return nan(f, x.isSNaN() || y.isSNaN() ? NV : 0);
        boolean yneg = y.neg() ^ sub;
        if (x.isInf() && y.isInf()) return x.neg() == yneg ? new Result(inf(f, yneg), 0) : nan(f, NV);
        if (x.isInf()) return new Result(inf(f, x.neg()), 0);
        if (y.isInf()) return new Result(inf(f, yneg), 0);
        BigInteger ny = sub ? y.num().negate() : y.num();
        // both denominators are powers of two; bring to the larger
        BigInteger den = x.den().max(y.den());
        BigInteger sum = x.num().multiply(den.divide(x.den())).add(ny.multiply(den.divide(y.den())));
        if (sum.signum() == 0) {
            // exact zero: IEEE 754 6.3
            if (x.isZero() && y.isZero() && x.neg() == yneg) return new Result(zero(f, x.neg()), 0);
            return new Result(zero(f, rm == RDN), 0);
        }
        return roundSigned(f, sum, den, rm);
    }

    static Result mul(Fmt f, long a, long b, int rm) {
        Val x = decode(f, a), y = decode(f, b);
        if (x.isNaN() || y.isNaN()) return nan(f, x.isSNaN() || y.isSNaN() ? NV : 0);
        boolean neg = x.neg() ^ y.neg();
        if ((x.isInf() && y.isZero()) || (x.isZero() && y.isInf())) return nan(f, NV);
        if (x.isInf() || y.isInf()) return new Result(inf(f, neg), 0);
        if (x.isZero() || y.isZero()) return new Result(zero(f, neg), 0);
        return roundSigned(f, x.num().multiply(y.num()), x.den().multiply(y.den()), rm);
    }

    static Result div(Fmt f, long a, long b, int rm) {
        Val x = decode(f, a), y = decode(f, b);
        if (x.isNaN() || y.isNaN()) return nan(f, x.isSNaN() || y.isSNaN() ? NV : 0);
        boolean neg = x.neg() ^ y.neg();
        if (x.isInf() && y.isInf()) return nan(f, NV);
        if (x.isZero() && y.isZero()) return nan(f, NV);
        if (x.isInf()) return new Result(inf(f, neg), 0);
        if (y.isInf()) return new Result(zero(f, neg), 0);
        if (y.isZero()) return new Result(inf(f, neg), DZ);
        if (x.isZero()) return new Result(zero(f, neg), 0);
        // (nx/dx) / (ny/dy) = nx*dy / (dx*ny)
        BigInteger num = x.num().multiply(y.den()).abs();
        BigInteger den = x.den().multiply(y.num()).abs();
        return round(f, neg, num, den, rm);
    }

    static Result sqrt(Fmt f, long a, int rm) {
        Val x = decode(f, a);
        if (x.isNaN()) return nan(f, x.isSNaN() ? NV : 0);
        if (x.isZero()) return new Result(zero(f, x.neg()), 0);
        if (x.neg()) return nan(f, NV);
        if (x.isInf()) return new Result(inf(f, false), 0);
        // sqrt(m * 2^e) * 2^k = sqrt(m * 2^(e + 2k)) with enough integer bits
        int need = Math.max(-x.e(), 2 * (f.p() + 8) - x.m().bitLength() - x.e());
        int k = Math.max(0, (need + 1) / 2);
        BigInteger big = x.m().shiftLeft(x.e() + 2 * k);
        BigInteger s = big.sqrt();
        if (s.multiply(s).equals(big)) return round(f, false, s, BigInteger.ONE.shiftLeft(k), rm);
        // irrational: (2s+1)/2^(k+1) lies strictly between s and s+1 like the true root, and no
        // rounding boundary lies in between because s has more than p+4 bits
        return round(f, false, s.shiftLeft(1).add(BigInteger.ONE), BigInteger.ONE.shiftLeft(k + 1), rm);
    }

    /** (-1)^negP * a * b + (-1)^negC * c */
    static Result fma(Fmt f, long a, long b, long c, boolean negP, boolean negC, int rm) {
        Val x = decode(f, a), y = decode(f, b), z = decode(f, c);
        boolean zeroTimesInf = (x.isInf() && y.isZero()) || (x.isZero() && y.isInf());
        if (x.isNaN() || y.isNaN() || z.isNaN()) {
            boolean nv = x.isSNaN() || y.isSNaN() || z.isSNaN() || zeroTimesInf;
            return nan(f, nv ? NV : 0);
        }
        if (zeroTimesInf) return nan(f, NV);
        boolean pneg = x.neg() ^ y.neg() ^ negP, cneg = z.neg() ^ negC;
        boolean pinf = x.isInf() || y.isInf();
        if (pinf && z.isInf()) return pneg == cneg ? new Result(inf(f, pneg), 0) : nan(f, NV);
        if (pinf) return new Result(inf(f, pneg), 0);
        if (z.isInf()) return new Result(inf(f, cneg), 0);
        BigInteger pnum = x.num().multiply(y.num()).abs();
        if (pneg) pnum = pnum.negate();
        BigInteger pden = x.den().multiply(y.den());
        BigInteger cnum = negC ? z.num().negate() : z.num();
        BigInteger den = pden.max(z.den());
        BigInteger sum = pnum.multiply(den.divide(pden)).add(cnum.multiply(den.divide(z.den())));
        if (sum.signum() == 0) {
            boolean pzero = x.isZero() || y.isZero();
            if (pzero && z.isZero() && pneg == cneg) return new Result(zero(f, pneg), 0);
            return new Result(zero(f, rm == RDN), 0);
        }
        return roundSigned(f, sum, den, rm);
    }

    /** Integer conversion. kind: 0 int32, 1 uint32, 2 int64, 3 uint64. Result as the low bits. */
    static Result toInt(Fmt f, long a, int rm, int kind) {
        Val x = decode(f, a);
        BigInteger min = switch (kind) {
            case 0 -> BigInteger.valueOf(Integer.MIN_VALUE);
            case 2 -> BigInteger.valueOf(Long.MIN_VALUE);
            default -> BigInteger.ZERO;
        };
        BigInteger max = switch (kind) {
            case 0 -> BigInteger.valueOf(Integer.MAX_VALUE);
            case 1 -> BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE);
            case 2 -> BigInteger.valueOf(Long.MAX_VALUE);
            default -> BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        };
        if (x.isNaN()) return new Result(max.longValue(), NV);
        if (x.isInf()) return new Result((x.neg() ? min : max).longValue(), NV);
        if (x.isZero()) return new Result(0, 0);
        boolean[] inexact = new boolean[1];
        BigInteger n = roundToMultiple(x.num().abs(), x.den(), 0, x.neg(), rm, inexact);
        if (x.neg()) n = n.negate();
        if (n.compareTo(min) < 0) return new Result(min.longValue(), NV);
        if (n.compareTo(max) > 0) return new Result(max.longValue(), NV);
        return new Result(n.longValue(), inexact[0] ? NX : 0);
    }

    static Result fromInt(Fmt f, BigInteger v, int rm) {
        if (v.signum() == 0) return new Result(0, 0);
        return roundSigned(f, v, BigInteger.ONE, rm);
    }

    /** Conversion between formats. */
    static Result convert(Fmt from, Fmt to, long a, int rm) {
        Val x = decode(from, a);
        if (x.isNaN()) return nan(to, x.isSNaN() ? NV : 0);
        if (x.isInf()) return new Result(inf(to, x.neg()), 0);
        if (x.isZero()) return new Result(zero(to, x.neg()), 0);
        return roundSigned(to, x.num(), x.den(), rm);
    }

    // ------------------------------------------------------------------------------------------
    // Non-arithmetic operations, via Java's IEEE comparisons on the values

    static double toDouble(Fmt f, long bits) {
        return f == F64 ? Double.longBitsToDouble(bits) : Float.intBitsToFloat((int) bits);
    }

    static Result minMax(Fmt f, long a, long b, boolean max) {
        Val x = decode(f, a), y = decode(f, b);
        int flags = x.isSNaN() || y.isSNaN() ? NV : 0;
        if (x.isNaN() && y.isNaN()) return nan(f, flags);
        if (x.isNaN()) return new Result(b & f.mask(), flags);
        if (y.isNaN()) return new Result(a & f.mask(), flags);
        double da = toDouble(f, a), db = toDouble(f, b);
        // Math.min/max order -0 below +0, as RISC-V requires
        double r = max ? Math.max(da, db) : Math.min(da, db);
        long bits = f == F64 ? Double.doubleToRawLongBits(r) : Float.floatToRawIntBits((float) r) & 0xffffffffL;
        return new Result(bits, flags);
    }

    /** op: 0 eq, 1 lt, 2 le. Result bits 0/1. */
    static Result compare(Fmt f, long a, long b, int op) {
        Val x = decode(f, a), y = decode(f, b);
        if (x.isNaN() || y.isNaN()) {
            boolean nv = op != 0 || x.isSNaN() || y.isSNaN();
            return new Result(0, nv ? NV : 0);
        }
        double da = toDouble(f, a), db = toDouble(f, b);
        boolean r = switch (op) {
            case 0 -> da == db;
            case 1 -> da < db;
            default -> da <= db;
        };
        return new Result(r ? 1 : 0, 0);
    }

    static int classify(Fmt f, long a) {
        Val x = decode(f, a);
        if (x.isSNaN()) return 0x100;
        if (x.isNaN()) return 0x200;
        double d = Math.abs(toDouble(f, a));
        double minNormal = f == F64 ? Double.MIN_NORMAL : Float.MIN_NORMAL;
        int i;
        if (x.isInf()) i = 0;
        else if (x.isZero()) i = 3;
        else if (d < minNormal) i = 2;
        else i = 1;
        return 1 << (x.neg() ? i : 7 - i);
    }
}
