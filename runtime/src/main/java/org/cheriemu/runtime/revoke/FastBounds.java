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

    /** Base from register-form metadata and the address. */
    public static long baseFromRegister(long meta, long address) {
        int e;
        int b;
        if ((meta & (1L << CapFormat.IE_SHIFT)) == 0) {
            e = 0;
            b = (int) meta & 0x3FFF;
        } else {
            // E = {T[2:0], B[2:0]} from the stored fields, clamped to CAP_MAX_E; B[2:0] read as 0.
            e = Math.min((int) (((meta >>> 11) & 0x38) | (meta & 7)), CapFormat.CAP_MAX_E);
            b = (int) meta & 0x3FF8;
        }
        // cb = (B[13:11] < R) - (A[13:11] < R) with R = B[13:11] - 1 mod 8; B3 < R only when B3 = 0.
        int b3 = b >>> 11;
        int r3 = (b3 - 1) & 7;
        int a3 = (int) (address >>> (e + 11)) & 7;                // e + 11 <= 63
        long cb = (b3 == 0 ? 1 : 0) - (a3 < r3 ? 1 : 0);
        long atop = (address >>> 14) >>> e;                        // addr >> (E + 14), 0 past bit 63
        return (((atop + cb) << 14) | b) << e;
    }
}
