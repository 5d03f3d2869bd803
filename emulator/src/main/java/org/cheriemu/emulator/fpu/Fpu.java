package org.cheriemu.emulator.fpu;

/**
 * IEEE 754-2008 binary32/binary64 arithmetic as the RISC-V F and D extensions define it.
 *
 * <p>Every operation is computed with integer arithmetic (sign, exponent, significand) and rounded
 * once by {@link #roundPack}, so all five RISC-V rounding modes and all exception flags are exact:
 *
 * <ul>
 *   <li>NaN results are the canonical NaN; payloads are never propagated.
 *   <li>Tininess is detected after rounding (RISC-V unprivileged spec, F chapter, "tininess is
 *       detected after rounding"); UF is raised only when the result is tiny and inexact.
 *   <li>NV for any signalling-NaN operand (except moves/classify), for inf-inf, 0*inf, 0/0,
 *       inf/inf, sqrt of a negative number, and for the fused ops when the multiplicands are
 *       0 and inf even when the addend is a quiet NaN (as the F chapter requires).
 *   <li>Conversions to integers saturate as in the spec's fcvt table (NaN gives the largest
 *       positive value) and raise NV, not NX, when the rounded value does not fit.
 * </ul>
 *
 * <p>Single-precision values are passed as {@code int} bits, double-precision as {@code long}
 * bits. {@code rm} must be one of {@link #RNE}..{@link #RMM}: the hart resolves DYN from frm and
 * treats reserved modes as illegal instructions before calling (an inexact operation given any
 * other value throws {@link IllegalArgumentException}). An instance holds the accumulated
 * {@link #flags} and some scratch state; use one per hart, it is not thread-safe.
 *
 * <p>Division and square root start from Java's correctly rounded double quotient / root as an
 * estimate of a 60-bit integer result and correct it with exact integer remainders, so they cost
 * about as much as the other operations.
 *
 * <p>In round-to-nearest-even, add/sub/mul/div/sqrt take a fast path through Java's native
 * operations (which IEEE 754 and the JLS make correctly rounded) when the result can be neither
 * tiny nor overflow; NX then comes from the exact error (TwoSum, or a residual computed exactly
 * by {@link Math#fma}). Single precision is computed in double, which is exact for products and,
 * by 53 >= 2*24 + 2, rounds sums, quotients and roots correctly when converted to float. Anything
 * else (other modes, NaN/inf/zero operands, results near the range limits) takes the integer path.
 * The fused operations always take the integer path.
 */
public final class Fpu {
    public static final int NX = 1, UF = 2, OF = 4, DZ = 8, NV = 16;
    public static final int RNE = 0, RTZ = 1, RDN = 2, RUP = 3, RMM = 4;
    public static final int CANONICAL_NAN32 = 0x7fc00000;
    public static final long CANONICAL_NAN64 = 0x7ff8000000000000L;

    /** Accumulated exception flags (fflags bits); the hart ORs them into fcsr. */
    public int flags;

    /** Whether round-to-nearest-even may use the native fast paths (tests turn them off). */
    private final boolean fastPaths;

    public Fpu() {
        this(true);
    }

    Fpu(boolean fastPaths) {
        this.fastPaths = fastPaths;
    }

    // ---------------------------------------------------------------------------------------
    // Formats. Internally both formats are carried in a long; binary32 uses the low 32 bits.

    private static final int D = 0, S = 1;

    private static int fracBits(int fmt) { return fmt == D ? 52 : 23; }
    private static int expMask(int fmt) { return fmt == D ? 0x7ff : 0xff; }
    private static int bias(int fmt) { return fmt == D ? 1023 : 127; }
    private static int emin(int fmt) { return 1 - bias(fmt); }
    private static int emax(int fmt) { return bias(fmt); }
    private static long signBit(int fmt) { return fmt == D ? 1L << 63 : 1L << 31; }
    private static long canonicalNaN(int fmt) { return fmt == D ? CANONICAL_NAN64 : CANONICAL_NAN32; }

    private static int expField(int fmt, long x) { return (int) (x >>> fracBits(fmt)) & expMask(fmt); }
    private static long fracField(int fmt, long x) { return x & ((1L << fracBits(fmt)) - 1); }
    private static boolean neg(int fmt, long x) { return (x & signBit(fmt)) != 0; }
    private static boolean isNaN(int fmt, long x) {
        return expField(fmt, x) == expMask(fmt) && fracField(fmt, x) != 0;
    }
    private static boolean isSNaN(int fmt, long x) {
        return isNaN(fmt, x) && (x & (1L << (fracBits(fmt) - 1))) == 0;
    }
    private static boolean isInf(int fmt, long x) {
        return expField(fmt, x) == expMask(fmt) && fracField(fmt, x) == 0;
    }
    private static boolean isZero(int fmt, long x) { return (x & ~signBit(fmt)) == 0; }
    private static long inf(int fmt, boolean neg) {
        return (neg ? signBit(fmt) : 0) | ((long) expMask(fmt) << fracBits(fmt));
    }
    private static long zero(int fmt, boolean neg) { return neg ? signBit(fmt) : 0; }
    private static long withSign(int fmt, long x, boolean neg) {
        return (x & ~signBit(fmt)) | (neg ? signBit(fmt) : 0);
    }
    /** Significand of a finite non-zero value (implicit bit included, not normalised). */
    private static long sig(int fmt, long x) {
        long f = fracField(fmt, x);
        return expField(fmt, x) == 0 ? f : f | (1L << fracBits(fmt));
    }
    /** Exponent such that the value is sig * 2^exp. */
    private static int exp(int fmt, long x) {
        int e = expField(fmt, x);
        return (e == 0 ? 1 : e) - bias(fmt) - fracBits(fmt);
    }

    /** x >>> d, with any bit shifted out ORed into bit 0 ("jamming"); d >= 0. */
    private static long shiftRightJam(long x, int d) {
        if (d == 0) return x;
        if (d >= 64) return x != 0 ? 1 : 0;
        return (x >>> d) | ((x << (64 - d)) != 0 ? 1 : 0);
    }

    // ---------------------------------------------------------------------------------------
    // Rounding

    /** Whether a non-zero discarded part {@code rest} (with {@code half} the midpoint) rounds the magnitude up. */
    private static boolean roundUp(long q, long rest, long half, boolean neg, int rm) {
        return switch (rm) {
            case RNE -> rest > half || (rest == half && (q & 1) != 0);
            case RTZ -> false;
            case RDN -> neg;
            case RUP -> !neg;
            case RMM -> rest >= half;
            default -> throw new IllegalArgumentException("rounding mode " + rm);
        };
    }

    /**
     * Rounds (-1)^neg * sig * 2^e to the format and packs it, raising NX/UF/OF. {@code sig} is a
     * non-zero unsigned value; bit 0 may be a sticky bit standing for further non-zero bits below
     * it. That is sound because every caller supplies at least p+2 significant bits (after the
     * normalisation below, the sticky bit lies under the round bit), so the true value and the
     * jammed one fall between the same two neighbouring rounding boundaries.
     */
    private long roundPack(int fmt, boolean neg, int e, long sig, int rm) {
        if (sig < 0) {
            sig = (sig >>> 1) | (sig & 1);
            e++;
        }
        int lz = Long.numberOfLeadingZeros(sig) - 1;
        sig <<= lz;
        e -= lz;
        // now sig is in [2^62, 2^63) and the value's binary exponent is E
        int exponent = e + 62;
        int p = fracBits(fmt) + 1;
        int sh = 63 - p; // discarded bits below the result's last place
        long mask = (1L << sh) - 1, half = 1L << (sh - 1);
        long sign = neg ? signBit(fmt) : 0;
        int emin = emin(fmt);
        if (exponent < emin) {
            // Tininess after rounding: the value rounded to p bits with an unbounded exponent
            // range is still below 2^emin.
            boolean tiny = exponent < emin - 1;
            if (!tiny) {
                long q = sig >>> sh, rest = sig & mask;
                tiny = rest == 0 || !roundUp(q, rest, half, neg, rm) || q + 1 != 1L << p;
            }
            sig = shiftRightJam(sig, emin - exponent);
            long q = sig >>> sh, rest = sig & mask;
            if (rest != 0) {
                flags |= tiny ? NX | UF : NX;
                if (roundUp(q, rest, half, neg, rm)) q++;
            }
            // a subnormal has exponent field 0; q == 2^(p-1) packs as the smallest normal
            return sign | q;
        }
        long q = sig >>> sh, rest = sig & mask;
        if (rest != 0) {
            flags |= NX;
            if (roundUp(q, rest, half, neg, rm)) {
                q++;
                if (q == 1L << p) {
                    q >>>= 1;
                    exponent++;
                }
            }
        }
        if (exponent > emax(fmt)) {
            flags |= OF | NX;
            boolean toInf = switch (rm) {
                case RNE, RMM -> true;
                case RTZ -> false;
                case RDN -> neg;
                default -> !neg; // RUP
            };
            return toInf ? inf(fmt, neg) : inf(fmt, neg) - 1;
        }
        return sign | ((long) (exponent + bias(fmt)) << fracBits(fmt)) | (q & ((1L << fracBits(fmt)) - 1));
    }

    // ---------------------------------------------------------------------------------------
    // Arithmetic

    private long add(int fmt, long a, long b, boolean negateB, int rm) {
        if (isNaN(fmt, a) || isNaN(fmt, b)) {
            if (isSNaN(fmt, a) || isSNaN(fmt, b)) flags |= NV;
            return canonicalNaN(fmt);
        }
        boolean sa = neg(fmt, a), sb = neg(fmt, b) ^ negateB;
        if (isInf(fmt, a)) {
            if (isInf(fmt, b) && sa != sb) {
                flags |= NV;
                return canonicalNaN(fmt);
            }
            return a;
        }
        if (isInf(fmt, b)) return inf(fmt, sb);
        if (isZero(fmt, a)) {
            if (isZero(fmt, b)) return sa == sb ? zero(fmt, sa) : zero(fmt, rm == RDN);
            return withSign(fmt, b, sb);
        }
        if (isZero(fmt, b)) return a;
        long ma = sig(fmt, a), mb = sig(fmt, b);
        int ea = exp(fmt, a), eb = exp(fmt, b);
        int la = Long.numberOfLeadingZeros(ma) - 2, lb = Long.numberOfLeadingZeros(mb) - 2;
        ma <<= la; // top bit at 61: room for the carry
        ea -= la;
        mb <<= lb;
        eb -= lb;
        if (ea < eb || (ea == eb && ma < mb)) {
            long t = ma; ma = mb; mb = t;
            int te = ea; ea = eb; eb = te;
            boolean ts = sa; sa = sb; sb = ts;
        }
        mb = shiftRightJam(mb, ea - eb);
        long m = sa == sb ? ma + mb : ma - mb;
        if (m == 0) return zero(fmt, rm == RDN);
        return roundPack(fmt, sa, ea, m, rm);
    }

    private long mul(int fmt, long a, long b, int rm) {
        if (isNaN(fmt, a) || isNaN(fmt, b)) {
            if (isSNaN(fmt, a) || isSNaN(fmt, b)) flags |= NV;
            return canonicalNaN(fmt);
        }
        boolean s = neg(fmt, a) ^ neg(fmt, b);
        if (isInf(fmt, a) || isInf(fmt, b)) {
            if (isZero(fmt, a) || isZero(fmt, b)) {
                flags |= NV;
                return canonicalNaN(fmt);
            }
            return inf(fmt, s);
        }
        if (isZero(fmt, a) || isZero(fmt, b)) return zero(fmt, s);
        long ma = sig(fmt, a), mb = sig(fmt, b);
        int la = Long.numberOfLeadingZeros(ma), lb = Long.numberOfLeadingZeros(mb);
        ma <<= la;
        mb <<= lb;
        long hi = Math.unsignedMultiplyHigh(ma, mb), lo = ma * mb;
        return roundPack(fmt, s, exp(fmt, a) - la + exp(fmt, b) - lb + 64, hi | (lo != 0 ? 1 : 0), rm);
    }

    private long div(int fmt, long a, long b, int rm) {
        if (isNaN(fmt, a) || isNaN(fmt, b)) {
            if (isSNaN(fmt, a) || isSNaN(fmt, b)) flags |= NV;
            return canonicalNaN(fmt);
        }
        boolean s = neg(fmt, a) ^ neg(fmt, b);
        if (isInf(fmt, a)) {
            if (isInf(fmt, b)) {
                flags |= NV;
                return canonicalNaN(fmt);
            }
            return inf(fmt, s);
        }
        if (isInf(fmt, b)) return zero(fmt, s);
        if (isZero(fmt, b)) {
            if (isZero(fmt, a)) {
                flags |= NV;
                return canonicalNaN(fmt);
            }
            flags |= DZ;
            return inf(fmt, s);
        }
        if (isZero(fmt, a)) return zero(fmt, s);
        long ma = sig(fmt, a), mb = sig(fmt, b);
        int la = Long.numberOfLeadingZeros(ma) - 11, lb = Long.numberOfLeadingZeros(mb) - 11;
        ma <<= la; // both in [2^52, 2^53), exactly representable as doubles
        mb <<= lb;
        // q = floor(ma * 2^60 / mb), in (2^59, 2^61). The double quotient is within 2^-53
        // (relative) of ma/mb, so qe is within 2^8 of q, and the remainder
        // R = ma * 2^60 - qe * mb = mb * (exact - qe) has |R| <= 2^61: it fits a long, so it can
        // be computed with wrapping arithmetic. One floor division then corrects qe.
        long qe = (long) ((double) ma / (double) mb * 0x1p60);
        long r = (ma << 60) - qe * mb;
        long corr = Math.floorDiv(r, mb);
        long q = qe + corr;
        long rem = r - corr * mb; // in [0, mb)
        int e = (exp(fmt, a) - la) - (exp(fmt, b) - lb) - 60;
        return roundPack(fmt, s, e, q | (rem != 0 ? 1 : 0), rm);
    }

    private long sqrt(int fmt, long a, int rm) {
        if (isNaN(fmt, a)) {
            if (isSNaN(fmt, a)) flags |= NV;
            return canonicalNaN(fmt);
        }
        if (isZero(fmt, a)) return a; // sqrt(-0) = -0
        if (neg(fmt, a)) {
            flags |= NV;
            return canonicalNaN(fmt);
        }
        if (isInf(fmt, a)) return a;
        long m = sig(fmt, a);
        int k = Long.numberOfLeadingZeros(m) - 11; // top bit to position 52 ...
        int e = exp(fmt, a) - k;
        if ((e & 1) != 0) { // ... or 53, so that the exponent is even
            k++;
            e--;
        }
        m <<= k; // m in [2^52, 2^54) with at most 53 significant bits: exact as a double
        // s = floor(sqrt(m * 2^60)), in [2^56, 2^57). Math.sqrt is within half an ulp (8 units)
        // of the root, so the remainder R = m * 2^60 - s^2 has |R| < 2^62 and fits a long
        // (computed with wrapping arithmetic); a few exact steps then fix s.
        long root = (long) Math.sqrt((double) m * 0x1p60);
        long rem = (m << 60) - root * root;
        while (rem < 0) { // (s-1)^2 = s^2 - 2s + 1
            rem += 2 * root - 1;
            root--;
        }
        while (rem > 2 * root) { // (s+1)^2 <= m * 2^60
            root++;
            rem -= 2 * root - 1;
        }
        return roundPack(fmt, false, e / 2 - 30, root | (rem != 0 ? 1 : 0), rm);
    }

    private long hi128, lo128;

    /** (hi:lo) >>> d with jamming, into hi128/lo128. */
    private void shiftRightJam128(long hi, long lo, int d) {
        if (d == 0) {
            hi128 = hi;
            lo128 = lo;
        } else if (d < 64) {
            hi128 = hi >>> d;
            lo128 = (lo >>> d) | (hi << (64 - d)) | ((lo << (64 - d)) != 0 ? 1 : 0);
        } else if (d == 64) {
            hi128 = 0;
            lo128 = hi | (lo != 0 ? 1 : 0);
        } else if (d < 128) {
            hi128 = 0;
            lo128 = (hi >>> (d - 64)) | ((hi << (128 - d)) != 0 || lo != 0 ? 1 : 0);
        } else {
            hi128 = 0;
            lo128 = (hi | lo) != 0 ? 1 : 0;
        }
    }

    /** (-1)^neg * (hi:lo) * 2^e rounded; (hi:lo) non-zero. */
    private long roundPack128(int fmt, boolean neg, int e, long hi, long lo, int rm) {
        if (hi == 0) return roundPack(fmt, neg, e, lo, rm);
        int lz = Long.numberOfLeadingZeros(hi);
        long top = lz == 0 ? hi : (hi << lz) | (lo >>> (64 - lz));
        long rest = lo << lz;
        return roundPack(fmt, neg, e + 64 - lz, top | (rest != 0 ? 1 : 0), rm);
    }

    /** (-1)^negP * a * b + (-1)^negC * c with a single rounding. */
    private long fma(int fmt, long a, long b, long c, boolean negP, boolean negC, int rm) {
        boolean nan = isNaN(fmt, a) || isNaN(fmt, b) || isNaN(fmt, c);
        if (nan && (isSNaN(fmt, a) || isSNaN(fmt, b) || isSNaN(fmt, c))) flags |= NV;
        // RISC-V: inf * 0 raises NV even when the addend is a quiet NaN
        if ((isInf(fmt, a) && isZero(fmt, b)) || (isZero(fmt, a) && isInf(fmt, b))) {
            flags |= NV;
            return canonicalNaN(fmt);
        }
        if (nan) return canonicalNaN(fmt);
        boolean sp = neg(fmt, a) ^ neg(fmt, b) ^ negP, sc = neg(fmt, c) ^ negC;
        if (isInf(fmt, a) || isInf(fmt, b)) {
            if (isInf(fmt, c) && sc != sp) {
                flags |= NV;
                return canonicalNaN(fmt);
            }
            return inf(fmt, sp);
        }
        if (isInf(fmt, c)) return inf(fmt, sc);
        if (isZero(fmt, a) || isZero(fmt, b)) {
            if (isZero(fmt, c)) return sp == sc ? zero(fmt, sp) : zero(fmt, rm == RDN);
            return withSign(fmt, c, sc);
        }
        long ma = sig(fmt, a), mb = sig(fmt, b);
        int la = Long.numberOfLeadingZeros(ma) - 1, lb = Long.numberOfLeadingZeros(mb) - 1;
        ma <<= la;
        mb <<= lb;
        // exact product P = ph:pl in [2^124, 2^126), value P * 2^ep
        long ph = Math.unsignedMultiplyHigh(ma, mb), pl = ma * mb;
        int ep = exp(fmt, a) - la + exp(fmt, b) - lb;
        if (isZero(fmt, c)) return roundPack128(fmt, sp, ep, ph, pl, rm);
        long mc = sig(fmt, c);
        int lc = Long.numberOfLeadingZeros(mc) - 1;
        mc <<= lc;
        // C = ch:cl = mc * 2^62 in [2^124, 2^125), value C * 2^ec
        long ch = mc >>> 2, cl = mc << 62;
        int ec = exp(fmt, c) - lc - 62;
        // Align to the larger exponent. Bits are only lost (jammed) when the shift exceeds the
        // shifted operand's trailing zeros (>= 18), so then the other operand dominates and the
        // result keeps its leading bit at >= 2^123: the sticky bit stays far below the rounding point.
        int e;
        if (ep >= ec) {
            shiftRightJam128(ch, cl, ep - ec);
            ch = hi128;
            cl = lo128;
            e = ep;
        } else {
            shiftRightJam128(ph, pl, ec - ep);
            ph = hi128;
            pl = lo128;
            e = ec;
        }
        long rh, rl;
        boolean s;
        if (sp == sc) {
            rl = pl + cl;
            rh = ph + ch + (Long.compareUnsigned(rl, pl) < 0 ? 1 : 0);
            s = sp;
        } else {
            int cmp = ph != ch ? Long.compareUnsigned(ph, ch) : Long.compareUnsigned(pl, cl);
            if (cmp == 0) return zero(fmt, rm == RDN);
            if (cmp > 0) {
                rl = pl - cl;
                rh = ph - ch - (Long.compareUnsigned(pl, cl) < 0 ? 1 : 0);
                s = sp;
            } else {
                rl = cl - pl;
                rh = ch - ph - (Long.compareUnsigned(cl, pl) < 0 ? 1 : 0);
                s = sc;
            }
        }
        return roundPack128(fmt, s, e, rh, rl, rm);
    }

    // ---------------------------------------------------------------------------------------
    // min/max, comparisons, classify

    /** a < b for non-NaN values, with -0 < +0. */
    private static boolean orderedLess(int fmt, long a, long b) {
        boolean na = neg(fmt, a), nb = neg(fmt, b);
        if (na != nb) return na;
        long ma = a & ~signBit(fmt), mb = b & ~signBit(fmt);
        return na ? ma > mb : ma < mb;
    }

    private long minMax(int fmt, long a, long b, boolean max) {
        if (isSNaN(fmt, a) || isSNaN(fmt, b)) flags |= NV;
        boolean na = isNaN(fmt, a), nb = isNaN(fmt, b);
        if (na && nb) return canonicalNaN(fmt);
        if (na) return b;
        if (nb) return a;
        return orderedLess(fmt, a, b) != max ? a : b;
    }

    private boolean eq(int fmt, long a, long b) {
        if (isNaN(fmt, a) || isNaN(fmt, b)) {
            if (isSNaN(fmt, a) || isSNaN(fmt, b)) flags |= NV;
            return false;
        }
        return a == b || (isZero(fmt, a) && isZero(fmt, b));
    }

    private boolean lt(int fmt, long a, long b) {
        if (isNaN(fmt, a) || isNaN(fmt, b)) {
            flags |= NV;
            return false;
        }
        return !(isZero(fmt, a) && isZero(fmt, b)) && orderedLess(fmt, a, b);
    }

    private boolean le(int fmt, long a, long b) {
        if (isNaN(fmt, a) || isNaN(fmt, b)) {
            flags |= NV;
            return false;
        }
        return (isZero(fmt, a) && isZero(fmt, b)) || a == b || orderedLess(fmt, a, b);
    }

    private static int classify(int fmt, long a) {
        boolean n = neg(fmt, a);
        if (isNaN(fmt, a)) return isSNaN(fmt, a) ? 1 << 8 : 1 << 9;
        if (isInf(fmt, a)) return n ? 1 : 1 << 7;
        if (isZero(fmt, a)) return n ? 1 << 3 : 1 << 4;
        if (expField(fmt, a) == 0) return n ? 1 << 2 : 1 << 5;
        return n ? 1 << 1 : 1 << 6;
    }

    // ---------------------------------------------------------------------------------------
    // Conversions

    private static final int I32 = 0, U32 = 1, I64 = 2, U64 = 3;

    private long toInt(int fmt, long a, int rm, int kind) {
        long max = switch (kind) {
            case I32 -> Integer.MAX_VALUE;
            case U32 -> 0xffffffffL;
            case I64 -> Long.MAX_VALUE;
            default -> -1L;
        };
        long min = switch (kind) {
            case I32 -> Integer.MIN_VALUE;
            case I64 -> Long.MIN_VALUE;
            default -> 0;
        };
        if (isNaN(fmt, a)) {
            flags |= NV;
            return max;
        }
        boolean n = neg(fmt, a);
        if (isInf(fmt, a)) {
            flags |= NV;
            return n ? min : max;
        }
        if (isZero(fmt, a)) return 0;
        long m = sig(fmt, a);
        int e = exp(fmt, a);
        long mag;
        boolean inexact = false, tooBig = false;
        if (e >= 0) {
            if (e >= 64 || 64 - Long.numberOfLeadingZeros(m) + e > 64) {
                tooBig = true;
                mag = 0;
            } else {
                mag = m << e;
            }
        } else {
            int sh = -e;
            long q, rest, half;
            if (sh < 64) {
                q = m >>> sh;
                rest = m & ((1L << sh) - 1);
                half = 1L << (sh - 1);
            } else { // m < 2^53 is below half of 2^sh
                q = 0;
                rest = 1;
                half = Long.MAX_VALUE;
            }
            mag = q;
            if (rest != 0) {
                inexact = true;
                if (roundUp(q, rest, half, n, rm)) mag++;
            }
        }
        boolean fits = !tooBig && switch (kind) {
            // mag is unsigned
            case I32 -> Long.compareUnsigned(mag, n ? 1L << 31 : Integer.MAX_VALUE) <= 0;
            case U32 -> n ? mag == 0 : Long.compareUnsigned(mag, 0xffffffffL) <= 0;
            case I64 -> n ? Long.compareUnsigned(mag, 1L << 63) <= 0 : mag >= 0;
            default -> n ? mag == 0 : true;
        };
        if (!fits) {
            flags |= NV;
            return n ? min : max;
        }
        if (inexact) flags |= NX;
        return n ? -mag : mag;
    }

    private long fromInt(int fmt, boolean neg, long mag, int rm) {
        if (mag == 0) return 0;
        return roundPack(fmt, neg, 0, mag, rm);
    }

    private long convert(int from, int to, long a, int rm) {
        if (isNaN(from, a)) {
            if (isSNaN(from, a)) flags |= NV;
            return canonicalNaN(to);
        }
        boolean n = neg(from, a);
        if (isInf(from, a)) return inf(to, n);
        if (isZero(from, a)) return zero(to, n);
        return roundPack(to, n, exp(from, a), sig(from, a), rm);
    }

    // ---------------------------------------------------------------------------------------
    // Round-to-nearest-even fast paths with Java's (IEEE, correctly rounded) operations; only
    // used where the result can be neither tiny nor overflow, and NX comes from an exact error.

    private static double dbl(long a) { return Double.longBitsToDouble(a); }

    /** Finite with magnitude below 2^1000, so that a sum and its TwoSum error cannot overflow. */
    private static boolean below2p1000(long a) { return ((a >>> 52) & 0x7ff) < 1023 + 1000; }

    /** x + y for finite x, y below 2^1000 (sums never underflow; zeros get IEEE signs natively). */
    private long nativeSum(double x, double y) {
        double s = x + y;
        // Knuth's TwoSum: the exact error of the rounded sum
        double yv = s - x, xv = s - yv;
        if ((x - xv) + (y - yv) != 0) flags |= NX;
        return Double.doubleToRawLongBits(s);
    }

    /** x + y for finite floats: the double sum rounded to float is correctly rounded. */
    private int nativeSum32(float x, float y) {
        double dx = x, dy = y, s = dx + dy;
        double yv = s - dx, xv = s - yv;
        float r = (float) s;
        if ((dx - xv) + (dy - yv) != 0 || r != s) flags |= NX;
        return Float.floatToRawIntBits(r);
    }

    // ---------------------------------------------------------------------------------------
    // Public API: binary64

    public long add64(long a, long b, int rm) {
        if (rm == RNE && fastPaths && below2p1000(a) && below2p1000(b)) return nativeSum(dbl(a), dbl(b));
        return add(D, a, b, false, rm);
    }

    public long sub64(long a, long b, int rm) {
        if (rm == RNE && fastPaths && below2p1000(a) && below2p1000(b)) return nativeSum(dbl(a), -dbl(b));
        return add(D, a, b, true, rm);
    }

    public long mul64(long a, long b, int rm) {
        if (rm == RNE && fastPaths) {
            double x = dbl(a), y = dbl(b), p = x * y, m = Math.abs(p);
            // The error x*y - p is a multiple of ulp(x)*ulp(y) >= 2^(exp(p) - 105) and below
            // ulp(p)/2: representable when |p| >= 2^-900, so the fma yields it exactly.
            if (m >= 0x1p-900 && m <= Double.MAX_VALUE) {
                if (Math.fma(x, y, -p) != 0) flags |= NX;
                return Double.doubleToRawLongBits(p);
            }
        }
        return mul(D, a, b, rm);
    }

    public long div64(long a, long b, int rm) {
        if (rm == RNE && fastPaths) {
            double x = dbl(a), y = dbl(b), q = x / y, mq = Math.abs(q), mx = Math.abs(x);
            // The remainder x - q*y is a multiple of ulp(q)*ulp(y) with fewer than 53 bits and
            // at least 2^(exp(x) - 105): exactly representable for these ranges.
            if (mq >= 0x1p-900 && mq <= 0x1p900 && mx >= 0x1p-900 && mx <= 0x1p900) {
                if (Math.fma(-q, y, x) != 0) flags |= NX;
                return Double.doubleToRawLongBits(q);
            }
        }
        return div(D, a, b, rm);
    }

    public long sqrt64(long a, int rm) {
        if (rm == RNE && fastPaths) {
            double x = dbl(a);
            // x - r*r is a multiple of ulp(r)^2 with at most 53 bits: exact when x >= 2^-968
            if (x >= 0x1p-968 && x <= Double.MAX_VALUE) {
                double r = Math.sqrt(x);
                if (Math.fma(r, r, -x) != 0) flags |= NX;
                return Double.doubleToRawLongBits(r);
            }
        }
        return sqrt(D, a, rm);
    }
    /** a*b + c */
    public long fmadd64(long a, long b, long c, int rm) { return fma(D, a, b, c, false, false, rm); }
    /** a*b - c */
    public long fmsub64(long a, long b, long c, int rm) { return fma(D, a, b, c, false, true, rm); }
    /** -(a*b) + c */
    public long fnmsub64(long a, long b, long c, int rm) { return fma(D, a, b, c, true, false, rm); }
    /** -(a*b) - c */
    public long fnmadd64(long a, long b, long c, int rm) { return fma(D, a, b, c, true, true, rm); }
    public long min64(long a, long b) { return minMax(D, a, b, false); }
    public long max64(long a, long b) { return minMax(D, a, b, true); }
    public boolean eq64(long a, long b) { return eq(D, a, b); }
    public boolean lt64(long a, long b) { return lt(D, a, b); }
    public boolean le64(long a, long b) { return le(D, a, b); }
    public static int classify64(long a) { return classify(D, a); }
    public int toInt32From64(long a, int rm) { return (int) toInt(D, a, rm, I32); }
    public int toUInt32From64(long a, int rm) { return (int) toInt(D, a, rm, U32); }
    public long toInt64From64(long a, int rm) { return toInt(D, a, rm, I64); }
    public long toUInt64From64(long a, int rm) { return toInt(D, a, rm, U64); }
    public long fromInt32To64(int v, int rm) { return fromInt(D, v < 0, Math.abs((long) v), rm); }
    public long fromUInt32To64(int v, int rm) { return fromInt(D, false, v & 0xffffffffL, rm); }
    public long fromInt64To64(long v, int rm) { return fromInt(D, v < 0, v < 0 ? -v : v, rm); }
    public long fromUInt64To64(long v, int rm) { return fromInt(D, false, v, rm); }

    // ---------------------------------------------------------------------------------------
    // Public API: binary32

    private static long u(int a) { return a & 0xffffffffL; }

    private static boolean finite32(int a) { return (a & 0x7f800000) != 0x7f800000; }

    public int add32(int a, int b, int rm) {
        if (rm == RNE && fastPaths && finite32(a) && finite32(b)) {
            int r = nativeSum32(Float.intBitsToFloat(a), Float.intBitsToFloat(b));
            if (finite32(r)) return r;
        }
        return (int) add(S, u(a), u(b), false, rm);
    }

    public int sub32(int a, int b, int rm) {
        if (rm == RNE && fastPaths && finite32(a) && finite32(b)) {
            int r = nativeSum32(Float.intBitsToFloat(a), -Float.intBitsToFloat(b));
            if (finite32(r)) return r;
        }
        return (int) add(S, u(a), u(b), true, rm);
    }

    public int mul32(int a, int b, int rm) {
        if (rm == RNE && fastPaths) {
            // exact in double (48 bits, exponents far inside the double range), then rounded once
            double p = (double) Float.intBitsToFloat(a) * Float.intBitsToFloat(b), m = Math.abs(p);
            if (m >= 0x1p-126 && m <= Float.MAX_VALUE) { // not tiny, cannot overflow
                float r = (float) p;
                if (r != p) flags |= NX;
                return Float.floatToRawIntBits(r);
            }
        }
        return (int) mul(S, u(a), u(b), rm);
    }

    public int div32(int a, int b, int rm) {
        if (rm == RNE && fastPaths) {
            // a double quotient rounded to float is correctly rounded (53 >= 2*24 + 1); the
            // double remainder is exact for operands in the float range
            double x = Float.intBitsToFloat(a), y = Float.intBitsToFloat(b), q = x / y, m = Math.abs(q);
            if (m >= 0x1p-126 && m <= Float.MAX_VALUE) {
                float r = (float) q;
                if (r != q || Math.fma(-q, y, x) != 0) flags |= NX;
                return Float.floatToRawIntBits(r);
            }
        }
        return (int) div(S, u(a), u(b), rm);
    }

    public int sqrt32(int a, int rm) {
        if (rm == RNE && fastPaths && a > 0 && finite32(a)) {
            // double root rounded to float is correctly rounded (53 >= 2*24 + 2)
            double x = Float.intBitsToFloat(a), q = Math.sqrt(x);
            float r = (float) q;
            if (r != q || Math.fma(q, q, -x) != 0) flags |= NX;
            return Float.floatToRawIntBits(r);
        }
        return (int) sqrt(S, u(a), rm);
    }
    /** a*b + c */
    public int fmadd32(int a, int b, int c, int rm) { return (int) fma(S, u(a), u(b), u(c), false, false, rm); }
    /** a*b - c */
    public int fmsub32(int a, int b, int c, int rm) { return (int) fma(S, u(a), u(b), u(c), false, true, rm); }
    /** -(a*b) + c */
    public int fnmsub32(int a, int b, int c, int rm) { return (int) fma(S, u(a), u(b), u(c), true, false, rm); }
    /** -(a*b) - c */
    public int fnmadd32(int a, int b, int c, int rm) { return (int) fma(S, u(a), u(b), u(c), true, true, rm); }
    public int min32(int a, int b) { return (int) minMax(S, u(a), u(b), false); }
    public int max32(int a, int b) { return (int) minMax(S, u(a), u(b), true); }
    public boolean eq32(int a, int b) { return eq(S, u(a), u(b)); }
    public boolean lt32(int a, int b) { return lt(S, u(a), u(b)); }
    public boolean le32(int a, int b) { return le(S, u(a), u(b)); }
    public static int classify32(int a) { return classify(S, u(a)); }
    public int toInt32From32(int a, int rm) { return (int) toInt(S, u(a), rm, I32); }
    public int toUInt32From32(int a, int rm) { return (int) toInt(S, u(a), rm, U32); }
    public long toInt64From32(int a, int rm) { return toInt(S, u(a), rm, I64); }
    public long toUInt64From32(int a, int rm) { return toInt(S, u(a), rm, U64); }
    public int fromInt32To32(int v, int rm) { return (int) fromInt(S, v < 0, Math.abs((long) v), rm); }
    public int fromUInt32To32(int v, int rm) { return (int) fromInt(S, false, v & 0xffffffffL, rm); }
    public int fromInt64To32(long v, int rm) { return (int) fromInt(S, v < 0, v < 0 ? -v : v, rm); }
    public int fromUInt64To32(long v, int rm) { return (int) fromInt(S, false, v, rm); }

    // ---------------------------------------------------------------------------------------
    // Public API: conversions between the formats

    /** fcvt.s.d */
    public int doubleToSingle(long a, int rm) { return (int) convert(D, S, a, rm); }
    /** fcvt.d.s (always exact) */
    public long singleToDouble(int a) { return convert(S, D, u(a), RNE); }
}
