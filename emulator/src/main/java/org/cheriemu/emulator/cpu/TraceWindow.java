package org.cheriemu.emulator.cpu;

/**
 * Which part of a run a {@link Tracer} writes (run's --trace-from, --trace-filter and
 * --trace-limit): writing starts when the pc first reaches {@code from} (or at once when
 * {@code from} is absent), covers only instructions whose pc lies in one of {@code ranges} (all
 * when empty), and stops for good after {@code limit} written instructions.
 *
 * @param from   the start pc, or {@link #ANYWHERE}
 * @param ranges pairs of inclusive bounds {@code [lo0, hi0, lo1, hi1, ...]}, unsigned
 * @param limit  the most instructions to write
 */
public record TraceWindow(long from, long[] ranges, long limit) {
    /** No start pc: write from the first instruction. */
    public static final long ANYWHERE = -1L;
    /** The whole run. */
    public static final TraceWindow ALL = new TraceWindow(ANYWHERE, new long[0], Long.MAX_VALUE);

    public TraceWindow {
        ranges = ranges.clone();
        if (ranges.length % 2 != 0) {
            throw new IllegalArgumentException("ranges come in lo/hi pairs");
        }
    }

    /** Whether an instruction at {@code pc} is written once writing has started. */
    boolean covers(long pc) {
        if (ranges.length == 0) {
            return true;
        }
        for (int i = 0; i < ranges.length; i += 2) {
            if (Long.compareUnsigned(pc, ranges[i]) >= 0 && Long.compareUnsigned(pc, ranges[i + 1]) <= 0) {
                return true;
            }
        }
        return false;
    }
}
