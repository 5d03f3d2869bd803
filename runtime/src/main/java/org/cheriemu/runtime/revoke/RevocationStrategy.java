package org.cheriemu.runtime.revoke;

import java.util.List;

/**
 * How stale capabilities are found and revoked. Every strategy except {@link Off} keeps freed
 * memory in quarantine until a revocation pass has cleared the tag of every capability whose
 * base lies in it.
 */
public sealed interface RevocationStrategy {

    /** Short name used on the command line and in statistics. */
    String name();

    /** Whether freed memory waits in quarantine for a pass. */
    default boolean quarantines() {
        return true;
    }

    /**
     * Whether the revocation bitmap is painted when a chunk enters quarantine (and stays painted
     * until its pass ends), rather than only during a pass.
     */
    default boolean paintsOnFree() {
        return false;
    }

    /** Whether a pass may skip pages with no capability stored since the previous pass. */
    default boolean skipsCleanPages() {
        return false;
    }

    /** Stop the world and visit every page that holds a tag. */
    record Full() implements RevocationStrategy {
        @Override
        public String name() {
            return "full";
        }
    }

    /**
     * Cornucopia-style: a page whose capDirty flag is clear has had no capability stored since
     * the previous pass, so the capabilities it holds are a subset of those seen then. The
     * sweeper kept a summary of where they point (one bit per 1/64 of the heap); the page is
     * skipped when that summary misses every quarantined chunk. Skipping every clean page
     * outright would be unsound: a capability stored before the previous pass may point to an
     * object freed after it.
     */
    record CapDirty() implements RevocationStrategy {
        @Override
        public String name() {
            return "capdirty";
        }

        @Override
        public boolean skipsCleanPages() {
            return true;
        }
    }

    /**
     * CHERIoT-style: quarantined memory is painted the moment it is freed, and the machine calls
     * {@code Allocator.isRevoked} on every capability load and clears the loaded tag on a hit,
     * so a freed object can never be reached through a capability loaded after its free. Sweeps
     * still run to recycle memory.
     */
    record LoadBarrier() implements RevocationStrategy {
        @Override
        public String name() {
            return "loadbarrier";
        }

        @Override
        public boolean paintsOnFree() {
            return true;
        }
    }

    /** No quarantine and no revocation: freed memory is reused at once (for comparison). */
    record Off() implements RevocationStrategy {
        @Override
        public String name() {
            return "off";
        }

        @Override
        public boolean quarantines() {
            return false;
        }
    }

    RevocationStrategy FULL = new Full();
    RevocationStrategy CAPDIRTY = new CapDirty();
    RevocationStrategy LOADBARRIER = new LoadBarrier();
    RevocationStrategy OFF = new Off();

    static List<RevocationStrategy> all() {
        return List.of(FULL, CAPDIRTY, LOADBARRIER, OFF);
    }

    /** By {@link #name()}. */
    static RevocationStrategy parse(String name) {
        for (RevocationStrategy s : all()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown revoker '" + name + "' (full, capdirty, loadbarrier, off)");
    }
}
