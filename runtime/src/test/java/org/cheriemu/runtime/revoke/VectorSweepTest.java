package org.cheriemu.runtime.revoke;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.cheriemu.isa.cap.BoundsCodec;
import org.cheriemu.isa.cap.CapFormat;
import org.cheriemu.isa.cap.Capability;
import org.cheriemu.isa.memory.Page;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The vector kernel's decode agrees with the ISA decoder ({@link BoundsCodec#base}) on millions
 * of random capabilities: for every granule, the bitmap word and bit it probes are those of the
 * exact base, or the guard bit when the base lies outside the heap.
 */
class VectorSweepTest {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    @BeforeAll
    static void needsTheVectorKernel() {
        Assumptions.assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                && VectorSweep.AVAILABLE, "no vector kernel on this JVM or host");
    }

    @Test
    void decodeAgreesWithTheIsaDecoderOnRandomCapabilities() {
        SplittableRandom rnd = new SplittableRandom(0xC0FFEE);
        byte[] slab = new byte[3 * Page.SIZE];
        long[] meta = new long[Page.GRANULES];
        long[] addr = new long[Page.GRANULES];
        int[] words = new int[2 * Page.GRANULES];
        int[] bits = new int[2 * Page.GRANULES];
        long[] inHeap = new long[8];
        int checked = 0;
        for (int page = 0; page < 16_000; page++) {
            // A 16-byte aligned heap somewhere, sometimes at the very top or bottom of the address space.
            long heapSize = 16L << rnd.nextInt(10, 31);
            long heapBase = switch (page % 4) {
                case 0 -> 0;
                case 1 -> -heapSize;
                default -> rnd.nextLong() & -16L;
            };
            int mode = page % 3;   // 0: all IE = 0 (the fast path), 1: mixed, 2: any bit pattern
            for (int g = 0; g < Page.GRANULES; g++) {
                Capability c = randomCapability(rnd, heapBase, heapSize, mode);
                meta[g] = c.meta();
                addr[g] = c.address();
            }
            int slabBase = 16 * rnd.nextInt(2 * Page.SIZE / 16);   // any 16-byte alignment in the slab
            for (int g = 0; g < Page.GRANULES; g++) {
                LONG.set(slab, slabBase + 16 * g, addr[g]);
                LONG.set(slab, slabBase + 16 * g + 8, CapFormat.toMemory(meta[g]));
            }
            int buf = page & 1;
            long guard = heapSize >>> 4;
            VectorSweep.decodePage(slab, slabBase, heapBase, guard, words, bits, buf * Page.GRANULES, inHeap, buf * 4);
            for (int g = 0; g < Page.GRANULES; g++) {
                long base = BoundsCodec.base(meta[g], addr[g]);
                long rel = base - heapBase;
                boolean in = Long.compareUnsigned(rel, heapSize) < 0;
                long expect = in ? rel >>> 4 : guard;
                int at = buf * Page.GRANULES + g;
                int gg = g;
                assertEquals(expect >>> 6, words[at], () -> "word: meta 0x" + Long.toHexString(meta[gg])
                        + " addr 0x" + Long.toHexString(addr[gg]) + " heap 0x" + Long.toHexString(heapBase));
                assertEquals(expect & 63, bits[at]);
                assertEquals(in, (inHeap[buf * 4 + (g >>> 6)] >>> g & 1) != 0);
                checked++;
            }
        }
        assertEquals(16_000 * Page.GRANULES, checked);
    }

    private static Capability randomCapability(SplittableRandom rnd, long heapBase, long heapSize, int mode) {
        if (mode == 2 && rnd.nextInt(4) == 0) {
            return new Capability(true, rnd.nextLong(), rnd.nextLong());
        }
        long base = rnd.nextInt(8) == 0 ? rnd.nextLong() : heapBase + (rnd.nextLong(heapSize) & -16L);
        long len = mode == 0 ? 16L * rnd.nextInt(1, 256) : rnd.nextLong() >>> rnd.nextInt(1, 64);
        Capability c = Capability.root().setAddress(base).setBounds(len).capability();
        if (mode == 0 && c.ie()) {
            c = Capability.root().setAddress(base).setBounds(16).capability();
        }
        // An address inside, below, or past the end of the bounds (one past the end, or anywhere representable).
        long a = switch (rnd.nextInt(4)) {
            case 0 -> c.address();
            case 1 -> c.address() + c.saturatedLength();
            case 2 -> c.address() - rnd.nextInt(1 << 12);
            default -> c.address() + (rnd.nextLong() >> rnd.nextInt(1, 64));
        };
        Capability moved = c.setAddress(a);
        return moved.tag() ? moved : c;
    }
}
