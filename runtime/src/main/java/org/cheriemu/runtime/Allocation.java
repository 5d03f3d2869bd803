package org.cheriemu.runtime;

import org.cheriemu.runtime.debug.ObjectDescription;
import org.cheriemu.runtime.debug.ObjectState;

/** The runtime's record of one allocated object (Java side only). */
final class Allocation {
    final long id;
    final long base;
    /** Capability length (requested size, or CRRL-padded). */
    final long length;
    final long requested;
    /** Bytes of heap the object holds from {@link #base}: its slot or chunk. */
    final long chunkSize;
    /** Size class, or -1 for a chunk of the large heap. */
    final int sizeClass;
    final StackTrace allocTrace;
    StackTrace freeTrace;
    ObjectState state = ObjectState.LIVE;
    long revokedInPass = -1;

    Allocation(long id, long base, long length, long requested, long chunkSize, int sizeClass, StackTrace allocTrace) {
        this.id = id;
        this.base = base;
        this.length = length;
        this.requested = requested;
        this.chunkSize = chunkSize;
        this.sizeClass = sizeClass;
        this.allocTrace = allocTrace;
    }

    long end() {
        return base + chunkSize;
    }

    boolean containsChunk(long address) {
        return Long.compareUnsigned(address - base, chunkSize) < 0;
    }

    ObjectDescription describe() {
        return new ObjectDescription(id, state, base, length, requested, allocTrace, freeTrace, revokedInPass);
    }
}
