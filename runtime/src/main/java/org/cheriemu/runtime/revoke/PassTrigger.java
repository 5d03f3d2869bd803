package org.cheriemu.runtime.revoke;

/** Why a revocation pass ran. */
public enum PassTrigger {
    /** Quarantine exceeded its ratio of the footprint (and the minimum). */
    RATIO,
    /** Quarantine reached the policy's maximum. */
    MAXIMUM,
    /** The policy revokes after every free. */
    EVERY_FREE,
    /** An allocation failed while memory waited in quarantine. */
    ALLOCATION_FAILURE,
    /** The guest (or a tool) asked for one. */
    REQUESTED
}
