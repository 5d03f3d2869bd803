package org.cheriemu.emulator;

/**
 * Exit statuses of cheri-emu itself, in one place. A guest's own status passes through unchanged;
 * a guest killed by a signal exits with 128 + the signal number, as a shell reports it.
 */
public final class ExitStatus {
    /** Wrong flag, missing option, malformed number (sysexits EX_USAGE). */
    public static final int USAGE = 64;
    /** Malformed input file, e.g. a bad ELF or report (sysexits EX_DATAERR). */
    public static final int BAD_INPUT = 65;
    /** A required host component (JDK, native library) is missing (EX_UNAVAILABLE). */
    public static final int UNAVAILABLE = 69;
    /** A bug in cheri-emu itself, or the host ran out of memory (EX_SOFTWARE). */
    public static final int INTERNAL = 70;
    /** A file could not be read or written (EX_IOERR). */
    public static final int IO_ERROR = 74;
    /** {@code --max-insns} stopped the guest (the status timeout(1) uses). */
    public static final int INSN_LIMIT = 124;
    /** {@code --lockstep}: the two engines diverged. */
    public static final int LOCKSTEP_DIVERGED = 125;
    /** {@code --lockstep} / {@code --engine unicorn}: the guest reached a CHERI instruction. */
    public static final int CHERI_NOT_SUPPORTED_BY_ORACLE = 126;
    /** The guest took a capability fault: 128 + SIGPROT (34), as CheriBSD reports it. */
    public static final int CAPABILITY_FAULT = 162;

    private ExitStatus() {
    }
}
