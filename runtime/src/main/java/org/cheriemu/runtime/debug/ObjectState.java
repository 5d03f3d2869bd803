package org.cheriemu.runtime.debug;

/** Where an allocated object is in its life. */
public enum ObjectState {
    /** Allocated and not freed. */
    LIVE,
    /** Freed, waiting in quarantine for a revocation pass; its memory is not reused. */
    QUARANTINED,
    /** Freed and revoked by a pass; its memory may have been handed out again. */
    REVOKED,
    /** Freed with revocation off: its memory was reusable at once. */
    FREED,
    /** No object known at that address. */
    UNKNOWN
}
