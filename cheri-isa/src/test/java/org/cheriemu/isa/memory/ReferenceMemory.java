package org.cheriemu.isa.memory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The obviously-correct model of tagged memory that the property tests compare against: a map of
 * bytes, a set of tagged granule addresses, a set of capDirty page numbers and a set of present
 * page numbers. It follows the rules written in the reference (§5.2) one byte at a time, with no
 * cleverness: every byte a data store writes clears the tag of that byte's granule.
 */
final class ReferenceMemory {
    final Map<Long, Byte> bytes = new HashMap<>();
    final Set<Long> taggedGranules = new HashSet<>();   // granule base addresses
    final Set<Long> dirtyPages = new HashSet<>();
    final Set<Long> pages = new HashSet<>();

    static long granuleOf(long addr) {
        return addr & ~15L;
    }

    static long pageOf(long addr) {
        return addr >>> Page.SHIFT;
    }

    int load8(long addr) {
        Byte b = bytes.get(addr);
        return b == null ? 0 : b & 0xFF;
    }

    /** Little-endian load of n bytes (wrapping modulo 2^64). */
    long load(long addr, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) load8(addr + i) << (8 * i);
        }
        return v;
    }

    void store8(long addr, int v) {
        pages.add(pageOf(addr));
        if (v == 0) {
            bytes.remove(addr);
        } else {
            bytes.put(addr, (byte) v);
        }
        taggedGranules.remove(granuleOf(addr));
    }

    /** Little-endian data store of n ≤ 8 bytes. */
    void store(long addr, long v, int n) {
        for (int i = 0; i < n; i++) {
            store8(addr + i, (int) (v >>> (8 * i)));
        }
    }

    void fill(long addr, long len, byte value) {
        for (long i = 0; i < len; i++) {
            long a = addr + i;
            if (value != 0 || pages.contains(pageOf(a))) {
                store8(a, value);
            }
        }
    }

    void storeCap(long addr, long address, long meta, boolean tag) {
        store(addr, address, 8);
        store(addr + 8, meta, 8);
        if (tag) {
            taggedGranules.add(addr);
            dirtyPages.add(pageOf(addr));
        }
    }

    boolean tag(long addr) {
        return taggedGranules.contains(granuleOf(addr));
    }

    void clearTag(long addr) {
        taggedGranules.remove(addr);
    }

    /** Removes pages first..first+count-1 (page numbers, no wrap). */
    void removePages(long firstPage, long count) {
        for (long n = firstPage; n < firstPage + count; n++) {
            if (pages.remove(n)) {
                long base = n << Page.SHIFT;
                for (int i = 0; i < Page.SIZE; i++) {
                    bytes.remove(base + i);
                }
                for (int g = 0; g < Page.GRANULES; g++) {
                    taggedGranules.remove(base + 16L * g);
                }
                dirtyPages.remove(n);
            }
        }
    }

    Set<Long> taggedPages() {
        Set<Long> s = new HashSet<>();
        for (long g : taggedGranules) {
            s.add(pageOf(g));
        }
        return s;
    }
}
