package org.cheriemu.isa.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Shared helpers: collecting what the iterators visit, and whole-memory comparison with the model. */
final class MemoryChecks {
    private MemoryChecks() {}

    static long granuleAddress(Page p, int granule) {
        return p.baseAddress() + ((long) granule << Page.GRANULE_SHIFT);
    }

    /** Granule addresses visited by forEachTaggedGranule, failing on a repeat visit. */
    static Set<Long> taggedGranules(TaggedMemory m) {
        return distinct(collect(m, false));
    }

    /** Granule addresses visited by forEachTaggedGranuleInDirtyPages, failing on a repeat visit. */
    static Set<Long> taggedGranulesInDirtyPages(TaggedMemory m) {
        return distinct(collect(m, true));
    }

    private static List<Long> collect(TaggedMemory m, boolean dirtyOnly) {
        List<Long> out = new ArrayList<>();
        GranuleVisitor v = (p, g) -> {
            assertTrue(p.tag(g), "visited an untagged granule");
            out.add(granuleAddress(p, g));
        };
        if (dirtyOnly) {
            m.forEachTaggedGranuleInDirtyPages(v);
        } else {
            m.forEachTaggedGranule(v);
        }
        return out;
    }

    static Set<Long> distinct(List<Long> visits) {
        Set<Long> s = new HashSet<>(visits);
        assertEquals(visits.size(), s.size(), "a granule was visited twice");
        return s;
    }

    static Set<Long> dirtyPages(TaggedMemory m) {
        List<Long> out = new ArrayList<>();
        m.forEachDirtyPage(p -> {
            assertTrue(p.capDirty());
            out.add(p.number);
        });
        return distinct(out);
    }

    static Set<Long> taggedPages(TaggedMemory m) {
        List<Long> out = new ArrayList<>();
        m.forEachTaggedPage(p -> {
            assertTrue(p.tagCount() > 0, "visited a page without tags");
            out.add(p.number);
        });
        return distinct(out);
    }

    /** Compares every byte, tag, flag, count and iterator result of {@code m} with the model. */
    static void assertSameAsModel(TaggedMemory m, ReferenceMemory model) {
        assertEquals(model.pages.size(), m.pageCount(), "pageCount");
        Set<Long> presentPages = new HashSet<>();
        m.forEachPage(p -> presentPages.add(p.number));
        assertEquals(model.pages, presentPages, "present pages");
        for (long n : model.pages) {
            Page p = m.page(n);
            assertNotNull(p, "page " + Long.toHexString(n));
            long base = n << Page.SHIFT;
            int tagsHere = 0;
            for (int i = 0; i < Page.SIZE; i++) {
                if (model.load8(base + i) != p.load8(i)) {
                    assertEquals(model.load8(base + i), p.load8(i), "byte at 0x" + Long.toHexString(base + i));
                }
            }
            for (int g = 0; g < Page.GRANULES; g++) {
                boolean expected = model.taggedGranules.contains(base + 16L * g);
                assertEquals(expected, p.tag(g), "tag at 0x" + Long.toHexString(base + 16L * g));
                tagsHere += expected ? 1 : 0;
            }
            assertEquals(tagsHere, p.tagCount(), "tag count of page 0x" + Long.toHexString(n));
            assertEquals(model.dirtyPages.contains(n), p.capDirty(), "capDirty of page 0x" + Long.toHexString(n));
        }
        assertEquals(model.taggedGranules.size(), m.tagCount(), "tagCount");
        assertEquals(model.taggedPages().size(), m.taggedPageCount(), "taggedPageCount");
        assertEquals(model.dirtyPages.size(), m.dirtyPageCount(), "dirtyPageCount");

        long visitsBefore = m.pagesVisited();
        assertEquals(model.taggedGranules, taggedGranules(m), "forEachTaggedGranule");
        assertEquals(model.taggedPages().size(), m.pagesVisited() - visitsBefore,
                "forEachTaggedGranule must visit exactly the tagged pages");
        assertEquals(model.taggedPages(), taggedPages(m), "forEachTaggedPage");
        assertEquals(model.dirtyPages, dirtyPages(m), "forEachDirtyPage");
        Set<Long> dirtyTagged = new HashSet<>();
        for (long g : model.taggedGranules) {
            if (model.dirtyPages.contains(ReferenceMemory.pageOf(g))) {
                dirtyTagged.add(g);
            }
        }
        assertEquals(dirtyTagged, taggedGranulesInDirtyPages(m), "forEachTaggedGranuleInDirtyPages");
    }
}
