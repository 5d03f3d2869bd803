package org.cheriemu.runtime.revoke;

import org.cheriemu.runtime.Machine;

/**
 * Steps 1–4 of a revocation pass over a set of quarantined ranges: paint the bitmap, sweep
 * memory and registers ({@link Sweeper}), unpaint. Step 5, giving the chunks back, is the
 * allocator's. Usable on its own (sweep-bench, replay) with any machine.
 */
public final class Revoker {
    private final Machine machine;
    private final RevocationBitmap bitmap;
    private final RevocationStrategy strategy;
    private final Sweeper sweeper;

    /** Counts of one pass. */
    public record Result(long bitsPainted, long bitsCleared, long pagesVisited, long pagesSkipped,
                         long granulesInspected, long revokedInMemory, long registersInspected,
                         long revokedInRegisters, long sweepNanos, long sweepCpuNanos, long cacheLines) {}

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /** CPU time of the current thread (ns), or -1 when the JVM cannot measure it. */
    public static long cpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }

    public Revoker(Machine machine, RevocationBitmap bitmap, RevocationStrategy strategy) {
        this.machine = machine;
        this.bitmap = bitmap;
        this.strategy = strategy;
        this.sweeper = new Sweeper(bitmap);
    }

    /** Whether dense pages are swept by the vector kernel ({@link Sweeper}). */
    public boolean vectorized() {
        return sweeper.vectorized();
    }

    public RevocationBitmap bitmap() {
        return bitmap;
    }

    /**
     * Revokes every capability whose base lies in one of {@code ranges} ({start0, end0, start1,
     * end1, …}, 16-byte aligned, inside the heap, disjoint). When {@code paint} is false the
     * ranges are already painted (load barrier). The ranges are unpainted at the end.
     */
    public Result run(long[] ranges, boolean paint) {
        long painted = 0;
        long lines = 0;
        long regions = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            if (paint) {
                painted += bitmap.paint(ranges[i], ranges[i + 1]);
                lines += RevocationBitmap.lines(bitmap.heapBase, ranges[i], ranges[i + 1]);
            }
            regions |= sweeper.regionMask(ranges[i], ranges[i + 1]);
        }
        long c0 = cpuNanos();
        long t0 = System.nanoTime();
        sweeper.begin(strategy.skipsCleanPages(), regions);
        sweeper.sweepMemory(machine.memory());
        sweeper.sweepRegisters(machine);
        long sweepNanos = System.nanoTime() - t0;
        long sweepCpuNanos = c0 < 0 ? -1 : cpuNanos() - c0;
        long cleared = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            cleared += bitmap.unpaint(ranges[i], ranges[i + 1]);
            lines += RevocationBitmap.lines(bitmap.heapBase, ranges[i], ranges[i + 1]);
        }
        lines += sweeper.dataLines + sweeper.bitmapLines;   // dataLines includes one tag-word line per visited page
        return new Result(painted, cleared, sweeper.pagesVisited, sweeper.pagesSkipped, sweeper.granulesInspected,
                sweeper.revokedInMemory, sweeper.registersInspected, sweeper.revokedInRegisters, sweepNanos, sweepCpuNanos, lines);
    }
}
