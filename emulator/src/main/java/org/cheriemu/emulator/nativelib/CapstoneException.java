package org.cheriemu.emulator.nativelib;

/** A Capstone call failed: {@link #code()} is the {@code cs_err}, the message its {@code cs_strerror}. */
public final class CapstoneException extends RuntimeException {

    private final int code;

    public CapstoneException(String call, int code, String strerror) {
        super(call + ": " + strerror + " (cs_err " + code + ")", null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
