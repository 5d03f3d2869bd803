package org.cheriemu.runtime;

import org.cheriemu.runtime.revoke.QuarantinePolicy;
import org.cheriemu.runtime.revoke.RevocationStrategy;

/**
 * Allocator settings.
 *
 * @param heapBase     first byte of the heap region (16-byte aligned)
 * @param heapSize     bytes in the heap region (multiple of 16)
 * @param strategy     revocation strategy
 * @param policy       when passes run
 * @param zeroing      zero new memory (tags are cleared either way)
 * @param traceDepth   frames recorded at malloc and free (0 = no traces)
 * @param historyLimit freed-and-revoked objects remembered for reports after they leave quarantine
 */
public record RuntimeConfig(long heapBase, long heapSize, RevocationStrategy strategy, QuarantinePolicy policy,
                            boolean zeroing, int traceDepth, int historyLimit) {

    public RuntimeConfig {
        if ((heapBase & 15) != 0 || (heapSize & 15) != 0 || heapSize < 4096) {
            throw new IllegalArgumentException("heap must be 16-byte aligned and at least 4 KiB");
        }
        if (Long.compareUnsigned(heapBase + heapSize, heapBase) < 0) {
            throw new IllegalArgumentException("heap wraps the address space");
        }
        if (traceDepth < 0 || historyLimit < 0) {
            throw new IllegalArgumentException("negative trace depth or history limit");
        }
    }

    /** Full sweeps, the default policy, zeroing on, 16-frame traces, 4096 objects of history. */
    public static RuntimeConfig of(long heapBase, long heapSize) {
        return new RuntimeConfig(heapBase, heapSize, RevocationStrategy.FULL, QuarantinePolicy.DEFAULT, true, 16, 4096);
    }

    public RuntimeConfig withStrategy(RevocationStrategy s) {
        return new RuntimeConfig(heapBase, heapSize, s, policy, zeroing, traceDepth, historyLimit);
    }

    public RuntimeConfig withPolicy(QuarantinePolicy p) {
        return new RuntimeConfig(heapBase, heapSize, strategy, p, zeroing, traceDepth, historyLimit);
    }

    public RuntimeConfig withZeroing(boolean z) {
        return new RuntimeConfig(heapBase, heapSize, strategy, policy, z, traceDepth, historyLimit);
    }

    public RuntimeConfig withTraceDepth(int d) {
        return new RuntimeConfig(heapBase, heapSize, strategy, policy, zeroing, d, historyLimit);
    }

    public RuntimeConfig withHistoryLimit(int h) {
        return new RuntimeConfig(heapBase, heapSize, strategy, policy, zeroing, traceDepth, h);
    }
}
