package org.cheriemu.isa.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TaggedMemoryTest {
    private final TaggedMemory mem = new TaggedMemory();

    /** Stores a tagged capability whose address and metadata are derived from its location. */
    private void tagAt(long addr) {
        mem.storeCap(addr, addr ^ 0xAAAA, ~addr, true);
    }

    private static Set<Long> setOf(long... xs) {
        Set<Long> s = new HashSet<>();
        for (long x : xs) {
            s.add(x);
        }
        return s;
    }

    // ---------------------------------------------------------------- layout

    @Test
    void capabilityLayoutIsLittleEndianAddressThenMetadata() {
        long a = 0x4_0010;
        mem.storeCap(a, 0x0807060504030201L, 0x100F0E0D0C0B0A09L, true);
        for (int i = 0; i < 16; i++) {
            assertEquals(i + 1, mem.load8(a + i), "byte " + i);
        }
        assertEquals(0x0807060504030201L, mem.load64(a));
        assertEquals(0x100F0E0D0C0B0A09L, mem.load64(a + 8));
        assertEquals(0x0807060504030201L, mem.loadCapAddress(a));
        assertEquals(0x100F0E0D0C0B0A09L, mem.loadCapMeta(a));
        assertEquals(0x0201, mem.load16(a));
        assertEquals(0x04030201, mem.load32(a));
        assertTrue(mem.loadTag(a), "loads do not clear tags");
    }

    @Test
    void dataStoresAreLittleEndianAndNarrowLoadsZeroExtend() {
        mem.store64(0x100, 0xF1F2F3F4F5F6F7F8L);
        assertEquals(0xF8, mem.load8(0x100));
        assertEquals(0xF7F8, mem.load16(0x100));
        assertEquals(0xF5F6F7F8, mem.load32(0x100));
        Page p = mem.page(0);
        assertEquals(0xF8, p.load8(0x100));
        assertEquals(0xF7F8, p.load16(0x100));
        mem.store16(0x200, 0x12345);      // only the low 16 bits are stored
        assertEquals(0x2345, mem.load32(0x200));
    }

    @Test
    void accessesWrapAroundTheTopOfTheAddressSpace() {
        mem.store64(-4L, 0x1122334455667788L);
        assertEquals(0x55667788, mem.load32(-4L));
        assertEquals(0x11223344, mem.load32(0));
        assertEquals(0x1122334455667788L, mem.load64(-4L));
        assertEquals(2, mem.pageCount());
    }

    // ---------------------------------------------------------------- capabilities

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 8, 15})
    void unalignedCapabilityAccessIsRejected(int misalignment) {
        long a = 0x9000 + misalignment;
        List<Consumer<Long>> ops = List.of(
                x -> mem.loadTag(x), x -> mem.loadCapAddress(x), x -> mem.loadCapMeta(x),
                x -> mem.storeCap(x, 1, 2, true), x -> mem.storeCap(x, 1, 2, false),
                x -> mem.clearTag(x), x -> mem.loadTags(x, 4),
                x -> mem.pageAtOrCreate(x).storeCap((int) (x & Page.MASK), 1, 2, true));
        for (Consumer<Long> op : ops) {
            assertThrows(IllegalArgumentException.class, () -> op.accept(a));
        }
        assertEquals(0, mem.tagCount());
        assertEquals(0, mem.load64(0x9000), "a rejected store writes nothing");
    }

    @Test
    void untaggedCapabilityStoreClearsTheTagAndWritesData() {
        tagAt(0x3000);
        mem.storeCap(0x3000, 5, 6, false);
        assertFalse(mem.loadTag(0x3000));
        assertEquals(5, mem.loadCapAddress(0x3000));
        assertEquals(6, mem.loadCapMeta(0x3000));
        assertEquals(0, mem.tagCount());
    }

    @Test
    void clearTagKeepsTheData() {
        tagAt(0x3010);
        mem.clearTag(0x3010);
        assertFalse(mem.loadTag(0x3010));
        assertEquals(0x3010 ^ 0xAAAA, mem.loadCapAddress(0x3010));
        mem.clearTag(0x7777_0000L);   // absent page: nothing happens, nothing is created
        assertEquals(1, mem.pageCount());
    }

    @Test
    void loadTagsReturnsOneBitPerGranule() {
        // CLoadTags: a 64-byte aligned block of 4 granules, bit i = granule i
        for (int pattern = 0; pattern < 16; pattern++) {
            long block = 0x20_0000L + 64L * pattern;
            for (int i = 0; i < 4; i++) {
                if ((pattern & (1 << i)) != 0) {
                    tagAt(block + 16L * i);
                } else {
                    mem.storeCap(block + 16L * i, 1, 1, false);
                }
            }
        }
        for (int pattern = 0; pattern < 16; pattern++) {
            assertEquals(pattern, mem.loadTags(0x20_0000L + 64L * pattern, 4), "pattern " + pattern);
        }
        assertEquals(0, mem.loadTags(0x99_0000L, 4), "absent page");
        assertThrows(IllegalArgumentException.class, () -> mem.loadTags(0x20_0000L, 0));
        assertThrows(IllegalArgumentException.class, () -> mem.loadTags(0x20_0000L, 33));
    }

    @Test
    void loadTagsAcrossTagWordsAndPages() {
        Random rnd = new Random(7);
        Set<Long> tagged = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            long g = 0x30_0000L + 16L * rnd.nextInt(3 * Page.GRANULES);
            tagAt(g);
            tagged.add(g);
        }
        for (long a = 0x30_0000L; a < 0x30_0000L + 2 * Page.SIZE; a += 16) {
            for (int count : new int[] {1, 4, 17, 32}) {
                int expected = 0;
                for (int i = 0; i < count; i++) {
                    expected |= tagged.contains(a + 16L * i) ? 1 << i : 0;
                }
                assertEquals(expected, mem.loadTags(a, count), "0x" + Long.toHexString(a) + " x" + count);
            }
        }
    }

    // ---------------------------------------------------------------- pages

    @Test
    void loadsAndZeroFillsDoNotCreatePages() {
        assertEquals(0, mem.load64(0x5000));
        assertFalse(mem.loadTag(0x5000));
        byte[] buf = new byte[3 * Page.SIZE];
        mem.read(0x5000, buf, 0, buf.length);
        mem.fill(0x5000, 10 * Page.SIZE, (byte) 0);
        assertEquals(0, mem.pageCount());
        assertNull(mem.page(5));
        mem.store8(0x5001, 1);
        assertEquals(1, mem.pageCount());
        mem.fill(0x5000, 10 * Page.SIZE, (byte) 0);
        assertEquals(1, mem.pageCount(), "zero fill zeroes present pages only");
        assertEquals(0, mem.load8(0x5001));
    }

    @Test
    void zeroFillOfAHugeRangeTouchesOnlyPresentPages() {
        // from the middle of the top page, 2^63-1 bytes: wraps to page 0 and ends in the middle of page 2^51-1
        long addr = -Page.SIZE + 0x801;
        long len = Long.MAX_VALUE;
        long[] pages = {TaggedMemory.PAGE_NUMBER_LIMIT - 1, 0, 1, 0x7_FFFF_FFFFL, (1L << 51) - 1, 1L << 51};
        byte[][] before = new byte[pages.length][Page.SIZE];
        for (int k = 0; k < pages.length; k++) {
            long base = pages[k] << Page.SHIFT;
            mem.fill(base, Page.SIZE, (byte) 0x77);
            tagAt(base + 0x7F0);
            tagAt(base + 0x800);
            mem.read(base, before[k], 0, Page.SIZE);
        }
        mem.fill(addr, len, (byte) 0);
        for (int k = 0; k < pages.length; k++) {
            long base = pages[k] << Page.SHIFT;
            for (int i = 0; i < Page.SIZE; i++) {
                long a = base + i;
                int expected = Long.compareUnsigned(a - addr, len) < 0 ? 0 : before[k][i] & 0xFF;
                assertEquals(expected, mem.load8(a), "byte at 0x" + Long.toHexString(a));
            }
            for (long g : new long[] {base + 0x7F0, base + 0x800}) {
                boolean touched = Long.compareUnsigned(g - addr, len) < 0 || Long.compareUnsigned(g + 15 - addr, len) < 0;
                assertEquals(!touched, mem.loadTag(g), "tag at 0x" + Long.toHexString(g));
            }
        }
        assertEquals(pages.length, mem.pageCount(), "no page created");
        assertEquals(4, mem.tagCount(), "the top page and page 2^51-1 keep one tag each, page 2^51 both");
    }

    @Test
    void pageOrCreateReturnsTheSameZeroedPage() {
        Page p = mem.pageOrCreate(0x123);
        assertEquals(0x123, p.number);
        assertEquals(0x123000L, p.baseAddress());
        assertEquals(Page.PROT_ALL, p.prot());
        for (int i = 0; i < Page.SIZE; i++) {
            assertEquals(0, p.load8(i));
        }
        assertSame(p, mem.pageOrCreate(0x123));
        assertSame(p, mem.page(0x123));
        mem.pageOrCreate(0x124);
        assertSame(p, mem.page(0x123), "found again after the last-page cache moved on");
        assertThrows(IllegalArgumentException.class, () -> mem.pageOrCreate(TaggedMemory.PAGE_NUMBER_LIMIT));
        assertThrows(IllegalArgumentException.class, () -> mem.pageOrCreate(-1));
        assertThrows(IllegalArgumentException.class, () -> p.setProt(8));
        long gen = mem.generation();
        p.setProt(Page.PROT_ALL);
        assertEquals(gen, mem.generation(), "no change, no new generation");
        p.setProt(Page.PROT_READ);
        assertEquals(Page.PROT_READ, p.prot());
        assertNotEquals(gen, mem.generation(), "a protection change invalidates cached pages");
    }

    @Test
    void removePagesDropsWholePagesAndTheirTags() {
        for (long n = 10; n < 20; n++) {
            tagAt(n << Page.SHIFT);
        }
        long gen = mem.generation();
        assertThrows(IllegalArgumentException.class, () -> mem.removePages(0xB001, Page.SIZE));
        mem.removePages(0xC000, 3 * Page.SIZE - 100);   // rounds up to pages 12, 13, 14
        assertNotEquals(gen, mem.generation());
        assertEquals(7, mem.pageCount());
        assertEquals(7, mem.tagCount());
        assertEquals(7, mem.taggedPageCount());
        assertEquals(7, mem.dirtyPageCount());
        assertNull(mem.page(12));
        assertNull(mem.page(14));
        assertNotNull(mem.page(15));
        assertEquals(0, mem.load64(0xC000), "removed memory reads as zero");
        assertFalse(mem.loadTag(0xC000));
        mem.removePages(0, 0);
        assertEquals(7, mem.pageCount());
    }

    @Test
    void removePagesOverHugeRangesAndTheTopOfTheAddressSpace() {
        long top = -Page.SIZE;    // last page
        tagAt(top);
        tagAt(0x7000_0000_0000L);
        tagAt(0x1000);
        mem.removePages(0x2000, -1L);          // length 2^64-1: everything from page 2 to the top
        assertEquals(1, mem.pageCount());
        assertNotNull(mem.page(1));
        assertEquals(1, mem.tagCount());
        mem.removePages(0, Long.MAX_VALUE);
        assertEquals(0, mem.pageCount());
        assertEquals(0, mem.tagCount());
        assertEquals(0, mem.taggedPageCount());
        assertEquals(0, mem.dirtyPageCount());
    }

    @Test
    void aDetachedPageNoLongerAffectsTheMemory() {
        Page p = mem.pageOrCreate(3);
        mem.removePages(3L << Page.SHIFT, Page.SIZE);
        assertTrue(p.detached());
        p.storeCap(0, 1, 2, true);
        p.store64(0, 7);
        assertEquals(0, mem.tagCount());
        assertEquals(0, mem.taggedPageCount());
        assertEquals(0, mem.dirtyPageCount());
        assertEquals(0, mem.load64(3L << Page.SHIFT));
        Page fresh = mem.pageOrCreate(3);
        assertNotEquals(p, fresh);
        assertEquals(0, fresh.load64(0));
    }

    // ---------------------------------------------------------------- iteration

    @Test
    void iterationVisitsExactlyTheTaggedGranulesAndNoUntaggedPage() {
        // 1000 pages with data, 5 of them with tags, 3 more that had tags and lost them
        for (long n = 0; n < 1000; n++) {
            mem.store64(n << Page.SHIFT, n);
        }
        Set<Long> expected = new HashSet<>();
        for (long n : new long[] {3, 64, 65, 500, 999}) {
            for (int g : new int[] {0, 63, 64, 200, 255}) {
                long a = (n << Page.SHIFT) + 16L * g;
                tagAt(a);
                expected.add(a);
            }
        }
        for (long n : new long[] {7, 8, 9}) {
            tagAt(n << Page.SHIFT);
            mem.store8(n << Page.SHIFT, 0);
        }
        long before = mem.pagesVisited();
        int[] calls = {0};
        Set<Long> pagesSeen = new HashSet<>();
        mem.forEachTaggedGranule((p, g) -> {
            calls[0]++;
            pagesSeen.add(p.number);
        });
        assertEquals(5, mem.pagesVisited() - before, "pages visited");
        assertEquals(setOf(3, 64, 65, 500, 999), pagesSeen);
        assertEquals(expected.size(), calls[0]);
        assertEquals(expected, MemoryChecks.taggedGranules(mem));
        assertEquals(5, mem.taggedPageCount());
        assertEquals(1000, mem.pageCount());
    }

    @Test
    void aSweeperMayClearTagsWhileIterating() {
        Random rnd = new Random(11);
        Set<Long> tagged = new HashSet<>();
        for (int i = 0; i < 5000; i++) {
            long a = 16L * rnd.nextInt(64 * Page.GRANULES);
            tagAt(a);
            tagged.add(a);
        }
        // revoke every capability whose address has bit 4 set, the way a sweeper would
        List<Long> visits = new ArrayList<>();
        mem.forEachTaggedGranule((p, g) -> {
            visits.add(MemoryChecks.granuleAddress(p, g));
            if ((p.loadCapAddress(g << Page.GRANULE_SHIFT) & 0x10) != 0) {
                p.clearTag(g);
            }
        });
        assertEquals(tagged, MemoryChecks.distinct(visits));
        Set<Long> survivors = new HashSet<>();
        for (long a : tagged) {
            if (((a ^ 0xAAAA) & 0x10) == 0) {
                survivors.add(a);
            }
        }
        assertEquals(survivors, MemoryChecks.taggedGranules(mem));
        assertEquals(survivors.size(), mem.tagCount());
        assertEquals(mem.taggedPageCount(), mem.listSlots(false));
        assertEquals(mem.dirtyPageCount(), mem.listSlots(true));
    }

    @Test
    void aVisitorMayClearOtherPagesAndRemovePagesWithoutSkippingOrRepeating() {
        Random rnd = new Random(12);
        for (int round = 0; round < 50; round++) {
            TaggedMemory m = new TaggedMemory();
            ReferenceMemory model = new ReferenceMemory();
            for (int i = 0; i < 400; i++) {
                long a = 16L * rnd.nextInt(40 * Page.GRANULES);
                m.storeCap(a, a, 0, true);
                model.storeCap(a, a, 0, true);
            }
            Set<Long> initiallyTagged = new HashSet<>(model.taggedGranules);
            List<Long> visits = new ArrayList<>();
            m.forEachTaggedGranule((p, g) -> {
                long a = MemoryChecks.granuleAddress(p, g);
                assertTrue(model.tag(a), "visited a granule cleared earlier in the sweep");
                visits.add(a);
                // meanwhile, clear a random granule elsewhere, or unmap a random page
                long other = 16L * rnd.nextInt(40 * Page.GRANULES);
                if (rnd.nextInt(20) == 0) {
                    long page = other >>> Page.SHIFT;
                    m.removePages(page << Page.SHIFT, Page.SIZE);
                    model.removePages(page, 1);
                } else {
                    m.clearTag(other);
                    model.clearTag(other);
                }
            });
            Set<Long> seen = MemoryChecks.distinct(visits);
            // every granule still tagged at the end was tagged at the start, so it must have been visited
            for (long a : model.taggedGranules) {
                assertTrue(seen.contains(a), "skipped 0x" + Long.toHexString(a));
            }
            assertTrue(initiallyTagged.containsAll(seen));
            MemoryChecks.assertSameAsModel(m, model);
        }
    }

    @Test
    void pagesThatGainTagsDuringAnIterationAreNotVisitedAndTheListsStayExact() {
        for (long n = 0; n < 10; n++) {
            tagAt(n << Page.SHIFT);
        }
        List<Long> seen = new ArrayList<>();
        mem.forEachTaggedGranule((p, g) -> {
            long a = MemoryChecks.granuleAddress(p, g);
            seen.add(a);
            p.clearTag(g);                       // revoke: the page loses its only tag...
            if (p.number % 2 == 0) {
                tagAt(a + 16);                   // ...and even pages get a new one at once
            }
            if (p.number < 100) {
                tagAt(a + (100L << Page.SHIFT)); // plus a brand-new tagged page per visit
            }
        });
        assertEquals(10, MemoryChecks.distinct(seen).size(), "new tags and pages are not visited");
        assertEquals(15, mem.taggedPageCount());
        assertEquals(15, mem.tagCount());
        assertEquals(15, MemoryChecks.taggedPages(mem).size());
        Set<Long> expected = new HashSet<>();
        for (long n = 0; n < 10; n++) {
            if (n % 2 == 0) {
                expected.add((n << Page.SHIFT) + 16);
            }
            expected.add((n + 100) << Page.SHIFT);
        }
        assertEquals(expected, MemoryChecks.taggedGranules(mem));
        assertEquals(15, mem.listSlots(false), "pages that lost their tags leave the list when the iteration ends");
    }

    @Test
    void clearingCapDirtyDuringADirtyPageIterationEndsIt() {
        for (long n = 0; n < 10; n++) {
            tagAt(n << Page.SHIFT);
        }
        int[] visits = {0};
        mem.forEachDirtyPage(p -> {
            visits[0]++;
            mem.clearCapDirty();
            tagAt((p.number + 50) << Page.SHIFT);   // dirties a new page, not visited now
        });
        assertEquals(1, visits[0]);
        assertEquals(1, mem.dirtyPageCount());
        assertEquals(1, mem.listSlots(true));
        assertEquals(Set.of(50L), MemoryChecks.dirtyPages(mem));
    }

    @Test
    void pagesSharingASlabDoNotShareBytes() {
        // 200 pages span several slabs; fill every other page and check its neighbours stay zero
        for (long n = 0; n < 200; n++) {
            mem.pageOrCreate(n);
        }
        for (long n = 1; n < 200; n += 2) {
            mem.fill(n << Page.SHIFT, Page.SIZE, (byte) 0xFF);
        }
        for (long n = 0; n < 200; n++) {
            Page p = mem.page(n);
            int expected = n % 2 == 1 ? 0xFF : 0;
            for (int i = 0; i < Page.SIZE; i += 8) {
                assertEquals(expected, p.load8(i) & p.load8(i + 7), "page " + n + " byte " + i);
            }
        }
    }

    @Test
    void copyFromCopiesBytesAndTags() {
        mem.fill(0x1000, Page.SIZE, (byte) 0x11);
        tagAt(0x1000);
        tagAt(0x1FF0);
        tagAt(0x2400);                            // the destination's own tag goes away
        mem.store64(0x2008, 5);
        mem.clearCapDirty();
        mem.page(2).copyFrom(mem.page(1));
        for (int i = 0; i < Page.SIZE; i++) {
            assertEquals(mem.load8(0x1000 + i), mem.load8(0x2000 + i), "byte " + i);
        }
        assertEquals(setOf(0x1000, 0x1FF0, 0x2000, 0x2FF0), MemoryChecks.taggedGranules(mem));
        assertEquals(4, mem.tagCount());
        assertEquals(setOf(2), MemoryChecks.dirtyPages(mem), "copied tags count as capability stores");
        mem.page(2).copyFrom(mem.page(2));
        assertEquals(4, mem.tagCount());
    }

    @Test
    void pageLocalBulkAccessStaysInsideThePage() {
        Page p = mem.pageOrCreate(2);
        tagAt(0x2FF0);
        byte[] buf = {1, 2, 3};
        assertThrows(IndexOutOfBoundsException.class, () -> p.write(Page.SIZE - 2, buf, 0, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> p.fill(-1, 2, (byte) 0));
        assertThrows(IndexOutOfBoundsException.class, () -> p.read(Page.SIZE, buf, 0, 1));
        assertTrue(mem.loadTag(0x2FF0), "a rejected write changes nothing");
        p.write(Page.SIZE - 3, buf, 0, 3);
        assertFalse(mem.loadTag(0x2FF0));
        assertEquals(0x030201, mem.load32(0x2FFD) & 0xFFFFFF);
    }

    @Test
    void nestedIterationIsRejected() {
        tagAt(0);
        assertThrows(IllegalStateException.class,
                () -> mem.forEachTaggedGranule((p, g) -> mem.forEachTaggedPage(q -> {})));
        mem.forEachTaggedPage(q -> {}); // and the memory is usable afterwards
    }

    // ---------------------------------------------------------------- capDirty

    @Test
    void capDirtyIsSetOnlyByTaggedCapabilityStores() {
        mem.store64(0x1000, 1);
        mem.storeCap(0x2000, 1, 2, false);
        mem.write(0x3000, new byte[16], 0, 16);
        assertEquals(0, mem.dirtyPageCount());
        tagAt(0x4000);
        tagAt(0x4010);
        tagAt(0x5000);
        assertTrue(mem.page(4).capDirty());
        assertFalse(mem.page(1).capDirty());
        assertEquals(setOf(4, 5), MemoryChecks.dirtyPages(mem));
    }

    @Test
    void capDirtySurvivesLosingTheTagsUntilCleared() {
        tagAt(0x4000);
        mem.store64(0x4000, 0);
        assertEquals(0, mem.tagCount());
        assertTrue(mem.page(4).capDirty(), "capDirty records a store, not the current tags");
        assertEquals(setOf(4), MemoryChecks.dirtyPages(mem));
        assertEquals(Set.of(), MemoryChecks.taggedGranulesInDirtyPages(mem));
        mem.clearCapDirty();
        assertFalse(mem.page(4).capDirty());
        assertEquals(0, mem.dirtyPageCount());
    }

    @Test
    void dirtyPageIterationVisitsOnlyTaggedGranulesOfDirtyPages() {
        tagAt(0x4000);
        tagAt(0x4020);
        tagAt(0x5000);
        tagAt(0x6000);
        mem.clearCapDirty();
        assertEquals(Set.of(), MemoryChecks.taggedGranulesInDirtyPages(mem));
        tagAt(0x5010);                      // page 5 dirty again
        tagAt(0x7000);                      // new page 7
        mem.store64(0x8000, 1);             // data only: page 8 stays clean
        long before = mem.pagesVisited();
        assertEquals(setOf(0x5000, 0x5010, 0x7000), MemoryChecks.taggedGranulesInDirtyPages(mem));
        assertEquals(2, mem.pagesVisited() - before, "only dirty pages are visited");
        mem.page(5).clearCapDirty();
        assertEquals(setOf(0x7000), MemoryChecks.taggedGranulesInDirtyPages(mem));
        assertEquals(setOf(7), MemoryChecks.dirtyPages(mem));
        assertEquals(4, mem.taggedPageCount());
    }

    @Test
    void aCapDirtySweepMayCleanPagesAsItGoes() {
        for (long n = 0; n < 100; n++) {
            tagAt(n << Page.SHIFT);
        }
        List<Long> seen = new ArrayList<>();
        mem.forEachDirtyPage(p -> {
            seen.add(p.number);
            p.clearCapDirty();
        });
        assertEquals(100, MemoryChecks.distinct(seen).size());
        assertEquals(0, mem.dirtyPageCount());
        assertEquals(100, mem.taggedPageCount());
    }
}
