package org.cheriemu.emulator.cli;

/** Exit statuses of the emulator itself (guest statuses pass through unchanged). */
public final class ExitStatus {
    /** Wrong flag, missing option, malformed number (sysexits EX_USAGE). */
    public static final int USAGE = 64;
    /** Malformed input file, e.g. a bad ELF or report (sysexits EX_DATAERR). */
    public static final int BAD_INPUT = 65;
    /** A required host component (JDK, native library) is missing (EX_UNAVAILABLE). */
    public static final int UNAVAILABLE = 69;
    /** A bug in cheri-emu itself (EX_SOFTWARE). */
    public static final int INTERNAL = 70;
    /** A file could not be read or written (EX_IOERR). */
    public static final int IO_ERROR = 74;

    private ExitStatus() {
    }
}
