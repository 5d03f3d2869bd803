package org.cheriemu.runtime.debug;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.function.LongFunction;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import org.cheriemu.isa.cap.Capability;
import org.cheriemu.runtime.StackTrace;

/**
 * The runtime's debugging reports as JSON, one object per report (a line of the --runtime-report
 * log): {@code "report"} is {@code double_free}, {@code invalid_free} or {@code leak}. The
 * fields mirror {@link Reports}' text; addresses are 0x-prefixed hex strings, stack frames are
 * {@code {"pc": …, "symbol": …}} innermost first ({@code symbol} null when unknown).
 */
public final class ReportJson {
    private ReportJson() {
    }

    private static final JsonFactory JSON = new JsonFactory();

    /** A double free: the object (with its allocation and first free), the second free site and its capability. */
    public static String doubleFree(FreeResult.DoubleFree d, LongFunction<String> symbolizer) {
        return write(g -> {
            g.writeStringField("report", "double_free");
            g.writeFieldName("object");
            object(g, d.object(), symbolizer);
            frames(g, "freedAgainAt", d.secondFree(), symbolizer);
            capability(g, d.capability());
        });
    }

    /** An invalid free: why, the capability, the free site and the nearest allocation (or null). */
    public static String invalidFree(FreeResult.InvalidFree f, LongFunction<String> symbolizer) {
        return write(g -> {
            g.writeStringField("report", "invalid_free");
            g.writeStringField("kind", f.kind().name().toLowerCase(java.util.Locale.ROOT));
            capability(g, f.capability());
            frames(g, "freedAt", f.freeTrace(), symbolizer);
            g.writeFieldName("nearest");
            if (f.nearest() == null) {
                g.writeNull();
            } else {
                object(g, f.nearest(), symbolizer);
            }
        });
    }

    /** One leaked object with its allocation trace. */
    public static String leak(ObjectDescription o, LongFunction<String> symbolizer) {
        return write(g -> {
            g.writeStringField("report", "leak");
            g.writeFieldName("object");
            object(g, o, symbolizer);
        });
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String write(Body body) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static void object(JsonGenerator g, ObjectDescription o, LongFunction<String> symbolizer) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", o.id());
        g.writeStringField("state", o.state().name().toLowerCase(java.util.Locale.ROOT));
        g.writeStringField("base", hex(o.base()));
        g.writeNumberField("length", o.length());
        g.writeNumberField("requested", o.requested());
        g.writeNumberField("revokedInPass", o.revokedInPass());
        frames(g, "allocatedAt", o.allocTrace(), symbolizer);
        frames(g, "freedAt", o.freeTrace(), symbolizer);
        g.writeEndObject();
    }

    private static void capability(JsonGenerator g, Capability c) throws IOException {
        g.writeObjectFieldStart("capability");
        g.writeBooleanField("tag", c.tag());
        g.writeStringField("address", hex(c.address()));
        g.writeStringField("base", hex(c.base()));
        g.writeStringField("length", "0x" + c.length().toString(16));
        g.writeBooleanField("sealed", c.isSealed());
        g.writeEndObject();
    }

    /** {@code "name": [frames]}, or null for a missing trace (an object not yet freed). */
    private static void frames(JsonGenerator g, String name, StackTrace t, LongFunction<String> symbolizer)
            throws IOException {
        g.writeFieldName(name);
        if (t == null) {
            g.writeNull();
            return;
        }
        g.writeStartArray();
        for (int i = 0; i < t.depth(); i++) {
            g.writeStartObject();
            g.writeStringField("pc", hex(t.frame(i)));
            g.writeStringField("symbol", symbolizer == null ? null : symbolizer.apply(t.frame(i)));
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
