package org.cheriemu.emulator.cli;

/** Bad command-line input: reported as one line on stderr with exit status {@link ExitStatus#USAGE}. */
public final class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message, null, false, false);
    }
}
