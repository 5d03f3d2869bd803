/**
 * Tagged guest memory: sparse 4 KiB {@link org.cheriemu.isa.memory.Page pages} over the 64-bit
 * address space, one tag bit per 16-byte granule (CHERI-RISC-V reference §1.10, §5), a
 * per-page capDirty flag, and iteration over tagged granules for revocation sweeps.
 *
 * <h2>Decisions</h2>
 * <ul>
 * <li><b>Page table.</b> An open-addressing long→Page table ({@link org.cheriemu.isa.memory.PageTable}:
 *     primitive keys, linear probing, Fibonacci hashing, load ≤ 1/2, backward-shift deletion)
 *     behind a one-entry last-page cache. No boxing, no allocation on lookup.</li>
 * <li><b>Tagged-page index.</b> Pages with a non-zero tag count sit in a dense list
 *     ({@link org.cheriemu.isa.memory.PageList}); each page stores its slot, so joining and
 *     leaving are O(1) and happen only when a page's tag count moves between 0 and non-zero.
 *     Iteration walks the list, so its cost is proportional to the pages that hold tags, never
 *     to the pages that exist. capDirty pages have a second list of the same kind.</li>
 * <li><b>Iteration while mutating.</b> A sweeper clears tags as it goes. While an iteration
 *     runs, list removals are deferred (the page keeps its slot, the iterator skips it) and
 *     compacted at the end, so the iteration order is stable: ascending list order, which the
 *     hardware prefetcher follows (walking the list backwards made dense sweeps about 2x
 *     slower).</li>
 * <li><b>Slabs.</b> Page bytes are carved from shared arrays of up to 64 pages
 *     ({@link org.cheriemu.isa.memory.Page#slab} + {@link org.cheriemu.isa.memory.Page#base}), so
 *     the collector cannot scatter neighbouring pages; with one array per page a dense sweep
 *     under G1 ran at about a third of the speed. Slots are not reused.</li>
 * <li><b>Absent pages read as zero.</b> Loads, tag reads and zero fills never create pages;
 *     stores, capability stores, non-zero fills and {@code pageOrCreate} do.</li>
 * <li><b>Capabilities</b> are 16 bytes (address, then memory-form metadata, little-endian) plus
 *     the tag, moved in one call; the metadata is stored exactly as given.</li>
 * <li><b>Invalidation.</b> {@link org.cheriemu.isa.memory.TaggedMemory#generation()} advances when
 *     pages are removed or a protection changes; a holder of cached Page references compares it.
 *     A removed page is detached: writes to a stale reference change nothing that is live.</li>
 * </ul>
 *
 * <h2>For the sweeper</h2>
 * The fastest form is {@link org.cheriemu.isa.memory.TaggedMemory#forEachTaggedPage}: scan the
 * four {@link org.cheriemu.isa.memory.Page#tagWord tag words} with
 * {@code Long.numberOfTrailingZeros} in your own loop, read the capability with
 * {@link org.cheriemu.isa.memory.Page#loadCapAddress} / {@code loadCapMeta}, and revoke with
 * {@link org.cheriemu.isa.memory.Page#clearTag}. The per-granule visitor costs an interface call
 * per capability, which stays cheap only while one visitor class is used at that call site.
 */
package org.cheriemu.isa.memory;
