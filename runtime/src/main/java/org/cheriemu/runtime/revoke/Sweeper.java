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
 * capability bytes read); one line for each bitmap probe that falls in a different bitmap line
 * than the previous probe (one line covers 512 granules = 8 KiB of heap); one line per tag
 * cleared is not added (the tag word is already counted). Painting and unpainting add the
 * bitmap lines each quarantined chunk spans. Registers cost nothing.
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
    private long lastBitmapLine;
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
        lastBitmapLine = -1;
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
        final long hb = heapBase;
        final long hs = heapSize;
        final long[] bm = bitmap;
        final int rs = regionShift;
        long summary = 0;
        long inspected = 0;
        long lines = 1;
        long revoked = 0;
        long bLines = 0;
        long lastLine = lastBitmapLine;
        for (int w = 0; w < Page.TAG_WORDS; w++) {
            long bits = p.tagWord(w);
            if (bits == 0) {
                continue;
            }
            inspected += Long.bitCount(bits);
            lines += Long.bitCount((bits | bits >>> 1 | bits >>> 2 | bits >>> 3) & 0x1111111111111111L);
            while (bits != 0) {
                int g = (w << 6) | Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                int off = g << Page.GRANULE_SHIFT;
                long rel = FastBounds.baseFromMemory(p.loadCapMeta(off), p.loadCapAddress(off)) - hb;
                if (Long.compareUnsigned(rel, hs) < 0) {
                    long gi = rel >>> 4;
                    long line = gi >>> 9;
                    if (line != lastLine) {
                        bLines++;
                        lastLine = line;
                    }
                    if ((bm[(int) (gi >>> 6)] & (1L << gi)) != 0) {
                        p.clearTag(g);
                        revoked++;
                    } else {
                        summary |= 1L << (rel >>> rs);
                    }
                }
            }
        }
        lastBitmapLine = lastLine;
        granulesInspected += inspected;
        dataLines += lines;
        revokedInMemory += revoked;
        bitmapLines += bLines;
        if (skipClean) {
            summaries.put(p.number, summary);
        }
    }
}
