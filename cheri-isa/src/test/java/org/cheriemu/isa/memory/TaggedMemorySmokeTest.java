package org.cheriemu.isa.memory;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class TaggedMemorySmokeTest {
    @Test
    void storeLoadAndTags() {
        TaggedMemory m = new TaggedMemory();
        m.store64(0x1000, 0x1122334455667788L);
        assertEquals(0x1122334455667788L, m.load64(0x1000));
        assertEquals(0x88, m.load8(0x1000));
        m.storeCap(0x2000, 42, 7, true);
        assertTrue(m.loadTag(0x2000));
        assertEquals(1, m.tagCount());
        m.store8(0x200f, 1);
        assertFalse(m.loadTag(0x2000));
        assertEquals(0, m.taggedPageCount());
        m.store64(0x2ffc, -1L);
        assertEquals(-1L, m.load64(0x2ffc));
    }
}
