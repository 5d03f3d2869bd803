package org.cheriemu.emulator.nativelib;

/**
 * A native library (libunicorn, libcapstone) that a feature needs is not installed, or is the
 * wrong version. The message is one line, fit to print after {@code cheri-emu: }; the CLI maps
 * this exception to exit status {@link #EXIT_STATUS} (69, sysexits EX_UNAVAILABLE).
 */
public final class NativeLibraryUnavailableException extends RuntimeException {

    /** The exit status of a command that cannot run because a native library is missing. */
    public static final int EXIT_STATUS = 69;

    public NativeLibraryUnavailableException(String message) {
        super(message, null, false, false);
    }
}
