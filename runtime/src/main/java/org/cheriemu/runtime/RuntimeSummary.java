package org.cheriemu.runtime;

/**
 * Allocator statistics: the statistics query and the exit summary. The first group matches what
 * CHERIvoke's dlmalloc_nonreuse prints with SWEEP_STATS.
 *
 * @param sweeps                 revocation passes run
 * @param sweptBytes             total bytes covered by passes
 * @param frees                  valid frees (excluding free(NULL))
 * @param freedBytes             bytes of chunks freed
 * @param bitsPainted            bitmap bits painted, all passes
 * @param bitsCleared            bitmap bits cleared, all passes
 * @param mallocs                successful allocations (malloc, calloc, realloc, aligned)
 * @param failedAllocations      allocations that returned NULL
 * @param invalidFrees           invalid-free reports
 * @param doubleFrees            double-free reports
 * @param footprint              current heap footprint: bytes from the heap base to the end of the highest chunk in use
 * @param peakFootprint          its peak
 * @param requestedBytes         bytes requested by live objects
 * @param peakRequestedBytes     its peak
 * @param allocatedBytes         bytes of chunks held by live objects (padding, size-class rounding included)
 * @param peakAllocatedBytes     its peak
 * @param quarantinedBytes       bytes in quarantine now
 * @param peakQuarantinedBytes   its peak
 * @param revokedInMemory        tags cleared in memory, all passes
 * @param revokedInRegisters     register tags cleared, all passes
 * @param meanPassNanos          mean host time of a pass (0 if none)
 * @param maxPassNanos           longest pass
 */
public record RuntimeSummary(String strategy, long sweeps, long sweptBytes, long frees, long freedBytes,
                             long bitsPainted, long bitsCleared,
                             long mallocs, long failedAllocations, long invalidFrees, long doubleFrees,
                             long footprint, long peakFootprint,
                             long requestedBytes, long peakRequestedBytes,
                             long allocatedBytes, long peakAllocatedBytes,
                             long quarantinedBytes, long peakQuarantinedBytes,
                             long revokedInMemory, long revokedInRegisters,
                             long meanPassNanos, long maxPassNanos) {

    /** The exit summary as text lines (no trailing newline). */
    public String text() {
        return String.format(java.util.Locale.ROOT, """
                cheri-emu: allocator runtime (revoker %s)
                  sweeps %d, swept bytes %d, frees %d, freed bytes %d, bits painted %d, bits cleared %d
                  mallocs %d (%d failed), invalid frees %d, double frees %d
                  footprint %d bytes, peak %d
                  requested %d bytes live, peak %d; allocated %d bytes live, peak %d
                  quarantine %d bytes, peak %d
                  revoked %d capabilities in memory, %d in registers
                  pass time mean %.3f ms, max %.3f ms""",
                strategy, sweeps, sweptBytes, frees, freedBytes, bitsPainted, bitsCleared,
                mallocs, failedAllocations, invalidFrees, doubleFrees, footprint, peakFootprint,
                requestedBytes, peakRequestedBytes, allocatedBytes, peakAllocatedBytes,
                quarantinedBytes, peakQuarantinedBytes, revokedInMemory, revokedInRegisters,
                meanPassNanos / 1e6, maxPassNanos / 1e6);
    }
}
