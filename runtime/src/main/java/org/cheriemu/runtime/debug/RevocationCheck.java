package org.cheriemu.runtime.debug;

import java.util.ArrayList;
import java.util.List;

import org.cheriemu.isa.cap.CapFormat;
import org.cheriemu.isa.cap.Capability;
import org.cheriemu.isa.memory.Page;
import org.cheriemu.runtime.Allocator;

/**
 * Checks what a completed revocation pass promises, on the machine itself: right after a pass,
 * before any memory is reused, no tagged capability in memory or in a register may still have
 * the base of an object that the pass released (the object is then REVOKED, and its memory is
 * free). Capabilities are matched by their base to the objects' bases, which is what the
 * allocator hands out; a capability narrowed to an interior range is not matched.
 *
 * <p>This is the temporal-safety invariant of the runtime's property test, checked on a real
 * guest's memory and registers (run --check-revocation): it catches a sweep that misses a page,
 * a register, or a capability form.
 */
public final class RevocationCheck {
    private RevocationCheck() {
    }

    /** A stale capability found after a pass: where it is (a memory address, or a register) and its object. */
    public record Violation(String where, Capability capability, ObjectDescription object) {
        public String text() {
            return "tagged capability " + where + " (address 0x" + Long.toHexString(capability.address()) + ", base 0x"
                    + Long.toHexString(capability.base()) + ") still points to " + Reports.object(object) + ", "
                    + Reports.stateText(object);
        }
    }

    /** The violations now (an empty list when the pass did its job). Call from the pass listener. */
    public static List<Violation> afterPass(Allocator allocator) {
        List<Violation> found = new ArrayList<>();
        allocator.machine().memory().forEachTaggedGranule((Page page, int granule) -> {
            int off = granule << 4;
            Capability c = new Capability(true, CapFormat.fromMemory(page.loadCapMeta(off)), page.loadCapAddress(off));
            check(allocator, c, "in memory at 0x" + Long.toHexString(page.baseAddress() + off), found);
        });
        allocator.machine().visitCapabilityRegisters((meta, address) -> {
            check(allocator, new Capability(true, meta, address), "in a capability register", found);
            return false;
        });
        return found;
    }

    private static void check(Allocator allocator, Capability c, String where, List<Violation> found) {
        ObjectDescription o = allocator.objectAt(c.base());
        if (o != null && o.state() != ObjectState.LIVE && o.state() != ObjectState.QUARANTINED) {
            found.add(new Violation(where, c, o));
        }
    }
}
