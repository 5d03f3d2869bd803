package org.cheriemu.runtime.debug;

import java.util.List;
import java.util.function.LongFunction;

import org.cheriemu.isa.cap.Capability;
import org.cheriemu.runtime.StackTrace;

/**
 * The text of the runtime's debugging reports: double free, invalid free, leaks and the heap
 * object behind an address. Stack frames are symbolized with {@code symbolizer} (the machine's,
 * for example an ELF symbol table); every report ends without a newline.
 */
public final class Reports {
    private Reports() {
    }

    /** Double free: the object, then the allocation, first free and second free traces. */
    public static String doubleFree(FreeResult.DoubleFree d, LongFunction<String> symbolizer) {
        ObjectDescription o = d.object();
        StringBuilder sb = new StringBuilder("cheri-emu: double free of ").append(object(o));
        sb.append(", ").append(stateText(o));
        frames(sb, "allocated at", o.allocTrace(), symbolizer);
        frames(sb, "first freed at", o.freeTrace(), symbolizer);
        frames(sb, "freed again at", d.secondFree(), symbolizer);
        return sb.toString();
    }

    /** Invalid free: why, the capability, the free site and the nearest allocation. */
    public static String invalidFree(FreeResult.InvalidFree f, LongFunction<String> symbolizer) {
        Capability c = f.capability();
        StringBuilder sb = new StringBuilder("cheri-emu: invalid free: ").append(kindText(f.kind()))
                .append("\n  capability ").append(capabilityText(c));
        frames(sb, "freed at", f.freeTrace(), symbolizer);
        ObjectDescription near = f.nearest();
        if (near == null) {
            sb.append("\n  no object is allocated in the heap");
        } else {
            sb.append("\n  nearest allocation: ").append(object(near)).append(", ").append(stateText(near));
            frames(sb, "allocated at", near.allocTrace(), symbolizer);
        }
        return sb.toString();
    }

    /** Leaks at exit: a count, then every object with its allocation trace. */
    public static String leaks(LeakReport r, LongFunction<String> symbolizer) {
        StringBuilder sb = new StringBuilder("cheri-emu: leak check: ");
        if (r.empty()) {
            return sb.append("no leaks").toString();
        }
        sb.append(r.objects().size()).append(r.objects().size() == 1 ? " object" : " objects")
                .append(" (").append(r.bytes()).append(" bytes requested) still allocated at exit");
        for (ObjectDescription o : r.objects()) {
            sb.append("\n  leaked ").append(object(o));
            frames(sb, "allocated at", o.allocTrace(), symbolizer);
        }
        return sb.toString();
    }

    /** "object #12 (48 bytes at 0x4000001230)". */
    public static String object(ObjectDescription o) {
        return "object #" + o.id() + " (" + o.requested() + (o.requested() == 1 ? " byte" : " bytes")
                + " at 0x" + Long.toHexString(o.base())
                + (o.length() != o.requested() ? ", capability length " + o.length() : "") + ")";
    }

    /** Where the object is in its life, with the pass that revoked it. */
    public static String stateText(ObjectDescription o) {
        return switch (o.state()) {
            case LIVE -> "live";
            case QUARANTINED -> "freed, in quarantine (not yet revoked)";
            case REVOKED -> "freed, revoked by pass " + o.revokedInPass();
            case FREED -> "freed (revocation off: its memory may be reused)";
            case UNKNOWN -> "unknown";
        };
    }

    /** Appends "\n  {title}:" and the frames, indented; "(no trace)" when empty. */
    public static StringBuilder frames(StringBuilder sb, String title, StackTrace trace, LongFunction<String> symbolizer) {
        sb.append("\n  ").append(title).append(':');
        List<String> lines = trace == null ? List.of() : trace.format(symbolizer);
        if (lines.isEmpty()) {
            return sb.append(" (no trace)");
        }
        for (String line : lines) {
            sb.append("\n    ").append(line);
        }
        return sb;
    }

    private static String kindText(FreeResult.InvalidKind k) {
        return switch (k) {
            case UNTAGGED -> "the capability is untagged (never valid, or revoked)";
            case SEALED -> "the capability is sealed";
            case INTERIOR -> "the address is inside a live object, not at its base";
            case NOT_ALLOCATED -> "the address is in the heap but no object is allocated there";
            case FOREIGN -> "the address is outside the heap";
        };
    }

    private static String capabilityText(Capability c) {
        return "tag " + (c.tag() ? 1 : 0) + ", address 0x" + Long.toHexString(c.address()) + ", base 0x"
                + Long.toHexString(c.base()) + ", length 0x" + c.length().toString(16)
                + (c.isSealed() ? ", sealed" : "");
    }
}
