package org.cheriemu.runtime.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.cheriemu.isa.cap.Capability;
import org.cheriemu.isa.memory.TaggedMemory;
import org.cheriemu.runtime.Allocator;
import org.cheriemu.runtime.InMemoryMachine;
import org.cheriemu.runtime.RuntimeConfig;
import org.cheriemu.runtime.revoke.QuarantinePolicy;
import org.junit.jupiter.api.Test;

/** The post-pass check finds a stale capability that a pass missed, and nothing after a sound pass. */
class RevocationCheckTest {
    private static final long HEAP = 0x2000_0000L;

    private final TaggedMemory memory = new TaggedMemory();
    private final InMemoryMachine machine = new InMemoryMachine(memory, 8);
    private final Allocator allocator = new Allocator(machine,
            RuntimeConfig.of(HEAP, 16L << 20).withPolicy(QuarantinePolicy.MANUAL));

    private void store(long at, Capability c) {
        memory.storeCap(at, c.address(), c.memoryMeta(), c.tag());
    }

    @Test
    void aSoundPassLeavesNothingStale() {
        Capability keep = allocator.malloc(64), gone = allocator.malloc(48), sub = allocator.malloc(32);
        store(keep.address(), gone);            // a capability to an object that will be freed
        store(keep.address() + 16, sub);        // and one to an object that stays live
        machine.setRegister(3, gone);
        allocator.free(gone);
        allocator.revokeNow();
        assertEquals(List.of(), RevocationCheck.afterPass(allocator));
    }

    @Test
    void findsAStaleCapabilityInMemoryAndInARegister() {
        Capability keep = allocator.malloc(64), gone = allocator.malloc(48);
        allocator.free(gone);
        allocator.revokeNow();
        // as if the sweep had missed them: the stale capability comes back, tagged
        store(keep.address() + 32, gone);
        machine.setRegister(5, gone);
        List<RevocationCheck.Violation> found = RevocationCheck.afterPass(allocator);
        assertEquals(2, found.size(), found.toString());
        assertEquals("in memory at 0x" + Long.toHexString(keep.address() + 32), found.get(0).where());
        assertEquals("in a capability register", found.get(1).where());
        assertEquals(gone.base(), found.get(0).object().base());
        assertEquals(ObjectState.REVOKED, found.get(0).object().state());
        assertTrue(found.get(0).text().contains("freed, revoked by pass 1"), found.get(0).text());
    }
}
