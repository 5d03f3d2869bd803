package org.cheriemu.isa.memory;

import java.util.Arrays;
import java.util.Objects;

/**
 * Sparse, paged, tagged guest memory over the full 64-bit address space (CHERI reference §1.10,
 * §5). Single-threaded.
 *
 * <h2>Semantics</h2>
 * <ul>
 * <li>Pages of {@link Page#SIZE} bytes are created, zeroed, on the first store (or
 *     {@link #pageOrCreate}). Loads from a page that does not exist read zeros and do not
 *     create it, so probing or reading a sparse region costs no memory.</li>
 * <li>Data accesses are little-endian, of any alignment, and may straddle pages (addresses
 *     wrap modulo 2^64). Every data store clears the tag of every granule it touches, in one
 *     or two granules and pages (§5.2).</li>
 * <li>Capability accesses are 16-byte aligned ({@link IllegalArgumentException} otherwise)
 *     and move 16 bytes and the tag in one step: bytes 0–7 are the address and bytes 8–15 the
 *     metadata, stored in memory form exactly as given (the caller XORs with the NULL
 *     encoding). A tagged capability store sets the page's capDirty flag.</li>
 * </ul>
 *
 * <h2>Structure</h2>
 * Pages live in an open-addressing long→Page table ({@link PageTable}) behind a one-entry
 * last-page cache. Pages whose tag count is non-zero are kept in a dense list ({@link PageList}:
 * each page knows its slot, so insertion and removal are O(1)) maintained as tags are set and
 * cleared; tag iteration walks only that list. Pages with capDirty set are kept in a second one.
 */
public final class TaggedMemory {
    /** Page numbers are below this bound (addresses are 64-bit, pages 2^12). */
    public static final long PAGE_NUMBER_LIMIT = 1L << (64 - Page.SHIFT);

    private final PageTable table = new PageTable();

    /*
     * Page bytes are carved out of slabs: arrays of up to 64 pages (256 KiB, below G1's
     * humongous-object threshold for every region size), handed out in creation order. The
     * collector moves a slab as one object, so pages created together stay adjacent and a
     * sweep over the tagged-page list streams through memory. With one array per page, a
     * young collection scatters the pages (measured here: a dense sweep under G1
     * ran at about a third of the speed). Slots are never reused: a removed page's slot stays
     * dead, and a slab is freed by the collector once none of its pages is referenced. This
     * also means a stale Page reference can never write into a page that replaced it.
     */
    private static final int MIN_SLAB_PAGES = 4;
    private static final int MAX_SLAB_PAGES = 64;
    private byte[] slab = new byte[0];
    private int slabNext;
    private int slabPages = MIN_SLAB_PAGES;
    private long lastNumber = -1;
    private Page lastPage;

    private final PageList tagged = new PageList(PageList.Kind.TAGGED);
    private final PageList dirty = new PageList(PageList.Kind.CAP_DIRTY);

    long tagCount;                 // maintained by Page
    private boolean iterating;
    long generation;               // advanced by removePages and Page.setProt
    private long pagesVisited;

    // ================================================================ pages

    /** The page with this number, or null if it does not exist. Never allocates. */
    public Page page(long pageNumber) {
        if (pageNumber == lastNumber) {
            return lastPage;
        }
        Page p = table.get(pageNumber);
        if (p != null) {
            lastNumber = pageNumber;
            lastPage = p;
        }
        return p;
    }

    /** The page with this number, created (zeroed, protection {@link Page#PROT_ALL}) if absent. */
    public Page pageOrCreate(long pageNumber) {
        if (pageNumber == lastNumber) {
            return lastPage;
        }
        Page p = table.get(pageNumber);
        if (p == null) {
            p = createPage(pageNumber);
        }
        lastNumber = pageNumber;
        lastPage = p;
        return p;
    }

    private Page createPage(long pageNumber) {
        if (pageNumber < 0 || pageNumber >= PAGE_NUMBER_LIMIT) {
            throw new IllegalArgumentException("page number out of range: 0x" + Long.toHexString(pageNumber));
        }
        if (slabNext == slab.length) {
            slab = new byte[slabPages * Page.SIZE];
            slabNext = 0;
            slabPages = Math.min(2 * slabPages, MAX_SLAB_PAGES);
        }
        Page p = new Page(pageNumber, this, slab, slabNext);
        slabNext += Page.SIZE;
        table.insertNew(p);
        return p;
    }

    /** The page holding this address, or null. */
    public Page pageAt(long addr) {
        return page(addr >>> Page.SHIFT);
    }

    /** The page holding this address, created if absent. */
    public Page pageAtOrCreate(long addr) {
        return pageOrCreate(addr >>> Page.SHIFT);
    }

    /**
     * Removes every page in {@code [addr, addr + length)} (munmap). {@code addr} must be page
     * aligned; {@code length} is unsigned and rounded up to whole pages; the range is clipped at
     * the top of the address space. Removed pages become {@linkplain Page#detached() detached};
     * {@link #generation()} advances so that callers caching {@link Page} references know to
     * drop them.
     */
    public void removePages(long addr, long length) {
        if ((addr & Page.MASK) != 0) {
            throw new IllegalArgumentException("removePages address not page aligned: 0x" + Long.toHexString(addr));
        }
        if (length == 0) {
            return;
        }
        long first = addr >>> Page.SHIFT;
        // number of pages, unsigned ceil(length / SIZE), at least 1
        long pages = ((length - 1) >>> Page.SHIFT) + 1;
        long last = Long.compareUnsigned(pages, PAGE_NUMBER_LIMIT - first) >= 0
                ? PAGE_NUMBER_LIMIT - 1 : first + pages - 1;
        long count = last - first + 1;
        lastNumber = -1;
        lastPage = null;
        generation++;
        if (count <= 4L * table.capacity()) {
            for (long n = first; n <= last; n++) {
                Page p = table.remove(n);
                if (p != null) {
                    detach(p);
                }
            }
        } else {
            for (long n : table.keysInRange(first, last)) {
                detach(table.remove(n));
            }
        }
    }

    private void detach(Page p) {
        if (p.tagCount() != 0) {
            tagged.remove(p);
            tagCount -= p.tagCount();
        }
        if (p.capDirty()) {
            dirty.remove(p);
        }
        p.owner = null;
    }

    /**
     * Advances whenever pages are removed or a page's protection changes. A cached {@link Page}
     * reference (and its protection) obtained when the generation was g is still the live page
     * for its number, with the same protection, while the generation is still g.
     */
    public long generation() {
        return generation;
    }

    /** Visits every present page (order unspecified). The visitor may add or remove pages. */
    public void forEachPage(PageVisitor v) {
        table.forEach(v);
    }

    // ================================================================ data loads

    private Page readPage(long addr) {
        long n = addr >>> Page.SHIFT;
        if (n == lastNumber) {
            return lastPage;
        }
        return page(n);
    }

    private Page writePage(long addr) {
        long n = addr >>> Page.SHIFT;
        if (n == lastNumber) {
            return lastPage;
        }
        return pageOrCreate(n);
    }

    /** Zero-extended byte. */
    public int load8(long addr) {
        Page p = readPage(addr);
        return p == null ? 0 : p.load8((int) addr & Page.MASK);
    }

    /** Zero-extended halfword. */
    public int load16(long addr) {
        int off = (int) addr & Page.MASK;
        if (off <= Page.SIZE - 2) {
            Page p = readPage(addr);
            return p == null ? 0 : p.load16(off);
        }
        return (int) loadSlow(addr, 2);
    }

    public int load32(long addr) {
        int off = (int) addr & Page.MASK;
        if (off <= Page.SIZE - 4) {
            Page p = readPage(addr);
            return p == null ? 0 : p.load32(off);
        }
        return (int) loadSlow(addr, 4);
    }

    public long load64(long addr) {
        int off = (int) addr & Page.MASK;
        if (off <= Page.SIZE - 8) {
            Page p = readPage(addr);
            return p == null ? 0 : p.load64(off);
        }
        return loadSlow(addr, 8);
    }

    /** Little-endian load of n ≤ 8 bytes assembled byte by byte (page-straddling accesses). */
    private long loadSlow(long addr, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) load8(addr + i) << (8 * i);
        }
        return v;
    }

    // ================================================================ data stores

    public void store8(long addr, int v) {
        writePage(addr).store8((int) addr & Page.MASK, v);
    }

    public void store16(long addr, int v) {
        int off = (int) addr & Page.MASK;
        if (off <= Page.SIZE - 2) {
            writePage(addr).store16(off, v);
        } else {
            storeSlow(addr, v, 2);
        }
    }

    public void store32(long addr, int v) {
        int off = (int) addr & Page.MASK;
        if (off <= Page.SIZE - 4) {
            writePage(addr).store32(off, v);
        } else {
            storeSlow(addr, v, 4);
        }
    }

    public void store64(long addr, long v) {
        int off = (int) addr & Page.MASK;
        if (off <= Page.SIZE - 8) {
            writePage(addr).store64(off, v);
        } else {
            storeSlow(addr, v, 8);
        }
    }

    /** A 16-byte data store of any alignment: {@code lo} to bytes 0–7, {@code hi} to 8–15. Clears tags. */
    public void store128(long addr, long lo, long hi) {
        int off = (int) addr & Page.MASK;
        if (off <= Page.SIZE - 16) {
            writePage(addr).store128(off, lo, hi);
        } else {
            store64(addr, lo);
            store64(addr + 8, hi);
        }
    }

    /** Store of n ≤ 8 bytes byte by byte; each byte store clears its granule's tag. */
    private void storeSlow(long addr, long v, int n) {
        for (int i = 0; i < n; i++) {
            store8(addr + i, (int) (v >>> (8 * i)));
        }
    }

    // ================================================================ bulk data

    /** Copies {@code len} bytes from guest memory at {@code addr} to {@code dst[off..]}. */
    public void read(long addr, byte[] dst, int off, int len) {
        Objects.checkFromIndexSize(off, len, dst.length);
        while (len > 0) {
            int pageOff = (int) addr & Page.MASK;
            int chunk = Math.min(len, Page.SIZE - pageOff);
            Page p = readPage(addr);
            if (p == null) {
                Arrays.fill(dst, off, off + chunk, (byte) 0);
            } else {
                p.read(pageOff, dst, off, chunk);
            }
            addr += chunk;
            off += chunk;
            len -= chunk;
        }
    }

    /** Copies {@code src[off..off+len)} into guest memory at {@code addr}, clearing the tags it touches. */
    public void write(long addr, byte[] src, int off, int len) {
        Objects.checkFromIndexSize(off, len, src.length);
        while (len > 0) {
            int pageOff = (int) addr & Page.MASK;
            int chunk = Math.min(len, Page.SIZE - pageOff);
            Page p = writePage(addr);
            p.write(pageOff, src, off, chunk);
            addr += chunk;
            off += chunk;
            len -= chunk;
        }
    }

    /**
     * Sets {@code len} (≥ 0) bytes from {@code addr} to {@code value}, clearing the tags it
     * touches. Filling with zero does not create absent pages (they already read as zero), and
     * over a range much larger than the memory it visits only the present pages, so any length
     * is cheap. A non-zero fill creates every page in the range: bound it first.
     */
    public void fill(long addr, long len, byte value) {
        if (len < 0) {
            throw new IllegalArgumentException("negative fill length: " + len);
        }
        if (value == 0 && (len >>> Page.SHIFT) > 4L * table.capacity()) {
            zeroPresentPages(addr, len);
            return;
        }
        while (len > 0) {
            int pageOff = (int) addr & Page.MASK;
            int chunk = (int) Math.min(len, Page.SIZE - pageOff);
            Page p = value == 0 ? readPage(addr) : writePage(addr);
            if (p != null) {
                p.fill(pageOff, chunk, value);
            }
            addr += chunk;
            len -= chunk;
        }
    }

    /** Zero fill of a long range (more than 2 pages) through the present pages only. */
    private void zeroPresentPages(long addr, long len) {
        long last = addr + len - 1;              // may wrap past the top of the address space
        long firstPage = addr >>> Page.SHIFT;
        long lastPage = last >>> Page.SHIFT;
        long[] keys = Long.compareUnsigned(firstPage, lastPage) <= 0
                ? table.keysInRange(firstPage, lastPage)
                : concat(table.keysInRange(firstPage, PAGE_NUMBER_LIMIT - 1), table.keysInRange(0, lastPage));
        for (long n : keys) {
            int from = n == firstPage ? (int) addr & Page.MASK : 0;
            int to = n == lastPage ? ((int) last & Page.MASK) + 1 : Page.SIZE;
            table.get(n).fill(from, to - from, (byte) 0);
        }
    }

    private static long[] concat(long[] a, long[] b) {
        long[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    // ================================================================ capabilities

    private static void checkCapAligned(long addr) {
        if ((addr & (Page.GRANULE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("capability address not 16-byte aligned: 0x" + Long.toHexString(addr));
        }
    }

    /** Tag of the granule at {@code addr} (16-byte aligned). */
    public boolean loadTag(long addr) {
        checkCapAligned(addr);
        Page p = readPage(addr);
        return p != null && p.tag(((int) addr & Page.MASK) >>> Page.GRANULE_SHIFT);
    }

    /** Bytes 0–7 of the capability at {@code addr} (16-byte aligned). */
    public long loadCapAddress(long addr) {
        checkCapAligned(addr);
        Page p = readPage(addr);
        return p == null ? 0 : p.loadCapAddress((int) addr & Page.MASK);
    }

    /** Bytes 8–15 of the capability at {@code addr} (16-byte aligned): memory-form metadata. */
    public long loadCapMeta(long addr) {
        checkCapAligned(addr);
        Page p = readPage(addr);
        return p == null ? 0 : p.loadCapMeta((int) addr & Page.MASK);
    }

    /** Stores 16 bytes and the tag at {@code addr} (16-byte aligned). A set tag sets capDirty. */
    public void storeCap(long addr, long address, long memMeta, boolean tag) {
        checkCapAligned(addr);
        writePage(addr).storeCap((int) addr & Page.MASK, address, memMeta, tag);
    }

    /** Clears the tag of the granule at {@code addr} (16-byte aligned); the data is kept. */
    public void clearTag(long addr) {
        checkCapAligned(addr);
        Page p = readPage(addr);
        if (p != null) {
            p.clearTag(((int) addr & Page.MASK) >>> Page.GRANULE_SHIFT);
        }
    }

    /**
     * Tags of {@code count} (1..32) consecutive granules from {@code addr} (16-byte aligned):
     * bit i = tag of granule {@code addr + 16*i}. CLoadTags is {@code loadTags(addr, 4)} with a
     * 64-byte aligned addr.
     */
    public int loadTags(long addr, int count) {
        checkCapAligned(addr);
        if (count < 1 || count > 32) {
            throw new IllegalArgumentException("loadTags count out of 1..32: " + count);
        }
        int g = ((int) addr & Page.MASK) >>> Page.GRANULE_SHIFT;
        if (g + count <= Page.GRANULES) {
            Page p = readPage(addr);
            return p == null ? 0 : p.tagBits(g, count);
        }
        int bits = 0;
        for (int i = 0; i < count; i++) {
            if (loadTag(addr + ((long) i << Page.GRANULE_SHIFT))) {
                bits |= 1 << i;
            }
        }
        return bits;
    }

    // ================================================================ page lists (called by Page)

    void pageGainedTags(Page p) {
        tagged.add(p);
    }

    void pageLostTags(Page p) {
        tagged.remove(p);
    }

    void pageBecameDirty(Page p) {
        dirty.add(p);
    }

    void pageBecameClean(Page p) {
        dirty.remove(p);
    }

    // ================================================================ sweeping

    /*
     * Iteration walks a dense page list in order (the order in which pages first gained the
     * property, which for a heap is roughly ascending address and allocation order, so the
     * hardware prefetcher follows). While it runs, list removals are deferred (see PageList), so
     * the visitor may set and clear tags anywhere, store capabilities, clear capDirty flags and
     * remove pages: every page that had the property at the start and still has it when its turn
     * comes is visited exactly once, and pages that gain it during the iteration are not visited.
     * Within a page the tag words are read live, so a granule whose tag the visitor clears
     * before it is reached is not visited, and a visitor that removes the page ends its visit.
     */

    /** Visits every tagged granule. Untagged pages are never touched. */
    public void forEachTaggedGranule(GranuleVisitor v) {
        iterateGranules(tagged, v);
    }

    /** Visits every tagged granule of the pages whose capDirty flag is set. */
    public void forEachTaggedGranuleInDirtyPages(GranuleVisitor v) {
        iterateGranules(dirty, v);
    }

    /**
     * Visits every page holding at least one tag: the fastest form for a sweeper, which can scan
     * {@link Page#tagWord} itself and read {@link Page#slab} directly.
     */
    public void forEachTaggedPage(PageVisitor v) {
        iteratePages(tagged, v);
    }

    /** Visits every page whose capDirty flag is set (it may since have lost its tags). */
    public void forEachDirtyPage(PageVisitor v) {
        iteratePages(dirty, v);
    }

    private void iterateGranules(PageList list, GranuleVisitor v) {
        beginIteration();
        try {
            Page[] pages = list.array();
            int n = list.slots();
            for (int i = 0; i < n; i++) {
                Page p = pages[i];
                if (list.isMember(p)) {
                    pagesVisited++;
                    visitGranules(p, v);
                }
            }
        } finally {
            endIteration();
        }
    }

    private static void visitGranules(Page p, GranuleVisitor v) {
        for (int w = 0; w < Page.TAG_WORDS; w++) {
            long bits = p.tagWord(w);
            while (bits != 0) {
                int b = Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                if ((p.tagWord(w) & (1L << b)) != 0) {   // still tagged (the visitor may clear others)
                    v.visit(p, (w << 6) | b);
                    if (p.owner == null) {
                        return;                          // the visitor removed this page
                    }
                }
            }
        }
    }

    private void iteratePages(PageList list, PageVisitor v) {
        beginIteration();
        try {
            Page[] pages = list.array();
            int n = list.slots();
            for (int i = 0; i < n; i++) {
                Page p = pages[i];
                if (list.isMember(p)) {
                    pagesVisited++;
                    v.visit(p);
                }
            }
        } finally {
            endIteration();
        }
    }

    private void beginIteration() {
        if (iterating) {
            throw new IllegalStateException("nested tag iteration");
        }
        iterating = true;
        tagged.beginDeferral();
        dirty.beginDeferral();
    }

    private void endIteration() {
        iterating = false;
        tagged.endDeferral();
        dirty.endDeferral();
    }

    /** Clears the capDirty flag of every page. */
    public void clearCapDirty() {
        dirty.clearCapDirtyFlags();
    }

    // ================================================================ statistics

    /** Number of present pages. */
    public long pageCount() {
        return table.size();
    }

    /** Number of pages holding at least one tag. */
    public long taggedPageCount() {
        return tagged.members();
    }

    /** Number of pages with capDirty set. */
    public long dirtyPageCount() {
        return dirty.members();
    }

    /** Number of tagged granules. */
    public long tagCount() {
        return tagCount;
    }

    /** Slots in use in the tagged (or capDirty) page list, including deferred removals (for tests). */
    int listSlots(boolean capDirtyList) {
        return capDirtyList ? dirty.slots() : tagged.slots();
    }

    /** Total pages handed to iteration visitors so far (for tests and sweep statistics). */
    public long pagesVisited() {
        return pagesVisited;
    }
}
