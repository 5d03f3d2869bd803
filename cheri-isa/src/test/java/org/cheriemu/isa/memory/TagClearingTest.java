package org.cheriemu.isa.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * "The tag is cleared on any partial overwrite of a granule" (reference §5.2), for every way of
 * writing data, every width, and every start offset that touches a granule, in the middle of a
 * page and across a page boundary.
 */
class TagClearingTest {
    private static final int[] WIDTHS = {1, 2, 4, 8, 16};

    /** The ways of writing data; each must clear exactly the tags of the granules it touches. */
    enum DataStore {
        TYPED {
            @Override
            boolean apply(TaggedMemory m, long a, int w, long v) {
                switch (w) {
                    case 1 -> m.store8(a, (int) v);
                    case 2 -> m.store16(a, (int) v);
                    case 4 -> m.store32(a, (int) v);
                    case 8 -> m.store64(a, v);
                    default -> m.store128(a, v, ~v);
                }
                return true;
            }
        },
        PAGE_LOCAL {
            @Override
            boolean apply(TaggedMemory m, long a, int w, long v) {
                int off = (int) a & Page.MASK;
                if (off + w > Page.SIZE) {
                    return false;    // page-local accessors never cross a page
                }
                Page p = m.pageAtOrCreate(a);
                switch (w) {
                    case 1 -> p.store8(off, (int) v);
                    case 2 -> p.store16(off, (int) v);
                    case 4 -> p.store32(off, (int) v);
                    case 8 -> p.store64(off, v);
                    default -> p.store128(off, v, ~v);
                }
                return true;
            }
        },
        WRITE {
            @Override
            boolean apply(TaggedMemory m, long a, int w, long v) {
                byte[] b = new byte[w];
                for (int i = 0; i < w; i++) {
                    b[i] = (byte) (v >>> (8 * (i & 7)));
                }
                m.write(a, b, 0, w);
                return true;
            }
        },
        FILL_ZERO {
            @Override
            boolean apply(TaggedMemory m, long a, int w, long v) {
                m.fill(a, w, (byte) 0);
                return true;
            }
        },
        FILL_NONZERO {
            @Override
            boolean apply(TaggedMemory m, long a, int w, long v) {
                m.fill(a, w, (byte) 0xA5);
                return true;
            }
        };

        abstract boolean apply(TaggedMemory m, long a, int w, long v);
    }

    /**
     * Four tagged capabilities at {@code t-32, t-16, t, t+16}; stores of each width start at
     * every byte from which they touch granule {@code t-16} or {@code t}. Afterwards a granule
     * is tagged iff the store did not touch it.
     */
    private static void checkAround(DataStore kind, long t) {
        for (int w : WIDTHS) {
            for (long a = t - 16 - (w - 1); a <= t + 15; a++) {
                TaggedMemory m = new TaggedMemory();
                for (int i = -2; i <= 1; i++) {
                    m.storeCap(t + 16L * i, 0x1000 + i, 0xC0FFEE + i, true);
                }
                if (!kind.apply(m, a, w, 0x0102030405060708L)) {
                    continue;
                }
                int expectedTags = 0;
                Set<Long> expectedPages = new HashSet<>();
                for (int i = -2; i <= 1; i++) {
                    long g = t + 16L * i;
                    boolean touched = a < g + 16 && g < a + w;
                    boolean tag = m.loadTag(g);
                    assertEquals(!touched, tag, kind + " width " + w + " at 0x" + Long.toHexString(a)
                            + ": tag of granule 0x" + Long.toHexString(g));
                    if (!touched) {
                        expectedTags++;
                        expectedPages.add(g >>> Page.SHIFT);
                    }
                }
                assertEquals(expectedTags, m.tagCount(), "tagCount");
                assertEquals(expectedPages.size(), m.taggedPageCount(), "taggedPageCount");
                assertEquals(expectedPages, MemoryChecks.taggedPages(m), "tagged pages");
                assertEquals(expectedTags, MemoryChecks.taggedGranules(m).size(), "iteration after clearing");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DataStore.class)
    void partialOverwriteClearsTagsInsideAPage(DataStore kind) {
        checkAround(kind, 0x5080);
    }

    @ParameterizedTest
    @EnumSource(DataStore.class)
    void partialOverwriteClearsTagsAcrossAPageBoundary(DataStore kind) {
        // granules t-32 and t-16 are the last two of page 5, t and t+16 the first two of page 6
        checkAround(kind, 0x6000);
    }

    @ParameterizedTest
    @EnumSource(DataStore.class)
    void partialOverwriteClearsTagsAcrossA64GranuleTagWord(DataStore kind) {
        // granule 64 starts the second tag word of the page
        checkAround(kind, 0x7000 + 64 * 16);
    }

    @ParameterizedTest
    @EnumSource(DataStore.class)
    void overwriteAcrossTheTopOfTheAddressSpaceClearsBothEnds(DataStore kind) {
        checkAround(kind, 0L);     // t-32 and t-16 are the last granules of the address space
    }
}
