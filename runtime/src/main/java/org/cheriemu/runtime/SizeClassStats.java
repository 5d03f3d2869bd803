package org.cheriemu.runtime;

/**
 * Allocation statistics of one size class, as statistics-gathering allocators keep them per bin:
 * how often it was used, how many of its objects are live, and how much of their slots the
 * requests fill.
 *
 * @param size           the class's slot size in bytes, or 0 for the large heap (chunks of any size)
 * @param mallocs        allocations served
 * @param frees          valid frees
 * @param live           objects live now
 * @param peakLive       the most live at once
 * @param requestedBytes bytes requested by the live objects
 * @param slotBytes      bytes of the slots or chunks they hold (padding and rounding included)
 */
public record SizeClassStats(long size, long mallocs, long frees, long live, long peakLive, long requestedBytes,
                             long slotBytes) {

    /** The share of the live objects' slots that their requests fill (1 when nothing is live). */
    public double utilization() {
        return slotBytes == 0 ? 1 : (double) requestedBytes / slotBytes;
    }

    /** The classes as a text table, one line each (no trailing newline). */
    public static String table(java.util.List<SizeClassStats> classes) {
        StringBuilder sb = new StringBuilder(String.format(java.util.Locale.ROOT, "  %10s %10s %10s %8s %9s %12s %12s %6s",
                "size class", "mallocs", "frees", "live", "peak live", "requested", "slot bytes", "filled"));
        for (SizeClassStats c : classes) {
            sb.append(String.format(java.util.Locale.ROOT, "%n  %10s %10d %10d %8d %9d %12d %12d %6s",
                    c.size == 0 ? "large" : Long.toString(c.size), c.mallocs, c.frees, c.live, c.peakLive, c.requestedBytes,
                    c.slotBytes, c.slotBytes == 0 ? "-" : String.format(java.util.Locale.ROOT, "%.1f%%", 100 * c.utilization())));
        }
        return sb.toString();
    }
}
