package org.cheriemu.isa.cap;

import static org.cheriemu.isa.cap.CapFormat.CAP_MAX_E;

/**
 * Encoding requested bounds (CSetBounds family, reference §1.6) and CRRL / CRAM (§1.7).
 *
 * <p>{@link #encode} returns an "encoded" long, allocation-free: bits 26:0 are the new EBT group
 * (register form, exactly as it goes into meta[26:0]) and bit 63 ({@link #EXACT}) is set when
 * the decoded bounds equal the requested ones. Bits 62:27 are zero. Use {@link #ebt},
 * {@link #isExact} and {@link #applyTo} to take it apart.
 */
public final class SetBounds {
    private SetBounds() {}

    /** Set in an encoded result when the bounds were representable without rounding. */
    public static final long EXACT = 1L << 63;

    /** Encodes bounds [base, base + length), length zero-extended (so top may exceed 2^64). */
    public static long encode(long base, long length) {
        long topLow = base + length;
        boolean topHigh = Long.compareUnsigned(topLow, base) < 0;
        return encode(base, topLow, topHigh);
    }

    /**
     * Encodes bounds [base, top) with a 65-bit top given as (bit 64, bits 63:0). The requested
     * top must not be below base. The result's address should be {@code base}.
     */
    public static long encode(long base, long topLow, boolean topHigh) {
        // L = t − b, 65 bits (§1.6)
        long lenLow = topLow - base;
        boolean lenHigh = topHigh ^ (Long.compareUnsigned(topLow, base) < 0);
        // e = 52 − clz65(L[64:13]): 0 if L < 2^13, else index of L's MSB − 12
        int e = lenHigh ? CAP_MAX_E : Math.max(0, 63 - Long.numberOfLeadingZeros(lenLow) - 12);
        boolean ie = e != 0 || ((lenLow >>> 12) & 1) != 0;
        if (!ie) {
            // IE=0: E=0, B = b[13:0], T field = t[11:0]; always exact
            return EXACT | ((topLow & CapFormat.T_FIELD_MASK) << CapFormat.T_FIELD_SHIFT)
                    | (base & CapFormat.B_FIELD_MASK);
        }
        long bi = bits11(base, false, e);
        long ti = bits11(topLow, topHigh, e);
        boolean lostB = lowBitsNonZero(base, e);
        boolean lostT = lowBitsNonZero(topLow, e);
        if (lostT) {
            ti = (ti + 1) & 0x7FF; // round top up
        }
        if ((((ti - bi) & 0x7FF) & 0x400) != 0) {
            // length overflowed the mantissa: bump the exponent
            lostB |= (bi & 1) != 0;
            lostT |= (ti & 1) != 0;
            e++;
            bi = bits11(base, false, e);
            ti = bits11(topLow, topHigh, e);
            if (lostT) {
                ti = (ti + 1) & 0x7FF;
            }
        }
        boolean exact = !(lostB || lostT);
        // IE=1: T field[11:3] = Ti[8:0], T field[2:0] = E[5:3]; B field[13:3] = Bi, [2:0] = E[2:0]
        long ebt = (1L << CapFormat.IE_SHIFT)
                | ((ti & 0x1FF) << 17)
                | ((long) ((e >>> 3) & 7) << CapFormat.T_FIELD_SHIFT)
                | (bi << 3)
                | (e & 7);
        return exact ? ebt | EXACT : ebt;
    }

    /** The EBT group (meta[26:0]) of an encoded result. */
    public static long ebt(long encoded) {
        return encoded & CapFormat.EBT_MASK;
    }

    public static boolean isExact(long encoded) {
        return (encoded & EXACT) != 0;
    }

    /** {@code meta} with its bounds replaced by those of an encoded result. */
    public static long applyTo(long meta, long encoded) {
        return CapFormat.withEbt(meta, encoded);
    }

    /**
     * CRAM (§1.7): mask that aligns a base so that a region of {@code length} bytes is exactly
     * representable: all ones above bit k, where k = E + 3 if set-bounds of [0, length) needs
     * IE, else 0.
     */
    public static long cram(long length) {
        long ebt = ebt(encode(0, length, false));
        if (((ebt >>> CapFormat.IE_SHIFT) & 1) == 0) {
            return -1L;
        }
        int k = Math.min(CapFormat.exponent(ebt), CAP_MAX_E) + 3; // at most 55: shift is safe
        return -1L << k;
    }

    /** CRRL (§1.7): length rounded up to a representable one; wraps to 0 near 2^64. */
    public static long crrl(long length) {
        long m = cram(length);
        return (length + ~m) & m;
    }

    /** x[e+13 : e+3] of a 65-bit value (bit 64 given separately). */
    private static long bits11(long low, boolean high, int e) {
        int s = e + 3; // 3..56
        long v = low >>> s;
        if (high) {
            v |= 1L << (64 - s);
        }
        return v & 0x7FF;
    }

    /** x[e+2 : 0] != 0. */
    private static boolean lowBitsNonZero(long x, int e) {
        return (x & ((1L << (e + 3)) - 1)) != 0;
    }
}
