package org.cheriemu.emulator.linux;

/** Ends a system call with {@code -errno}. Cheap: no stack trace. */
public final class ErrnoException extends Exception {

    private final int errno;

    public ErrnoException(int errno) {
        super(null, null, false, false);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }

    @Override
    public String getMessage() {
        return "errno " + errno + " (" + Errno.message(errno) + ")";
    }
}
