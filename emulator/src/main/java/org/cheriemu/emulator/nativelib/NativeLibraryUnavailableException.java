package org.cheriemu.emulator.nativelib;

import org.cheriemu.emulator.ExitStatus;

/**
 * A native library (libunicorn, libcapstone) that a feature needs is not installed, or is the
 * wrong version. The message is one line, fit to print after {@code cheri-emu: }; the CLI maps
 * this exception to exit status {@link #ExitStatus.UNAVAILABLE} (69, sysexits EX_UNAVAILABLE).
 */
public final class NativeLibraryUnavailableException extends RuntimeException {


    public NativeLibraryUnavailableException(String message) {
        super(message, null, false, false);
    }
}
