package org.cheriemu.emulator.cpu;

import org.cheriemu.isa.memory.Page;

/**
 * The world outside the hart: it serves environment calls, supplies memory pages on demand
 * and decides what a trap that the guest cannot handle means.
 */
public interface Environment {

    /** Serves an ECALL. Execution continues at pc + 4 unless this throws {@link GuestExit}. */
    void ecall(HartView hart);

    /**
     * Called when an access reaches a page that is not present in memory. Returns the page to
     * use (typically created zeroed for a mapped but untouched region), or null: access fault.
     * {@code access} is one of {@link Access}'s constants.
     */
    Page resolvePage(long pageNumber, int access);

    /**
     * A trap the guest does not handle itself (Linux user mode: every trap; bare metal: traps
     * before a handler is installed, if the board chooses). Ends the run by throwing
     * {@link GuestExit}, or (Linux signal delivery) moves the pc with {@link HartView#setPc} and
     * returns: the hart then resumes at that pc. Returning without moving the pc ends the run
     * with status 134.
     */
    void unhandledTrap(HartView hart, long cause, long tval);

    /** Kinds of access, also the page protection bits. */
    final class Access {
        public static final int READ = 1, WRITE = 2, EXECUTE = 4;

        private Access() {
        }
    }
}
