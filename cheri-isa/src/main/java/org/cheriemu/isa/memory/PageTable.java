package org.cheriemu.isa.memory;

import java.util.Arrays;

/**
 * Open-addressing map from page number to {@link Page}: linear probing over a power-of-two
 * table of primitive keys (no boxing), Fibonacci hashing, load factor at most 1/2, and
 * backward-shift deletion (no tombstones, so lookups never slow down after munmap churn).
 *
 * <p>Page numbers are below 2^52, so -1 marks an empty slot.
 */
final class PageTable {
    private static final long EMPTY = -1L;
    private static final int MIN_CAPACITY = 64;

    private long[] keys;
    private Page[] values;
    private int mask;
    private int shift;      // 64 - log2(capacity)
    private int size;

    PageTable() {
        allocate(MIN_CAPACITY);
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        Arrays.fill(keys, EMPTY);
        values = new Page[capacity];
        mask = capacity - 1;
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
    }

    private int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    }

    int size() {
        return size;
    }

    int capacity() {
        return keys.length;
    }

    Page get(long key) {
        long[] k = keys;
        int m = mask;
        int i = slot(key);
        while (true) {
            long kk = k[i];
            if (kk == key) {
                return values[i];
            }
            if (kk == EMPTY) {
                return null;
            }
            i = (i + 1) & m;
        }
    }

    /** Inserts a page whose number is known to be absent. */
    void insertNew(Page page) {
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int i = slot(page.number);
        while (keys[i] != EMPTY) {
            i = (i + 1) & mask;
        }
        keys[i] = page.number;
        values[i] = page;
        size++;
    }

    private void grow() {
        long[] oldKeys = keys;
        Page[] oldValues = values;
        allocate(oldKeys.length * 2);
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != EMPTY) {
                int i = slot(oldKeys[j]);
                while (keys[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
            }
        }
    }

    /** Removes and returns the page with this number, or null. */
    Page remove(long key) {
        int i = slot(key);
        while (true) {
            long kk = keys[i];
            if (kk == EMPTY) {
                return null;
            }
            if (kk == key) {
                break;
            }
            i = (i + 1) & mask;
        }
        Page removed = values[i];
        // Backward-shift deletion: move later members of the probe run into the hole when the
        // hole lies on their probe path (between their home slot and their current slot).
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            long kk = keys[j];
            if (kk == EMPTY) {
                break;
            }
            int home = slot(kk);
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                keys[hole] = kk;
                values[hole] = values[j];
                hole = j;
            }
        }
        keys[hole] = EMPTY;
        values[hole] = null;
        size--;
        if (keys.length > MIN_CAPACITY && 8 * size < keys.length) {
            shrink();
        }
        return removed;
    }

    private void shrink() {
        long[] oldKeys = keys;
        Page[] oldValues = values;
        allocate(oldKeys.length / 2);
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != EMPTY) {
                int i = slot(oldKeys[j]);
                while (keys[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
            }
        }
    }

    /** Page numbers of all pages in [first, last] (unsigned range), in table order. */
    long[] keysInRange(long first, long last) {
        long[] out = new long[size];
        int n = 0;
        for (long k : keys) {
            if (k != EMPTY && Long.compareUnsigned(k, first) >= 0 && Long.compareUnsigned(k, last) <= 0) {
                out[n++] = k;
            }
        }
        return Arrays.copyOf(out, n);
    }

    void forEach(PageVisitor v) {
        // Snapshot so the visitor may add or remove pages.
        Page[] snapshot = new Page[size];
        int n = 0;
        for (Page p : values) {
            if (p != null) {
                snapshot[n++] = p;
            }
        }
        for (int i = 0; i < n; i++) {
            if (!snapshot[i].detached()) {
                v.visit(snapshot[i]);
            }
        }
    }
}
