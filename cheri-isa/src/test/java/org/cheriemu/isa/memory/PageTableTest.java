package org.cheriemu.isa.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The open-addressing page table against a HashMap, through growth, shrinking and deletions. */
class PageTableTest {
    /**
     * Keys come from dense runs (like a heap or a stack) and from scattered page numbers, so
     * probe runs form, wrap around the end of the table, and get cut by backward-shift deletion.
     */
    private static long key(Random rnd, int universe) {
        return switch (rnd.nextInt(3)) {
            case 0 -> rnd.nextInt(universe);
            case 1 -> 0x7FFF_FFFFL + rnd.nextInt(universe);
            default -> (rnd.nextLong() >>> Page.SHIFT) % (1L << 20) * universe % TaggedMemory.PAGE_NUMBER_LIMIT;
        };
    }

    @ParameterizedTest
    @ValueSource(ints = {50, 3000, 40000})
    void matchesAHashMap(int universe) {
        Random rnd = new Random(universe);
        PageTable table = new PageTable();
        TaggedMemory owner = new TaggedMemory();    // pages without an owner count as removed
        Map<Long, Page> reference = new HashMap<>();
        for (int step = 0; step < 200_000; step++) {
            long k = key(rnd, universe);
            // grow for the first half, then drain, so the table both grows and shrinks
            boolean insert = rnd.nextInt(100) < (step < 100_000 ? 70 : 30);
            if (insert) {
                if (!reference.containsKey(k)) {
                    Page p = new Page(k, owner);
                    table.insertNew(p);
                    reference.put(k, p);
                }
            } else {
                assertSame(reference.remove(k), table.remove(k), "remove " + k);
            }
            long probe = key(rnd, universe);
            assertSame(reference.get(probe), table.get(probe), "get " + probe);
            assertEquals(reference.size(), table.size());
        }
        for (Map.Entry<Long, Page> e : reference.entrySet()) {
            assertSame(e.getValue(), table.get(e.getKey()));
        }
        Set<Long> seen = new HashSet<>();
        table.forEach(p -> assertTrue(seen.add(p.number)));
        assertEquals(reference.size(), seen.size());
        assertTrue(reference.keySet().equals(seen), "forEach visits exactly the present pages");
        assertTrue(table.capacity() >= 2 * table.size(), "load factor at most 1/2");
    }
}
