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
 * <h2>Cost model (cache lines touched)</h2>
 * Counted per pass, in 64-byte lines: one line for each visited page's tag words (32 bytes);
 * one line for each aligned group of four granules holding at least one tagged capability (the
 * capability bytes read; a word scanned as dense counts all 16 of its lines); one line for each
 * bitmap probe of a base inside the heap (no reuse assumed: pointers into a large heap scatter);
 * clearing a tag adds nothing (the tag word is already counted). Painting and unpainting add
 * the bitmap lines each quarantined chunk spans. Registers cost nothing.
 */
public final class Sweeper {
    private final long heapBase;
    private final long heapSize;
    private final long[] bitmap;
    private final int regionShift;
    private final LongLongMap summaries = new LongLongMap();
    private final PageVisitor pageVisitor = this::visitPage;

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
        pagesVisited = pagesSkipped = granulesInspected = revokedInMemory = 0;
        dataLines = bitmapLines = registersInspected = revokedInRegisters = 0;
    }

    /** Sweeps all tagged pages of {@code memory} (clearing capDirty flags afterwards when skipping clean pages). */
    void sweepMemory(TaggedMemory memory) {
        memory.forEachTaggedPage(pageVisitor);
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
