package org.cheriemu.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.cheriemu.runtime.revoke.PassStats;

/**
 * JSON for the runtime's statistics: one object per {@link PassStats} (a line of the JSON Lines
 * pass log) and one for the {@link RuntimeSummary}. Field names are the record components'.
 */
public final class RuntimeJson {
    private RuntimeJson() {}

    private static final JsonFactory JSON = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    public static void write(JsonGenerator g, PassStats s) throws IOException {
        g.writeStartObject();
        g.writeNumberField("pass", s.pass());
        g.writeStringField("trigger", s.trigger().name().toLowerCase(java.util.Locale.ROOT));
        g.writeStringField("strategy", s.strategy());
        g.writeNumberField("quarantinedBytes", s.quarantinedBytes());
        g.writeNumberField("quarantinedChunks", s.quarantinedChunks());
        g.writeNumberField("quarantinedObjects", s.quarantinedObjects());
        g.writeNumberField("bitsPainted", s.bitsPainted());
        g.writeNumberField("bitsCleared", s.bitsCleared());
        g.writeNumberField("bytesCovered", s.bytesCovered());
        g.writeNumberField("pagesVisited", s.pagesVisited());
        g.writeNumberField("pagesSkipped", s.pagesSkipped());
        g.writeNumberField("granulesInspected", s.granulesInspected());
        g.writeNumberField("revokedInMemory", s.revokedInMemory());
        g.writeNumberField("registersInspected", s.registersInspected());
        g.writeNumberField("revokedInRegisters", s.revokedInRegisters());
        g.writeNumberField("sweepNanos", s.sweepNanos());
        g.writeNumberField("sweepCpuNanos", s.sweepCpuNanos());
        g.writeNumberField("hostNanos", s.hostNanos());
        g.writeNumberField("cpuNanos", s.cpuNanos());
        g.writeNumberField("cacheLines", s.cacheLines());
        g.writeEndObject();
    }

    public static void write(JsonGenerator g, RuntimeSummary s) throws IOException {
        g.writeStartObject();
        g.writeStringField("strategy", s.strategy());
        g.writeNumberField("sweeps", s.sweeps());
        g.writeNumberField("sweptBytes", s.sweptBytes());
        g.writeNumberField("frees", s.frees());
        g.writeNumberField("freedBytes", s.freedBytes());
        g.writeNumberField("bitsPainted", s.bitsPainted());
        g.writeNumberField("bitsCleared", s.bitsCleared());
        g.writeNumberField("mallocs", s.mallocs());
        g.writeNumberField("failedAllocations", s.failedAllocations());
        g.writeNumberField("invalidFrees", s.invalidFrees());
        g.writeNumberField("doubleFrees", s.doubleFrees());
        g.writeNumberField("footprint", s.footprint());
        g.writeNumberField("peakFootprint", s.peakFootprint());
        g.writeNumberField("requestedBytes", s.requestedBytes());
        g.writeNumberField("peakRequestedBytes", s.peakRequestedBytes());
        g.writeNumberField("allocatedBytes", s.allocatedBytes());
        g.writeNumberField("peakAllocatedBytes", s.peakAllocatedBytes());
        g.writeNumberField("quarantinedBytes", s.quarantinedBytes());
        g.writeNumberField("peakQuarantinedBytes", s.peakQuarantinedBytes());
        g.writeNumberField("revokedInMemory", s.revokedInMemory());
        g.writeNumberField("revokedInRegisters", s.revokedInRegisters());
        g.writeNumberField("meanPassNanos", s.meanPassNanos());
        g.writeNumberField("maxPassNanos", s.maxPassNanos());
        g.writeEndObject();
    }

    /** A summary as one JSON object (no trailing newline). */
    public static String toJson(RuntimeSummary s) {
        java.io.StringWriter w = new java.io.StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            write(g, s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** A pass as one JSON object (no trailing newline). */
    public static String toJson(PassStats s) {
        java.io.StringWriter w = new java.io.StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            write(g, s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /**
     * Writes each pass as one line: hand it to {@link Allocator#setPassListener}. Flushes after
     * every line; the stream is not closed.
     */
    public static final class PassLogWriter implements Consumer<PassStats>, Closeable {
        private final JsonGenerator g;

        public PassLogWriter(OutputStream out) {
            try {
                g = JSON.createGenerator(out);
                g.setRootValueSeparator(null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void accept(PassStats s) {
            try {
                write(g, s);
                g.writeRaw('\n');
                g.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            g.close();
        }
    }
}
