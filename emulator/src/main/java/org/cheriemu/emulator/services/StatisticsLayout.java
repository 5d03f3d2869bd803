package org.cheriemu.emulator.services;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import org.cheriemu.runtime.RuntimeSummary;

/**
 * The statistics service's answer, {@code struct cheri_rt_stats} in cheri.h: the numeric fields
 * of {@link RuntimeSummary} in record order, each a little-endian uint64. New fields go at the
 * end, so a guest built against an older cheri.h still reads its prefix.
 */
public final class StatisticsLayout {
    private StatisticsLayout() {
    }

    /** Field names, in struct order (the names of RuntimeSummary's components and of the C fields). */
    public static final List<String> FIELDS = List.of("sweeps", "sweptBytes", "frees", "freedBytes", "bitsPainted",
            "bitsCleared", "mallocs", "failedAllocations", "invalidFrees", "doubleFrees", "footprint", "peakFootprint",
            "requestedBytes", "peakRequestedBytes", "allocatedBytes", "peakAllocatedBytes", "quarantinedBytes",
            "peakQuarantinedBytes", "revokedInMemory", "revokedInRegisters", "meanPassNanos", "maxPassNanos");

    public static byte[] encode(RuntimeSummary s) {
        long[] v = {s.sweeps(), s.sweptBytes(), s.frees(), s.freedBytes(), s.bitsPainted(), s.bitsCleared(), s.mallocs(),
            s.failedAllocations(), s.invalidFrees(), s.doubleFrees(), s.footprint(), s.peakFootprint(), s.requestedBytes(),
            s.peakRequestedBytes(), s.allocatedBytes(), s.peakAllocatedBytes(), s.quarantinedBytes(),
            s.peakQuarantinedBytes(), s.revokedInMemory(), s.revokedInRegisters(), s.meanPassNanos(), s.maxPassNanos()};
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) {
            b.putLong(x);
        }
        return b.array();
    }
}
