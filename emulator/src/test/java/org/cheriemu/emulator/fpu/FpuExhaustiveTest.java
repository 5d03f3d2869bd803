package org.cheriemu.emulator.fpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;

/** Exhaustive checks where a cheap exact oracle exists. */
class FpuExhaustiveTest {
    /**
     * fsqrt.s for every binary32 in [1, 4) (all significands with both exponent parities, which is
     * all the square root sees of a normal input) in all five modes, and once more without the
     * round-to-nearest-even fast path. Checked by exact integer bracketing: with x = X * 2^-23 and
     * r = R * 2^-23, R^2 is compared with X * 2^23 and (2R -+ 1)^2 with X * 2^25. Square roots
     * are never ties, so RMM must equal RNE.
     */
    @Test
    void sqrt32EverySignificandEveryMode() {
        Fpu fast = new Fpu(), slow = new Fpu(false);
        int bad = 0;
        StringBuilder msg = new StringBuilder();
        int first = Float.floatToRawIntBits(1f), end = Float.floatToRawIntBits(4f);
        for (int bits = first; bits < end; bits++) {
            long xs = (bits & 0x7fffff) | 0x800000L; // significand, x = xs * 2^(e - 23)
            long scaled = ((bits >>> 23) - 127 == 0 ? xs : xs << 1); // X: x = X * 2^-23
            for (int run = 0; run < 6; run++) {
                // modes 0..4, then round-to-nearest-even again without the fast path
                int rm = run % 5;
                Fpu fpu = run < 5 ? fast : slow;
                fpu.flags = 0;
                int r = fpu.sqrt32(bits, rm);
                long rr = (r & 0x7fffff) | 0x800000L;
                if ((r >>> 23) - 127 == 1) rr <<= 1; // r = 2.0 after rounding up
                if ((r >>> 23) - 127 > 1 || (r >>> 23) - 127 < 0) {
                    if (bad++ < 10) msg.append(String.format("%x rm %d: %x out of range%n", bits, rm, r));
                    continue;
                }
                long sq = rr * rr, target = scaled << 23; // compare r^2 with x
                boolean exact = sq == target;
                boolean ok = switch (rm) {
                    case Fpu.RTZ, Fpu.RDN -> sq <= target && (rr + 1) * (rr + 1) > target;
                    case Fpu.RUP -> sq >= target && (rr - 1) * (rr - 1) < target;
                    default -> (2 * rr - 1) * (2 * rr - 1) < (scaled << 25) && (2 * rr + 1) * (2 * rr + 1) > (scaled << 25);
                };
                int wantFlags = exact ? 0 : Fpu.NX;
                if (!ok || fpu.flags != wantFlags) {
                    if (bad++ < 10) msg.append(String.format("sqrt32(%x) rm %d = %x flags %d%n", bits, rm, r, fpu.flags));
                }
            }
        }
        if (bad > 0) fail(bad + " wrong square roots:\n" + msg);
        assertEquals(0, bad);
    }
}
