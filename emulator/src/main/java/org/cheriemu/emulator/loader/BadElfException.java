package org.cheriemu.emulator.loader;

/**
 * The input file is not an ELF image this machine can run: malformed, truncated, not ELF64,
 * not little-endian, not RISC-V, or inconsistent (program headers or segments outside the file,
 * sizes that overflow). The message is one line meant for the user, without the file name (the
 * caller prefixes it). The CLI maps this exception to exit status 65 (bad input file).
 */
public final class BadElfException extends Exception {

    public BadElfException(String message) {
        super(message, null, false, false);
    }
}
