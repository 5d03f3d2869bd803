package org.cheriemu.emulator.cpu;

/**
 * Ends a guest run: thrown by the environment (exit, fatal signal, test finisher) and caught by
 * the run loop. {@code report} is the text printed on stderr first, or null.
 */
public final class GuestExit extends RuntimeException {

    private final int status;
    private final String report;

    public GuestExit(int status, String report) {
        super(report == null ? "exit " + status : report, null, false, false);
        this.status = status;
        this.report = report;
    }

    /** The host exit status (128 + signal for fatal signals, as a shell reports them). */
    public int status() {
        return status;
    }

    public String report() {
        return report;
    }
}
