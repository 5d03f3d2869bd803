package org.cheriemu.emulator.fpu;

import java.util.SplittableRandom;

/** Random operands biased toward the hard cases of floating-point arithmetic. */
final class Gen {
    final Ref.Fmt f;
    final SplittableRandom r;

    Gen(Ref.Fmt f, long seed) {
        this.f = f;
        this.r = new SplittableRandom(seed);
    }

    int fracBits() { return f.p() - 1; }
    long fracMask() { return (1L << fracBits()) - 1; }
    int maxExpField() { return (1 << f.expBits()) - 1; }

    /** Fraction patterns: random, runs of ones/zeros, few bits set or clear (near ties, exact products). */
    long frac() {
        int n = fracBits();
        return switch (r.nextInt(7)) {
            case 0, 1 -> r.nextLong() & fracMask();
            case 2 -> { // a run of ones
                int lo = r.nextInt(n), hi = lo + r.nextInt(n - lo + 1);
                yield ((hi == 64 ? -1L : (1L << hi) - 1) & ~((1L << lo) - 1)) & fracMask();
            }
            case 3 -> { // few bits set
                long v = 0;
                for (int i = r.nextInt(4); i > 0; i--) v |= 1L << r.nextInt(n);
                yield v;
            }
            case 4 -> { // few bits clear
                long v = fracMask();
                for (int i = r.nextInt(4); i > 0; i--) v &= ~(1L << r.nextInt(n));
                yield v;
            }
            case 5 -> { // ones (or zeros) at the top, random tail: near-halfway after shifts
                int k = r.nextInt(n);
                long tail = r.nextLong() & ((1L << k) - 1);
                yield (r.nextBoolean() ? fracMask() & ~((1L << k) - 1) : 0) | tail;
            }
            default -> (r.nextLong() & fracMask()) & (-1L << r.nextInt(n)); // short significand
        };
    }

    long pack(boolean neg, int expField, long frac) {
        return (neg ? f.signBit() : 0) | ((long) expField << fracBits()) | (frac & fracMask());
    }

    /** A finite value whose leading bit has the given unbiased exponent (subnormal / clamped as needed). */
    long withExp(boolean neg, int e) {
        if (e > f.emax()) e = f.emax();
        if (e >= f.emin()) return pack(neg, e + f.bias(), frac());
        int d = f.emin() - e; // subnormal: leading bit at fracBits - d
        if (d > fracBits()) return pack(neg, 0, 1);
        long lead = 1L << (fracBits() - d);
        return pack(neg, 0, lead | (frac() & (lead - 1)));
    }

    long special() {
        boolean neg = r.nextBoolean();
        return switch (r.nextInt(12)) {
            case 0 -> pack(neg, 0, 0); // zero
            case 1 -> pack(neg, maxExpField(), 0); // inf
            case 2 -> pack(r.nextBoolean(), maxExpField(), (1L << (fracBits() - 1)) | (r.nextLong() & (fracMask() >> 1))); // qNaN
            case 3 -> pack(r.nextBoolean(), maxExpField(), Math.max(1, r.nextLong() & (fracMask() >> 1))); // sNaN
            case 4 -> pack(neg, 0, 1); // min subnormal
            case 5 -> pack(neg, 0, fracMask()); // max subnormal
            case 6 -> pack(neg, 1, 0); // min normal
            case 7 -> pack(neg, maxExpField() - 1, fracMask()); // max finite
            case 8 -> pack(neg, f.bias(), 0); // 1.0
            case 9 -> pack(neg, maxExpField() - 1, frac());
            case 10 -> pack(neg, 1, frac());
            default -> pack(neg, 0, frac());
        };
    }

    /** Any operand. */
    long any() {
        boolean neg = r.nextBoolean();
        return switch (r.nextInt(10)) {
            case 0 -> r.nextLong() & f.mask();
            case 1 -> special();
            case 2 -> withExp(neg, f.emin() - r.nextInt(f.p() + 2)); // subnormal
            case 3 -> withExp(neg, f.emax() - r.nextInt(4));
            case 4 -> withExp(neg, f.emin() + r.nextInt(4));
            case 5 -> withExp(neg, r.nextInt(2 * f.emax() + f.p()) - f.emax() - f.p());
            default -> withExp(neg, r.nextInt(41) - 20);
        };
    }

    int expOf(long x) {
        int ef = (int) ((x >>> fracBits()) & maxExpField());
        if (ef == 0) {
            long fr = x & fracMask();
            return fr == 0 ? 0 : f.emin() - (fracBits() - (63 - Long.numberOfLeadingZeros(fr)));
        }
        return ef - f.bias();
    }

    boolean finite(long x) {
        return ((x >>> fracBits()) & maxExpField()) != maxExpField();
    }

    /** An operand for addition with a: cancellation, a few ulps away, or shifted by some exponent. */
    long addend(long a) {
        if (!finite(a) || r.nextInt(5) == 0) return any();
        boolean neg = r.nextBoolean();
        return switch (r.nextInt(5)) {
            case 0 -> ((a + r.nextInt(9) - 4) & ~f.signBit() & f.mask()) | (neg ? f.signBit() : 0);
            case 1 -> withExp(neg, expOf(a) - r.nextInt(3));
            case 2 -> withExp(neg, expOf(a) - r.nextInt(f.p() + 4));
            case 3 -> withExp(neg, expOf(a) - r.nextInt(3 * f.p()));
            default -> withExp(neg, expOf(a) + r.nextInt(f.p() + 4));
        };
    }

    /** Target exponents for products/quotients: underflow, overflow, ordinary. */
    int targetExp() {
        return switch (r.nextInt(4)) {
            case 0 -> f.emin() - r.nextInt(f.p() + 3) + 1;
            case 1 -> f.emax() - r.nextInt(4) + 1;
            default -> r.nextInt(21) - 10;
        };
    }

    long factor(long a) {
        if (!finite(a) || r.nextInt(4) == 0) return any();
        return withExp(r.nextBoolean(), targetExp() - expOf(a));
    }

    long divisor(long a) {
        if (!finite(a) || r.nextInt(4) == 0) return any();
        if (r.nextInt(4) == 0) { // exact or near-exact quotient: a = b * q
            return withExp(r.nextBoolean(), expOf(a) - r.nextInt(5));
        }
        return withExp(r.nextBoolean(), expOf(a) - targetExp());
    }

    /** A value whose significand is an odd number of exactly {@code bits} bits (1..p), exponent near 0. */
    long oddSignificand(int bits) {
        long m = (1L << (bits - 1)) | (r.nextLong() & ((1L << (bits - 1)) - 1)) | 1;
        long frac = (m << (f.p() - bits)) & fracMask();
        return pack(r.nextBoolean(), f.bias() + r.nextInt(21) - 10, frac);
    }

    /** An integer operand of the given width, biased to precision and range boundaries. */
    long integer(boolean wide) {
        int bits = wide ? 64 : 32;
        return switch (r.nextInt(6)) {
            case 0 -> wide ? r.nextLong() : r.nextInt();
            case 1 -> r.nextInt(2001) - 1000;
            case 2 -> { // around 2^k with a random low part: near ties when k > p
                int k = r.nextInt(bits);
                long v = (1L << k) + (r.nextLong() >> r.nextInt(64));
                yield wide ? v : (int) v;
            }
            case 3 -> wide ? (r.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE) + r.nextInt(5) - 2
                    : (int) ((r.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE) + r.nextInt(5) - 2);
            default -> { // a run of ones of random length at a random position
                int lo = r.nextInt(bits), len = 1 + r.nextInt(Math.min(bits - lo, f.p() + 3));
                long v = (len == 64 ? -1L : ((1L << len) - 1)) << lo;
                if (r.nextBoolean()) v ^= 1L << r.nextInt(bits);
                yield wide ? v : (int) v;
            }
        };
    }

    /** A floating-point operand for conversion to integers: near integers, halves, range limits. */
    long toIntOperand() {
        boolean neg = r.nextInt(3) == 0;
        return switch (r.nextInt(7)) {
            case 0 -> any();
            case 1 -> withExp(neg, r.nextInt(8) - 4);
            case 2 -> { // around 31, 32, 63, 64-bit boundaries
                int[] bounds = {30, 31, 32, 62, 63, 64};
                yield withExp(neg, bounds[r.nextInt(bounds.length)] - r.nextInt(2));
            }
            case 3 -> { // exact +-2^k and neighbours
                int k = new int[] {31, 32, 63, 64}[r.nextInt(4)];
                long x = pack(neg, k + f.bias(), 0);
                yield x + r.nextInt(5) - 2;
            }
            case 4 -> { // an exact half: (2k + 1) / 2, for ties in every range
                int bits = 1 + r.nextInt(Math.min(f.p() - 1, 40));
                long k = (r.nextLong() >>> (64 - bits)) | (1L << (bits - 1));
                yield pack(neg, bits - 1 + f.bias(), (((k << 1) | 1) << (f.p() - 1 - bits)) & fracMask());
            }
            default -> withExp(neg, r.nextInt(f.p() + 12) - 2);
        };
    }
}
