package org.cheriemu.runtime.revoke;

/**
 * One bit per 16-byte granule of the heap {@code [heapBase, heapBase + heapSize)}: a set bit
 * means "a capability whose base is here must be revoked". Plain {@code long[]}; granule
 * {@code g} is bit {@code g & 63} of word {@code g >>> 6}.
 *
 * <p>The array has one word more than the heap needs: granule {@code heapSize >>> 4}, just past
 * the heap, is a guard bit that is never painted. The vector sweep clamps the index of every
 * base outside the heap to it instead of branching.
 */
public final class RevocationBitmap {
    final long heapBase;
    final long heapSize;
    final long[] words;

    public RevocationBitmap(long heapBase, long heapSize) {
        if ((heapBase & 15) != 0 || (heapSize & 15) != 0 || heapSize <= 0) {
            throw new IllegalArgumentException("heap must be 16-byte aligned and non-empty");
        }
        long granules = heapSize >>> 4;
        if (granules > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("heap too large for the bitmap: " + heapSize);
        }
        this.heapBase = heapBase;
        this.heapSize = heapSize;
        this.words = new long[(int) ((granules + 63) >>> 6) + 1];
    }

    /** Whether the granule holding {@code address} is painted (false outside the heap). */
    public boolean isPainted(long address) {
        long rel = address - heapBase;
        if (Long.compareUnsigned(rel, heapSize) >= 0) {
            return false;
        }
        long g = rel >>> 4;
        return (words[(int) (g >>> 6)] & (1L << g)) != 0;
    }

    /** Paints the granules of {@code [start, end)} (16-byte aligned, inside the heap); returns the bit count. */
    public long paint(long start, long end) {
        return set(start, end, true);
    }

    /** Clears the granules of {@code [start, end)}; returns the bit count. */
    public long unpaint(long start, long end) {
        return set(start, end, false);
    }

    private long set(long start, long end, boolean value) {
        long g0 = (start - heapBase) >>> 4;
        long g1 = (end - heapBase) >>> 4;   // exclusive
        if (g1 <= g0) {
            return 0;
        }
        int w0 = (int) (g0 >>> 6);
        int w1 = (int) ((g1 - 1) >>> 6);
        for (int w = w0; w <= w1; w++) {
            long m = -1L;
            if (w == w0) {
                m &= -1L << g0;
            }
            if (w == w1) {
                m &= -1L >>> (63 - ((g1 - 1) & 63));
            }
            words[w] = value ? words[w] | m : words[w] & ~m;
        }
        return g1 - g0;
    }

    /** Number of painted granules (slow; for tests). */
    public long countPainted() {
        long n = 0;
        for (long w : words) {
            n += Long.bitCount(w);
        }
        return n;
    }

    /** Cache lines (64 bytes = 512 granules) spanned by {@code [start, end)}: the model's cost of painting it. */
    static long lines(long heapBase, long start, long end) {
        long g0 = (start - heapBase) >>> 4;
        long g1 = (end - heapBase) >>> 4;
        return g1 <= g0 ? 0 : ((g1 - 1) >>> 9) - (g0 >>> 9) + 1;
    }
}
