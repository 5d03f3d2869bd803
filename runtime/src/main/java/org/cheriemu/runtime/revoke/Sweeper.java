package org.cheriemu.runtime.revoke;

import org.cheriemu.isa.memory.Page;
import org.cheriemu.isa.memory.PageVisitor;
import org.cheriemu.isa.memory.TaggedMemory;
import org.cheriemu.runtime.Machine;

/**
 * Step 2 and 3 of a revocation pass: visit every tagged granule of guest memory and every
 * capability register, and clear the tag of each capability whose base lies in a painted
 * granule of the {@link RevocationBitmap}.
 *
 * <p>The loop works a page at a time over the page's four 64-bit tag words: each set bit is
 * found with {@code numberOfTrailingZeros}, its base decoded by {@link FastBounds} from the
 * memory-form metadata and the address, and looked up in the bitmap with a subtract, an
 * unsigned compare and two shifts. Nothing is allocated per page or per granule.
 *
 * <p>Dense pages (at least {@link #VECTOR_PAGE} tags) go to {@link VectorSweep} when the JVM
 * runs with {@code --add-modules jdk.incubator.vector} on a host with 512-bit vectors (and the
 * system property {@code cheriemu.sweep.vector} is not {@code false}); everything else, and
 * every page for {@code capdirty} (which also collects the pages' summaries), takes the scalar
 * loop. The vector kernel decodes a page while the previous one is probed, so the last dense
 * page is finished after the page iteration. Both paths compute the same base as
 * {@link FastBounds} and clear exactly the same tags ({@code SweeperTest} compares each to a
 * reference sweep).
 *
 * <h2>Cost model (cache lines touched)</h2>
 * Counted per pass, in 64-byte lines: one line for each visited page's tag words (32 bytes);
 * one line for each aligned group of four granules holding at least one tagged capability (the
 * capability bytes read; a word scanned as dense counts all 16 of its lines); one line for each
 * bitmap probe of a base inside the heap (no reuse assumed: pointers into a large heap scatter);
 * clearing a tag adds nothing (the tag word is already counted). Painting and unpainting add
 * the bitmap lines each quarantined chunk spans. Registers cost nothing. A page swept by the
 * vector kernel reads all of its 64 lines, and counts one probe per tagged granule whose base
 * lies in the heap (the scalar dense loop counts the untagged granules it decodes as well).
 */
public final class Sweeper {
    private final long heapBase;
    private final long heapSize;
    private final long[] bitmap;
    private final int regionShift;
    private final LongLongMap summaries = new LongLongMap();
    private final PageVisitor pageVisitor = this::visitPage;
    private final boolean vector;

    /** Pages with at least this many tags are swept by the vector kernel (when it is available). */
    static final int VECTOR_PAGE = 64;

    /** The vector kernel's module is in the boot layer and the host has 512-bit vectors. */
    private static final boolean VECTOR_AVAILABLE = vectorAvailable();

    private static boolean vectorAvailable() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            return VectorSweep.AVAILABLE;
        } catch (Throwable t) {   // LinkageError: the module is there but unusable
            return false;
        }
    }

    // Vector pipeline: two buffers of one page each; the page decoded last waits in `pending`.
    private int[] vWords;
    private int[] vBits;
    private final long[] vInHeap = new long[8];
    private Page pending;
    private int pendingBuf;

    // Per-pass state and counters (fields, so the page visitor allocates nothing).
    private boolean skipClean;
    private long quarantineRegions;
    long pagesVisited;
    long pagesSkipped;
    long granulesInspected;
    long revokedInMemory;
    long dataLines;
    long bitmapLines;
    long registersInspected;
    long revokedInRegisters;

    public Sweeper(RevocationBitmap bitmap) {
        this.heapBase = bitmap.heapBase;
        this.heapSize = bitmap.heapSize;
        this.bitmap = bitmap.words;
        // 64 summary regions cover the heap: region = (base - heapBase) >>> regionShift.
        int shift = 4;
        while ((heapSize - 1) >>> shift >= 64) {
            shift++;
        }
        this.regionShift = shift;
        this.vector = VECTOR_AVAILABLE && !"false".equals(System.getProperty("cheriemu.sweep.vector"));
        if (vector) {
            vWords = new int[2 * Page.GRANULES];
            vBits = new int[2 * Page.GRANULES];
        }
    }

    /** Whether dense pages use the vector kernel (see the class comment). */
    public boolean vectorized() {
        return vector;
    }

    /** The bit of the capdirty summary covering heap offset {@code rel}. */
    long regionBit(long rel) {
        return 1L << (rel >>> regionShift);
    }

    /** The summary bits covering heap range {@code [start, end)}. */
    public long regionMask(long start, long end) {
        long r0 = (start - heapBase) >>> regionShift;
        long r1 = (end - 1 - heapBase) >>> regionShift;
        long m = r1 >= 63 ? -1L : (1L << (r1 + 1)) - 1;
        return m & (-1L << r0);
    }

    /** Resets the counters for a new pass. */
    void begin(boolean skipClean, long quarantineRegions) {
        this.skipClean = skipClean;
        this.quarantineRegions = quarantineRegions;
        pending = null;
        pagesVisited = pagesSkipped = granulesInspected = revokedInMemory = 0;
        dataLines = bitmapLines = registersInspected = revokedInRegisters = 0;
    }

    /** Sweeps all tagged pages of {@code memory} (clearing capDirty flags afterwards when skipping clean pages). */
    void sweepMemory(TaggedMemory memory) {
        memory.forEachTaggedPage(pageVisitor);
        if (pending != null) {
            finishVectorPage();
        }
        if (skipClean) {
            memory.clearCapDirty();
        }
    }

    void sweepRegisters(Machine machine) {
        machine.visitCapabilityRegisters((meta, address) -> {
            registersInspected++;
            if (isPaintedBase(FastBounds.baseFromRegister(meta, address))) {
                revokedInRegisters++;
                return true;
            }
            return false;
        });
    }

    private boolean isPaintedBase(long base) {
        long rel = base - heapBase;
        if (Long.compareUnsigned(rel, heapSize) >= 0) {
            return false;
        }
        long g = rel >>> 4;
        return (bitmap[(int) (g >>> 6)] & (1L << g)) != 0;
    }

    private void visitPage(Page p) {
        if (skipClean && !p.capDirty()) {
            long s = summaries.get(p.number, -1L);
            if (s != -1L && (s & quarantineRegions) == 0) {
                pagesSkipped++;
                return;
            }
        }
        pagesVisited++;
        if (vector && !skipClean && p.tagCount() >= VECTOR_PAGE) {
            startVectorPage(p);
            return;
        }
        long summary = 0;
        long inspected = 0;
        long lines = 1;
        long revoked = 0;
        long probes = 0;
        for (int w = 0; w < Page.TAG_WORDS; w++) {
            long bits = p.tagWord(w);
            if (bits == 0) {
                continue;
            }
            int n = Long.bitCount(bits);
            inspected += n;
            long hit;
            if (n >= DENSE_WORD) {
                hit = denseWord(p, w, bits);
                lines += 16;
            } else {
                hit = sparseWord(p, w, bits);
                lines += Long.bitCount((bits | bits >>> 1 | bits >>> 2 | bits >>> 3) & 0x1111111111111111L);
            }
            probes += lastProbes;
            summary |= lastSummary;
            if (hit != 0) {
                revoked += p.clearTagsInWord(w, hit);
            }
        }
        granulesInspected += inspected;
        dataLines += lines;
        revokedInMemory += revoked;
        bitmapLines += probes;
        if (skipClean) {
            summaries.put(p.number, summary);
        }
    }

    /** Decodes {@code p} into the free buffer, then probes the page decoded before it. */
    private void startVectorPage(Page p) {
        int buf = pending == null ? 0 : pendingBuf ^ 1;
        VectorSweep.decodePage(p.slab, p.base, heapBase, heapSize >>> 4, vWords, vBits,
                buf * Page.GRANULES, vInHeap, buf * Page.TAG_WORDS);
        if (pending != null) {
            finishVectorPage();
        }
        pending = p;
        pendingBuf = buf;
    }

    private void finishVectorPage() {
        Page p = pending;
        int buf = pendingBuf;
        pending = null;
        long probes = 0;
        long revoked = 0;
        for (int w = 0; w < Page.TAG_WORDS; w++) {
            long bits = p.tagWord(w);
            if (bits == 0) {
                continue;
            }
            probes += Long.bitCount(vInHeap[buf * Page.TAG_WORDS + w] & bits);
            long hit = VectorSweep.probeWord(bitmap, vWords, vBits, buf * Page.GRANULES, w) & bits;
            if (hit != 0) {
                revoked += p.clearTagsInWord(w, hit);
            }
        }
        granulesInspected += p.tagCount() + revoked;   // tags before this page's revocations
        dataLines += 1 + Page.SIZE / 64;                // tag words, and every line of the page
        bitmapLines += probes;
        revokedInMemory += revoked;
    }

    /** Words with at least this many tags are scanned as a counted loop over all 64 granules. */
    private static final int DENSE_WORD = 40;

    // Second results of denseWord/sparseWord (fields: no allocation, no arrays).
    private long lastProbes;
    private long lastSummary;

    /**
     * All 64 granules of tag word {@code w}, in a counted loop (the JIT removes the range checks
     * and unrolls it): bit j of the result = granule j is tagged and its base is painted. Bases
     * outside the heap are rare, so they are counted on the side branch and the probe count is
     * derived. The capdirty variant also collects the summary regions of every in-heap base
     * (revoked ones too: a superset is sound).
     */
    private long denseWord(Page p, int w, long bits) {
        if (skipClean) {
            return denseWordWithSummary(p, w, bits);
        }
        final long hb = heapBase;
        final long hs = heapSize;
        final long[] bm = bitmap;
        final int o0 = w << 10;
        long hit = 0;
        int outside = 0;
        for (int j = 0; j < 64; j++) {
            int off = o0 + (j << 4);
            long rel = FastBounds.baseFromMemory(p.loadCapMeta(off), p.loadCapAddress(off)) - hb;
            if (Long.compareUnsigned(rel, hs) < 0) {
                int g = (int) (rel >>> 4);                  // heap granule (the heap is < 32 GiB)
                hit |= ((bm[g >>> 6] >>> g) & 1L) << j;
            } else {
                outside++;
            }
        }
        lastProbes = 64 - outside;
        lastSummary = 0;
        return hit & bits;
    }

    private long denseWordWithSummary(Page p, int w, long bits) {
        final long hb = heapBase;
        final long hs = heapSize;
        final long[] bm = bitmap;
        final int rs = regionShift;
        final int o0 = w << 10;
        long hit = 0;
        long summary = 0;
        int outside = 0;
        for (int j = 0; j < 64; j++) {
            int off = o0 + (j << 4);
            long rel = FastBounds.baseFromMemory(p.loadCapMeta(off), p.loadCapAddress(off)) - hb;
            if (Long.compareUnsigned(rel, hs) < 0) {
                int g = (int) (rel >>> 4);
                hit |= ((bm[g >>> 6] >>> g) & 1L) << j;
                summary |= 1L << (rel >>> rs);
            } else {
                outside++;
            }
        }
        lastProbes = 64 - outside;
        lastSummary = summary;
        return hit & bits;
    }

    /** The tagged granules of tag word {@code w}, one at a time. */
    private long sparseWord(Page p, int w, long bits) {
        final long hb = heapBase;
        final long hs = heapSize;
        final long[] bm = bitmap;
        final int rs = regionShift;
        long hit = 0;
        long probes = 0;
        long summary = 0;
        while (bits != 0) {
            int j = Long.numberOfTrailingZeros(bits);
            bits &= bits - 1;
            int off = (w << 10) | (j << 4);
            long rel = FastBounds.baseFromMemory(p.loadCapMeta(off), p.loadCapAddress(off)) - hb;
            if (Long.compareUnsigned(rel, hs) < 0) {
                int g = (int) (rel >>> 4);                  // heap granule (the heap is < 32 GiB)
                hit |= ((bm[g >>> 6] >>> g) & 1L) << j;
                summary |= 1L << (rel >>> rs);
                probes++;
            }
        }
        lastProbes = probes;
        lastSummary = summary;
        return hit;
    }
}
