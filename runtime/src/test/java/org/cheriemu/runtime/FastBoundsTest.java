package org.cheriemu.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.cheriemu.isa.cap.BoundsCodec;
import org.cheriemu.isa.cap.CapFormat;
import org.cheriemu.isa.cap.Capability;
import org.cheriemu.runtime.revoke.FastBounds;
import org.junit.jupiter.api.Test;

/** The sweep's base decoder agrees with the ISA codec on every kind of input. */
class FastBoundsTest {

    @Test
    void agreesWithBoundsCodecOnRandomBitPatterns() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 2_000_000; i++) {
            long meta = rnd.nextLong();
            long addr = switch (i % 4) {
                case 0 -> rnd.nextLong();
                case 1 -> rnd.nextLong() >>> rnd.nextInt(64);
                case 2 -> -1L - rnd.nextInt(1 << 16);
                default -> rnd.nextInt(1 << 20);
            };
            long expected = BoundsCodec.base(meta, addr);
            assertEquals(expected, FastBounds.baseFromRegister(meta, addr),
                    () -> "meta 0x" + Long.toHexString(meta) + " addr 0x" + Long.toHexString(addr));
            assertEquals(expected, FastBounds.baseFromMemory(CapFormat.toMemory(meta), addr));
        }
    }

    @Test
    void agreesOnDerivedCapabilitiesWithAddressesAnywhereInTheirRegion() {
        SplittableRandom rnd = new SplittableRandom(8);
        for (int i = 0; i < 200_000; i++) {
            long base = rnd.nextLong() >>> rnd.nextInt(64);
            long len = rnd.nextLong() >>> rnd.nextInt(1, 64);
            Capability c = Capability.root().setAddress(base).setBounds(len).capability();
            long addr = c.base() + (rnd.nextLong() >> rnd.nextInt(64 - 1));
            Capability moved = c.withAddress(addr);
            assertEquals(moved.base(), FastBounds.baseFromMemory(moved.memoryMeta(), addr));
        }
    }
}
