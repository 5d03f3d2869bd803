package org.cheriemu.runtime.revoke;

/**
 * One revocation pass: a line of the JSON Lines pass log.
 *
 * @param pass                 pass number, from 1
 * @param trigger              why it ran
 * @param strategy             strategy name
 * @param quarantinedBytes     bytes released by the pass (sum of chunk sizes)
 * @param quarantinedChunks    quarantined ranges after merging adjacent chunks
 * @param quarantinedObjects   objects released
 * @param bitsPainted          bitmap bits painted for this pass (at free time for loadbarrier)
 * @param bitsCleared          bitmap bits cleared at the end of the pass
 * @param bytesCovered         guest memory the pass vouches for: every present page × 4 KiB
 * @param pagesVisited         pages whose tag words were scanned
 * @param pagesSkipped         tagged pages skipped (capdirty: clean, summary misses the quarantine)
 * @param granulesInspected    tagged granules whose base was decoded
 * @param revokedInMemory      tags cleared in memory
 * @param registersInspected   tagged capability registers looked at
 * @param revokedInRegisters   register tags cleared
 * @param sweepNanos           host time of the memory and register sweep (steps 2–3)
 * @param sweepCpuNanos        CPU time of the sweeping thread over the same steps (excludes time
 *                             the host scheduler gave to other processes), -1 if unavailable
 * @param hostNanos            host time of the whole pass (paint, sweep, unpaint, release)
 * @param cpuNanos             CPU time of the pass's thread over the whole pass (excludes time the
 *                             host gave to other processes), -1 if unavailable
 * @param cacheLines           modelled cost: 64-byte lines touched (see {@link Sweeper})
 */
public record PassStats(long pass, PassTrigger trigger, String strategy,
                        long quarantinedBytes, long quarantinedChunks, long quarantinedObjects,
                        long bitsPainted, long bitsCleared, long bytesCovered,
                        long pagesVisited, long pagesSkipped, long granulesInspected,
                        long revokedInMemory, long registersInspected, long revokedInRegisters,
                        long sweepNanos, long sweepCpuNanos, long hostNanos, long cpuNanos, long cacheLines) {

    /** Sweep throughput: bytes covered per second of sweep time, in GiB/s. */
    public double sweepGiBPerSecond() {
        return sweepNanos <= 0 ? 0 : bytesCovered / (double) sweepNanos * 1e9 / (1L << 30);
    }

    /** Sweep throughput on CPU time, in GiB/s (0 if unavailable). */
    public double sweepCpuGiBPerSecond() {
        return sweepCpuNanos <= 0 ? 0 : bytesCovered / (double) sweepCpuNanos * 1e9 / (1L << 30);
    }
}
