package org.cheriemu.runtime.revoke;

import org.cheriemu.isa.cap.CapFormat;

/**
 * The base of a capability (reference §1.3, §1.4), decoded with the fewest operations for the
 * revocation sweep: only E, B and the base correction are needed, never top. Agrees with
 * {@link org.cheriemu.isa.cap.BoundsCodec#base} on every input (tested on random encodings).
 */
public final class FastBounds {
    private FastBounds() {}

    /** Base from memory-form metadata (bytes 8–15 of a capability in memory) and the address. */
    public static long baseFromMemory(long memMeta, long address) {
        return baseFromRegister(memMeta ^ CapFormat.MEM_XOR_MASK, address);
    }

    /**
     * Base from register-form metadata and the address.
     *
     * <p>§1.4 computes base = ((A >> (E+14)) + cb − ca) << (E+14) | B << E with 3-bit compares
     * against R = B[13:11] − 1. Equivalently, with A' = A >> E and R taken as the 14-bit value
     * R3 << 11: the representable region starts at the greatest value ≤ A' that is ≡ R
     * (mod 2^14), and base' lies (B − R) mod 2^14 above it. That is two subtractions and two
     * masks instead of two compares and two carries.
     */
    public static long baseFromRegister(long meta, long address) {
        int e;
        long b;
        if ((meta & (1L << CapFormat.IE_SHIFT)) == 0) {
            e = 0;
            b = meta & 0x3FFF;
        } else {
            // E = {T[2:0], B[2:0]} from the stored fields, clamped to CAP_MAX_E; B[2:0] read as 0.
            e = Math.min((int) (((meta >>> 11) & 0x38) | (meta & 7)), CapFormat.CAP_MAX_E);
            b = meta & 0x3FF8;
        }
        long a = address >>> e;
        long r = (b - 0x800) & 0x3800;
        return (a - ((a - r) & 0x3FFF) + ((b - r) & 0x3FFF)) << e;
    }
}
