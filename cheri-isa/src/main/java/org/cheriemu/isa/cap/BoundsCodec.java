package org.cheriemu.isa.cap;

import static org.cheriemu.isa.cap.CapFormat.CAP_MAX_E;

/**
 * Decodes base and top from (register-form meta, address): reference §1.3–§1.5.
 *
 * <p>Top is 65 bits wide. It is returned as {@link #topLow} (bits 63:0) and {@link #topHigh}
 * (bit 64). Base is 64 bits (§1.4 drops its bit 64). Every function is static and allocates
 * nothing. Malformed encodings are decoded, never rejected (§1.5); {@link #isDerivable} tells
 * whether an encoding could have been made by set-bounds.
 */
public final class BoundsCodec {
    private BoundsCodec() {}

    /** Index of base in the array filled by {@link #decode(long, long, long[], int)}. */
    public static final int BASE = 0;
    /** Index of top bits 63:0. */
    public static final int TOP_LOW = 1;
    /** Index of top bit 64 (0 or 1). */
    public static final int TOP_HIGH = 2;

    /** Exponent used for decoding: stored E clamped to CAP_MAX_E (§1.4). */
    public static int decodeExponent(long meta) {
        return Math.min(CapFormat.exponent(meta), CAP_MAX_E);
    }

    /** 64-bit base. */
    public static long base(long meta, long addr) {
        int e = decodeExponent(meta);
        int b = CapFormat.bottom(meta);
        return low64(window(e, addr, b, b), b, e);
    }

    /** Bits 63:0 of the 65-bit top. The §1.4 top-MSB correction only touches bit 64. */
    public static long topLow(long meta, long addr) {
        int e = decodeExponent(meta);
        int t = CapFormat.top14(meta);
        return low64(window(e, addr, t, CapFormat.bottom(meta)), t, e);
    }

    /** Bit 64 of the 65-bit top, after the §1.4 top-MSB correction. */
    public static boolean topHigh(long meta, long addr) {
        int e = decodeExponent(meta);
        int b = CapFormat.bottom(meta);
        int t = CapFormat.top14(meta);
        long vt = window(e, addr, t, b);
        return topBit64(e, vt, t, low64(vt, t, e), low64(window(e, addr, b, b), b, e)) != 0;
    }

    /**
     * Decodes into {@code out[off + BASE]}, {@code out[off + TOP_LOW]}, {@code out[off + TOP_HIGH]}
     * (0 or 1), for callers that cache decoded bounds per register.
     */
    public static void decode(long meta, long addr, long[] out, int off) {
        int e = decodeExponent(meta);
        int b = CapFormat.bottom(meta);
        int t = CapFormat.top14(meta);
        long vt = window(e, addr, t, b);
        long base = low64(window(e, addr, b, b), b, e);
        long topLow = low64(vt, t, e);
        out[off + BASE] = base;
        out[off + TOP_LOW] = topLow;
        out[off + TOP_HIGH] = topBit64(e, vt, t, topLow, base);
    }

    /**
     * capBoundsEqual (§1.8): whether decoding at two addresses gives the same base and top. The
     * fields are unpacked once; this is the precise representability check.
     */
    public static boolean sameBounds(long meta, long addr1, long addr2) {
        int e = decodeExponent(meta);
        int b = CapFormat.bottom(meta);
        int t = CapFormat.top14(meta);
        long base1 = low64(window(e, addr1, b, b), b, e);
        long base2 = low64(window(e, addr2, b, b), b, e);
        long vt1 = window(e, addr1, t, b);
        long vt2 = window(e, addr2, t, b);
        long topLow1 = low64(vt1, t, e);
        long topLow2 = low64(vt2, t, e);
        return base1 == base2 && topLow1 == topLow2
                && topBit64(e, vt1, t, topLow1, base1) == topBit64(e, vt2, t, topLow2, base2);
    }

    /**
     * {@code inCapBounds} (§1.4): {@code base <= addr && addr + size <= top}, with the sum and
     * top compared as 65-bit unsigned numbers. {@code size} is unsigned.
     */
    public static boolean inBounds(long base, long topLow, boolean topHigh, long addr, long size) {
        if (Long.compareUnsigned(addr, base) < 0) {
            return false;
        }
        long endLow = addr + size;
        boolean endHigh = Long.compareUnsigned(endLow, addr) < 0; // carry into bit 64
        return compare65(endHigh, endLow, topHigh, topLow) <= 0;
    }

    /** inCapBounds decoding the capability first (slow path convenience). */
    public static boolean inBounds(long meta, long capAddr, long addr, long size) {
        return inBounds(base(meta, capAddr), topLow(meta, capAddr), topHigh(meta, capAddr), addr, size);
    }

    /** Unsigned compare of two 65-bit numbers given as (bit 64, bits 63:0). */
    public static int compare65(boolean aHigh, long aLow, boolean bHigh, long bLow) {
        if (aHigh != bHigh) {
            return aHigh ? 1 : -1;
        }
        return Long.compareUnsigned(aLow, bLow);
    }

    /** CGetTop: top saturated to 2^64 − 1 (§1.4). */
    public static long saturatedTop(long meta, long addr) {
        return topHigh(meta, addr) ? -1L : topLow(meta, addr);
    }

    /** CGetLen: (top − base) mod 2^65, saturated to 2^64 − 1 (§1.4). */
    public static long saturatedLength(long meta, long addr) {
        long base = base(meta, addr);
        long topLow = topLow(meta, addr);
        long high = (topHigh(meta, addr) ? 1 : 0) - (Long.compareUnsigned(topLow, base) < 0 ? 1 : 0);
        return (high & 1) != 0 ? -1L : topLow - base;
    }

    /**
     * Whether an encoding is one set-bounds can produce (§1.5, CCC bounds_bits_valid): not when
     * E ≥ 52 with T[13] ≠ 0 or B[13:12] ≠ 0, nor when E = 51 with B[13] ≠ 0. Untagged values may
     * still hold such bits; CBuildCap refuses them.
     */
    public static boolean isDerivable(long meta) {
        int e = CapFormat.exponent(meta);
        int b = CapFormat.bottom(meta);
        int t = CapFormat.top14(meta);
        if (e >= CAP_MAX_E) {
            return (t >>> 13) == 0 && (b >>> 12) == 0;
        }
        if (e == CAP_MAX_E - 1) {
            return (b >>> 13) == 0;
        }
        return true;
    }

    // ---- §1.4 on unpacked fields: e clamped, b = 14-bit B, x = 14-bit B or T ----

    /** atop + correction: the value whose bits sit above the mantissa of base (x = B) or top (x = T). */
    private static long window(int e, long addr, int x, int b) {
        return atop(e, addr) + correction(e, addr, x >>> 11, b >>> 11);
    }

    /** Bit 64 of top with the top-MSB correction: compares top[64:63] with base[63]. */
    private static long topBit64(int e, long vt, int t, long topLow, long base) {
        long t64 = bit64(vt, t, e);
        if (e < CAP_MAX_E - 1) {
            long top2 = (t64 << 1) | (topLow >>> 63);
            long base2 = base >>> 63; // bit 64 of base deliberately ignored
            if (((top2 - base2) & 3) > 1) {
                t64 ^= 1;
            }
        }
        return t64;
    }

    /** addr >> (E + 14), which must be 0 when the shift reaches 64 (Java would mask it). */
    private static long atop(int e, long addr) {
        return e + 14 >= 64 ? 0 : addr >>> (e + 14);
    }

    /** Correction term cb or ct in {−1, 0, +1}: (x3 < R3) − (a3 < R3), with R3 = B3 − 1 mod 8. */
    private static long correction(int e, long addr, int x3, int b3) {
        int r3 = (b3 - 1) & 7;
        int a3 = (int) ((addr >>> (e + 11)) & 7); // e + 11 <= 63
        return (x3 < r3 ? 1 : 0) - (a3 < r3 ? 1 : 0);
    }

    /** Bits 63:0 of ((v << 14) | field) << e. */
    private static long low64(long v, int field, int e) {
        return ((v << 14) | field) << e;
    }

    /** Bit 64 of ((v << 14) | field) << e, v taken as a signed (infinitely sign-extended) value. */
    private static long bit64(long v, int field, int e) {
        return e <= 50 ? (v >> (50 - e)) & 1 : (field >>> (64 - e)) & 1;
    }
}
