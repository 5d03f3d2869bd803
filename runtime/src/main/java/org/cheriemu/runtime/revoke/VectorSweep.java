package org.cheriemu.runtime.revoke;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.cheriemu.isa.cap.CapFormat;

/**
 * The dense-page kernel of the {@link Sweeper} on the JDK Vector API (incubator module
 * {@code jdk.incubator.vector}), 8 granules per step in 512-bit vectors.
 *
 * <p>Only {@link Sweeper} touches this class, and only when {@link #AVAILABLE} says the module
 * is in the boot layer and the host has 512-bit vectors: without them the Vector API falls back
 * to boxed Java code that is far slower than the scalar loop. Nothing else in the runtime
 * links against the incubator module, so a JVM started without {@code --add-modules
 * jdk.incubator.vector} simply runs the scalar sweep.
 *
 * <p>A page is done in two phases, software-pipelined across pages by the sweeper:
 * <ol>
 * <li>{@link #decodePage}: load 16 bytes per granule (two 64-byte loads, then two permutes
 *     split addresses from metadata), decode the base exactly as {@link FastBounds} does
 *     (a cheaper form with E = 0 when all 8 capabilities have IE = 0), and store for each
 *     granule the bitmap word index and bit of its base, clamped to a guard bit that is never
 *     painted when the base lies outside the heap;</li>
 * <li>{@link #probePage}: gather 8 bitmap words at a time and test the 8 bits.</li>
 * </ol>
 * The indices of one page are stored while the previous page is probed, so the gathers never
 * wait for an index store that is still in the store buffer (with both phases on the same page
 * the probe loads hit stores not yet written to L1, and whether those forward depends on the
 * array's cache-line alignment: measured here, 3 of 8 alignments ran 2.5 times slower).
 *
 * <p>Untagged granules are decoded too (their bytes are arbitrary; the clamp keeps every index
 * inside the bitmap) and their results are dropped by the tag word.
 */
final class VectorSweep {
    private VectorSweep() {}

    private static final VectorSpecies<Long> L = LongVector.SPECIES_512;
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_512;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
    private static final long K = CapFormat.MEM_XOR_MASK;
    private static final long IE_BIT = 1L << CapFormat.IE_SHIFT;
    /** Lanes 0,2,..,14 and 1,3,..,15 of two vectors: the addresses and the metadata of 8 granules. */
    private static final LongVector EVEN = LongVector.fromArray(L, new long[] {0, 2, 4, 6, 8, 10, 12, 14}, 0);
    private static final LongVector ODD = LongVector.fromArray(L, new long[] {1, 3, 5, 7, 9, 11, 13, 15}, 0);

    /** Whether the host has 512-bit vectors (reading this loads the class: check the module first). */
    static final boolean AVAILABLE = LongVector.SPECIES_PREFERRED.vectorBitSize() >= 512;

    /**
     * Decodes the 256 granules of a page ({@code slab[pageBase ..]}) into {@code words[k ..
     * k+256)} (bitmap word index) and {@code bits[k .. k+256)} (bit in the word), and returns
     * the in-heap mask of each tag word in {@code inHeap[w0 .. w0+4)} (bit j = granule j's
     * base lies inside the heap).
     *
     * @param heapBase   heap base
     * @param guard      the guard granule index, {@code heapSize >>> 4}: its bit is never painted
     */
    static void decodePage(byte[] slab, int pageBase, long heapBase, long guard,
                           int[] words, int[] bits, int k, long[] inHeap, int w0) {
        for (int w = 0; w < 4; w++) {
            long in = 0;
            for (int j = 0; j < 64; j += 8) {
                int off = pageBase + (((w << 6) + j) << 4);
                LongVector v0 = ByteVector.fromArray(B, slab, off).reinterpretAsLongs();
                LongVector v1 = ByteVector.fromArray(B, slab, off + 64).reinterpretAsLongs();
                LongVector addr = EVEN.selectFrom(v0, v1);
                LongVector memMeta = ODD.selectFrom(v0, v1);
                LongVector base;
                // In memory form IE is inverted (bit 26 of the NULL encoding is set): IE = 0 <=> bit set.
                if (memMeta.and(IE_BIT).compare(VectorOperators.EQ, 0).anyTrue()) {
                    base = baseAnyE(addr, memMeta.lanewise(VectorOperators.XOR, K));
                } else {
                    // E = 0 and B = meta[13:0]: FastBounds with e = 0.
                    LongVector b = memMeta.lanewise(VectorOperators.XOR, K & 0x3FFF).and(0x3FFF);
                    LongVector r = b.sub(0x800).and(0x3800);
                    base = addr.sub(addr.sub(r).and(0x3FFF)).add(b.sub(r).and(0x3FFF));
                }
                // (base - heapBase) >>> 4 is non-negative as a signed long: a signed min clamps
                // every base outside the heap to the guard granule.
                LongVector g = base.sub(heapBase).lanewise(VectorOperators.LSHR, 4).min(guard);
                in |= g.compare(VectorOperators.LT, guard).toLong() << j;
                int at = k + (w << 6) + j;
                g.lanewise(VectorOperators.LSHR, 6).convertShape(VectorOperators.L2I, I, 0)
                        .reinterpretAsInts().intoArray(words, at);
                g.and(63).convertShape(VectorOperators.L2I, I, 0).reinterpretAsInts().intoArray(bits, at);
            }
            inHeap[w0 + w] = in;
        }
    }

    /** {@link FastBounds#baseFromRegister} on 8 lanes, any IE and E. */
    private static LongVector baseAnyE(LongVector addr, LongVector meta) {
        VectorMask<Long> ie = meta.and(IE_BIT).compare(VectorOperators.NE, 0);
        LongVector e = LongVector.zero(L).blend(
                meta.lanewise(VectorOperators.LSHR, 11).and(0x38).or(meta.and(7)).min(CapFormat.CAP_MAX_E), ie);
        LongVector b = meta.and(0x3FFF).blend(meta.and(0x3FF8), ie);
        LongVector a = addr.lanewise(VectorOperators.LSHR, e);
        LongVector r = b.sub(0x800).and(0x3800);
        return a.sub(a.sub(r).and(0x3FFF)).add(b.sub(r).and(0x3FFF)).lanewise(VectorOperators.LSHL, e);
    }

    /** Bit j of the result: granule {@code 64w + j} of the page decoded at {@code k} has a painted base. */
    static long probeWord(long[] bitmap, int[] words, int[] bits, int k, int w) {
        long hit = 0;
        int at = k + (w << 6);
        for (int j = 0; j < 64; j += 8) {
            LongVector bw = LongVector.fromArray(L, bitmap, 0, words, at + j);
            LongVector sh = IntVector.fromArray(I, bits, at + j).convertShape(VectorOperators.I2L, L, 0)
                    .reinterpretAsLongs();
            hit |= bw.lanewise(VectorOperators.LSHR, sh).and(1).compare(VectorOperators.NE, 0).toLong() << j;
        }
        return hit;
    }
}
