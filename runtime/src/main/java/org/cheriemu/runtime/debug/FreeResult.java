package org.cheriemu.runtime.debug;

import org.cheriemu.isa.cap.Capability;
import org.cheriemu.runtime.StackTrace;

/** What {@code Allocator.free} (and the free inside realloc) did. */
public sealed interface FreeResult {

    /** True when the free was valid (including free(NULL)). */
    default boolean ok() {
        return false;
    }

    /** The object was freed (into quarantine, or straight back with revocation off); base 0 for free(NULL). */
    record Freed(long base, long length) implements FreeResult {
        @Override
        public boolean ok() {
            return true;
        }
    }

    /**
     * The address is the base of an object already freed: three traces.
     *
     * @param object      the freed object (state QUARANTINED, REVOKED or FREED), with its allocation and first free trace
     * @param secondFree  guest stack at this free
     * @param capability  the capability passed to this free
     */
    record DoubleFree(ObjectDescription object, StackTrace secondFree, Capability capability) implements FreeResult {}

    /** Why a free was refused. */
    enum InvalidKind {
        /** The capability's tag is clear (never valid, or revoked). */
        UNTAGGED,
        /** The capability is sealed. */
        SEALED,
        /** The address is inside a live object but not its base. */
        INTERIOR,
        /** The address is in the heap but belongs to no live object. */
        NOT_ALLOCATED,
        /** The address is outside the heap. */
        FOREIGN
    }

    /**
     * An invalid free: the free site and the nearest allocation (the live object containing the
     * address or the closest one to it; null if the heap holds none).
     */
    record InvalidFree(InvalidKind kind, Capability capability, StackTrace freeTrace, ObjectDescription nearest)
            implements FreeResult {}
}
