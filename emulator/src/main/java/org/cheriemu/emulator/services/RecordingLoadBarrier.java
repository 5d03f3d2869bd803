package org.cheriemu.emulator.services;

import org.cheriemu.emulator.cpu.Hart;
import org.cheriemu.isa.cap.Capability;
import org.cheriemu.runtime.Allocator;

/**
 * The {@code loadbarrier} revoker's check on every tagged capability load (CHERIoT-style): a
 * capability whose base lies in freed memory loses its tag as it is loaded. It remembers the
 * last 64 capabilities it stopped, so a fault report can say the barrier took the tag.
 */
final class RecordingLoadBarrier implements Hart.LoadBarrier {
    private static final int REMEMBERED = 64;

    private final Allocator allocator;
    /** Register-form metadata and base of the stopped capabilities: a later CIncOffset keeps both. */
    private final long[] meta = new long[REMEMBERED], base = new long[REMEMBERED];
    private int count;

    RecordingLoadBarrier(Allocator allocator) {
        this.allocator = allocator;
    }

    @Override
    public boolean revokes(long m, long address) {
        if (!allocator.isRevokedCapability(m, address)) {
            return false;
        }
        int i = count++ & (REMEMBERED - 1);
        meta[i] = m;
        base[i] = new Capability(false, m, address).base();
        return true;
    }

    /** True when the barrier stopped a capability with {@code c}'s metadata and base. */
    boolean stopped(Capability c) {
        long b = c.base();
        for (int i = 0; i < Math.min(count, REMEMBERED); i++) {
            if (meta[i] == c.meta() && base[i] == b) {
                return true;
            }
        }
        return false;
    }
}
