package org.cheriemu.runtime;

/**
 * Segregated size classes for small objects, each with its own free list of slots (a
 * {@code long[]} stack: O(1) malloc and free) and a run of fresh slots carved from the large
 * heap. Classes: 16..256 in steps of 16, then four per power of two up to 2048. Every length up
 * to 2048 is exactly representable at any 16-byte aligned base (E = 0), so small objects never
 * need CRRL padding. Runs are not given back to the large heap.
 */
final class SizeClasses {
    static final long MAX_SMALL = 2048;
    /** Bytes carved from the large heap at a time for a class (at least 16 slots). */
    static final long RUN_BYTES = 16 << 10;

    static final int[] SIZES;
    private static final byte[] CLASS_OF_GRANULES; // index: (size + 15) / 16

    static {
        int[] s = new int[64];
        int n = 0;
        for (int i = 16; i <= 256; i += 16) {
            s[n++] = i;
        }
        for (int p = 256; p < 2048; p *= 2) {
            for (int q = 1; q <= 4; q++) {
                s[n++] = p + q * p / 4;
            }
        }
        SIZES = java.util.Arrays.copyOf(s, n);
        CLASS_OF_GRANULES = new byte[(int) (MAX_SMALL / 16) + 1];
        int c = 0;
        for (int g = 0; g < CLASS_OF_GRANULES.length; g++) {
            while (SIZES[c] < g * 16) {
                c++;
            }
            CLASS_OF_GRANULES[g] = (byte) c;
        }
    }

    /** Class index for a request of {@code size} ≤ {@link #MAX_SMALL} bytes. */
    static int classOf(long size) {
        return CLASS_OF_GRANULES[(int) ((size + 15) >>> 4)];
    }

    private final LargeHeap large;
    private final long[][] free = new long[SIZES.length][];
    private final int[] freeCount = new int[SIZES.length];
    private final long[] runNext = new long[SIZES.length];
    private final long[] runEnd = new long[SIZES.length];
    private long runBytes;

    SizeClasses(LargeHeap large) {
        this.large = large;
        for (int i = 0; i < SIZES.length; i++) {
            free[i] = new long[16];
        }
    }

    /** A slot of class {@code c}, or -1 when the large heap cannot supply a run. */
    long allocate(int c) {
        int n = freeCount[c];
        if (n > 0) {
            freeCount[c] = n - 1;
            return free[c][n - 1];
        }
        long size = SIZES[c];
        if (runNext[c] + size > runEnd[c] || runEnd[c] == 0) {
            long bytes = Math.max(RUN_BYTES, 16 * size) / size * size;
            long run = large.allocate(bytes, 16);
            if (run == -1) {
                bytes = size;            // the heap is nearly full: one slot at a time
                run = large.allocate(bytes, 16);
                if (run == -1) {
                    return -1;
                }
            }
            // The rest of the old run (less than one slot) is lost, as in any bump allocator.
            runNext[c] = run;
            runEnd[c] = run + bytes;
            runBytes += bytes;
        }
        long slot = runNext[c];
        runNext[c] = slot + size;
        return slot;
    }

    /** Gives a slot of class {@code c} back (clean memory only). */
    void release(int c, long slot) {
        int n = freeCount[c];
        if (n == free[c].length) {
            free[c] = java.util.Arrays.copyOf(free[c], n * 2);
        }
        free[c][n] = slot;
        freeCount[c] = n + 1;
    }

    /** Bytes taken from the large heap for runs. */
    long runBytes() {
        return runBytes;
    }
}
