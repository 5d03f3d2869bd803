package org.cheriemu.runtime.revoke;

/**
 * When a revocation pass starts (checked after every free that enters quarantine).
 *
 * <ul>
 *   <li>{@code revokeEveryFree}: after every free (debugging: use after free faults at the
 *       first use).
 *   <li>{@code maxBytes} (0 = none): as soon as quarantine holds at least this many bytes.
 *   <li>otherwise when quarantine holds more than {@code ratio} × the heap footprint, and at
 *       least {@code minBytes}.
 * </ul>
 * A pass also runs when an allocation fails while quarantine is not empty, and on request.
 */
public record QuarantinePolicy(double ratio, long minBytes, long maxBytes, boolean revokeEveryFree) {
    /** 25% of the footprint, at least 64 KiB, no maximum. */
    public static final QuarantinePolicy DEFAULT = new QuarantinePolicy(0.25, 64 << 10, 0, false);
    /** Passes only on request or allocation failure. */
    public static final QuarantinePolicy MANUAL = new QuarantinePolicy(Double.POSITIVE_INFINITY, Long.MAX_VALUE, 0, false);

    public QuarantinePolicy {
        if (!(ratio >= 0) || minBytes < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("bad quarantine policy: ratio " + ratio + ", min " + minBytes + ", max " + maxBytes);
        }
    }

    public QuarantinePolicy withRatio(double r) {
        return new QuarantinePolicy(r, minBytes, maxBytes, revokeEveryFree);
    }

    public QuarantinePolicy withMinBytes(long m) {
        return new QuarantinePolicy(ratio, m, maxBytes, revokeEveryFree);
    }

    public QuarantinePolicy withMaxBytes(long m) {
        return new QuarantinePolicy(ratio, minBytes, m, revokeEveryFree);
    }

    public QuarantinePolicy withRevokeEveryFree(boolean b) {
        return new QuarantinePolicy(ratio, minBytes, maxBytes, b);
    }

    /** The trigger that applies to this quarantine, or null when no pass is due. */
    public PassTrigger due(long quarantinedBytes, long footprint) {
        if (quarantinedBytes == 0) {
            return null;
        }
        if (revokeEveryFree) {
            return PassTrigger.EVERY_FREE;
        }
        if (maxBytes > 0 && quarantinedBytes >= maxBytes) {
            return PassTrigger.MAXIMUM;
        }
        if (quarantinedBytes >= minBytes && quarantinedBytes > ratio * footprint) {
            return PassTrigger.RATIO;
        }
        return null;
    }
}
