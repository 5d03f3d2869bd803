package org.cheriemu.runtime;

import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Free chunks of the heap region, dlmalloc style but with all bookkeeping on the Java side:
 * best fit by size (smallest chunk that fits, lowest address among equals), split on
 * allocation, and boundary coalescing with free neighbours on release. Addresses and sizes are
 * multiples of 16. Only clean memory (never allocated, or revoked) is ever in here.
 */
final class LargeHeap {
    private record Free(long size, long start) implements Comparable<Free> {
        @Override
        public int compareTo(Free o) {
            int c = Long.compare(size, o.size);
            return c != 0 ? c : Long.compareUnsigned(start, o.start);
        }
    }

    /** Aligned candidates tried in best-fit order before taking a chunk certain to fit. */
    private static final int ALIGNED_PROBES = 32;

    private final long heapBase;
    private final long heapEnd;
    private final TreeMap<Long, Long> byAddr = new TreeMap<>(Long::compareUnsigned);
    private final NavigableSet<Free> bySize = new TreeSet<>();
    private long freeBytes;

    LargeHeap(long heapBase, long heapSize) {
        this.heapBase = heapBase;
        this.heapEnd = heapBase + heapSize;
        insert(heapBase, heapSize);
    }

    /** Start of a chunk of {@code size} bytes aligned to {@code align} (a power of two ≥ 16), or -1. */
    long allocate(long size, long align) {
        Free pick = null;
        long at = 0;
        int probes = 0;
        for (Free f : bySize.tailSet(new Free(size, 0), true)) {
            long a = alignUp(f.start, align);
            if (a - f.start <= f.size - size) {
                pick = f;
                at = a;
                break;
            }
            if (++probes == ALIGNED_PROBES) {
                break;
            }
        }
        if (pick == null && align > 16) {
            long worst = size + align - 16;
            if (worst > 0) {
                Free f = bySize.ceiling(new Free(worst, 0));
                if (f != null) {
                    pick = f;
                    at = alignUp(f.start, align);
                }
            }
        }
        if (pick == null) {
            return -1;
        }
        remove(pick);
        if (at > pick.start) {
            insert(pick.start, at - pick.start);
        }
        long tail = pick.start + pick.size - (at + size);
        if (tail > 0) {
            insert(at + size, tail);
        }
        return at;
    }

    /** Returns a chunk, merging it with free neighbours. */
    void release(long start, long size) {
        Map.Entry<Long, Long> lower = byAddr.lowerEntry(start);
        if (lower != null && lower.getKey() + lower.getValue() == start) {
            remove(new Free(lower.getValue(), lower.getKey()));
            start = lower.getKey();
            size += lower.getValue();
        }
        Long upper = byAddr.get(start + size);
        if (upper != null) {
            remove(new Free(upper, start + size));
            size += upper;
        }
        insert(start, size);
    }

    /** Bytes from the heap base to the end of the highest byte not free. */
    long footprint() {
        Map.Entry<Long, Long> last = byAddr.lastEntry();
        if (last != null && last.getKey() + last.getValue() == heapEnd) {
            return last.getKey() - heapBase;
        }
        return heapEnd - heapBase;
    }

    long freeBytes() {
        return freeBytes;
    }

    int freeChunks() {
        return byAddr.size();
    }

    /** Whether {@code [start, start+size)} overlaps a free chunk (for checks). */
    boolean overlapsFree(long start, long size) {
        Map.Entry<Long, Long> e = byAddr.lowerEntry(start + size);
        return e != null && e.getKey() + e.getValue() > start;
    }

    private void insert(long start, long size) {
        byAddr.put(start, size);
        bySize.add(new Free(size, start));
        freeBytes += size;
    }

    private void remove(Free f) {
        byAddr.remove(f.start);
        bySize.remove(f);
        freeBytes -= f.size;
    }

    private static long alignUp(long a, long align) {
        return (a + align - 1) & -align;
    }
}
