package org.cheriemu.emulator.nativelib;

/** A Unicorn call returned an error code: {@link #code()} is the {@code uc_err}, the message its {@code uc_strerror}. */
public final class UnicornException extends RuntimeException {

    private final int code;

    public UnicornException(String call, int code, String strerror) {
        super(call + ": " + strerror + " (uc_err " + code + ")", null, false, false);
        this.code = code;
    }

    /** The {@code uc_err} value (see {@link Unicorn}'s {@code UC_ERR_*} constants). */
    public int code() {
        return code;
    }
}
