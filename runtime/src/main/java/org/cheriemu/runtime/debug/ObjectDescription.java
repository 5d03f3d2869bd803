package org.cheriemu.runtime.debug;

import org.cheriemu.runtime.StackTrace;

/**
 * An allocated object as the runtime knows it: for capability-fault reports (use after free),
 * invalid-free reports and leak reports.
 *
 * @param id            allocation number (1 = first malloc)
 * @param state         where it is in its life
 * @param base          first byte (the capability's base)
 * @param length        capability length: the requested size, or the CRRL-padded one
 * @param requested     size the guest asked for
 * @param allocTrace    guest stack at allocation
 * @param freeTrace     guest stack at free, or null while live
 * @param revokedInPass number of the pass that revoked it, or -1
 */
public record ObjectDescription(long id, ObjectState state, long base, long length, long requested,
                                StackTrace allocTrace, StackTrace freeTrace, long revokedInPass) {

    public boolean contains(long address) {
        return Long.compareUnsigned(address - base, Math.max(length, 1)) < 0;
    }
}
