package org.cheriemu.isa.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClearTagsInWordTest {
    @Test
    void clearsOnlyTheMaskedSetTagsAndKeepsTheCountsAndIndex() {
        TaggedMemory m = new TaggedMemory();
        long base = 0x5000;
        for (int g : new int[] {64, 65, 70, 127, 200}) {
            m.storeCap(base + 16L * g, g, 0, true);
        }
        Page p = m.pageAt(base);
        assertEquals(3, p.clearTagsInWord(1, (1L << 0) | (1L << 6) | (1L << 63) | (1L << 10)));
        assertFalse(m.loadTag(base + 16 * 64));
        assertTrue(m.loadTag(base + 16 * 65));
        assertFalse(m.loadTag(base + 16 * 127));
        assertEquals(2, p.tagCount());
        assertEquals(2, m.tagCount());
        assertEquals(0, p.clearTagsInWord(0, -1L));
        assertEquals(1, p.clearTagsInWord(1, -1L));
        assertEquals(1, p.clearTagsInWord(3, -1L));
        assertEquals(0, m.taggedPageCount(), "a page with no tags leaves the tagged-page index");
        assertEquals(65, m.loadCapAddress(base + 16 * 65), "data kept");
    }
}
