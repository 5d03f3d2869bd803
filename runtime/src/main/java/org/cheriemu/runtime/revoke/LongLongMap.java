package org.cheriemu.runtime.revoke;

import java.util.Arrays;

/** Open-addressing long → long map (linear probing, no boxing); keys must not be -1. */
final class LongLongMap {
    private static final long EMPTY = -1L;
    private long[] keys;
    private long[] values;
    private int mask;
    private int size;

    LongLongMap() {
        alloc(256);
    }

    private void alloc(int cap) {
        keys = new long[cap];
        Arrays.fill(keys, EMPTY);
        values = new long[cap];
        mask = cap - 1;
    }

    private int slot(long k) {
        return (int) ((k * 0x9E3779B97F4A7C15L) >>> 40) & mask;
    }

    long get(long k, long absent) {
        int i = slot(k);
        while (true) {
            long kk = keys[i];
            if (kk == k) {
                return values[i];
            }
            if (kk == EMPTY) {
                return absent;
            }
            i = (i + 1) & mask;
        }
    }

    void put(long k, long v) {
        int i = slot(k);
        while (true) {
            long kk = keys[i];
            if (kk == k) {
                values[i] = v;
                return;
            }
            if (kk == EMPTY) {
                keys[i] = k;
                values[i] = v;
                if (2 * ++size > keys.length) {
                    grow();
                }
                return;
            }
            i = (i + 1) & mask;
        }
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] ok = keys;
        long[] ov = values;
        alloc(ok.length * 2);
        size = 0;
        for (int j = 0; j < ok.length; j++) {
            if (ok[j] != EMPTY) {
                put(ok[j], ov[j]);
            }
        }
    }
}
