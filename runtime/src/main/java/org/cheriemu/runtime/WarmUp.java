package org.cheriemu.runtime;

import org.cheriemu.isa.cap.Capability;
import org.cheriemu.isa.memory.TaggedMemory;
import org.cheriemu.runtime.revoke.QuarantinePolicy;
import org.cheriemu.runtime.revoke.RevocationStrategy;

/**
 * Runs the allocator and its revocation passes on a private synthetic heap, so that the JIT has
 * compiled them before a guest's first pass. A guest run often has only a few passes: without
 * this, they ran in the JVM's bytecode interpreter and measured it (a 740 KiB pass took 14 ms,
 * 0.15 GiB/s, where the compiled sweep does several GiB/s). The private heap shares nothing
 * with the guest's, so the warm-up may run on a thread of its own while the guest starts.
 */
public final class WarmUp {
    private WarmUp() {
    }

    /**
     * Heap, objects and passes: 16 passes give back 16,000 objects, past the invocation count at
     * which C2 compiles (about 5,000 to 15,000), and sweep 4 MiB of tagged pages.
     */
    private static final long HEAP = 4L << 20;
    private static final int OBJECTS = 4096, PASSES = 16;

    /** Mallocs, pointer stores and frees on a private heap, with {@code PASSES} passes of {@code strategy}. */
    public static void run(RevocationStrategy strategy) {
        if (!strategy.quarantines()) {
            return;
        }
        TaggedMemory memory = new TaggedMemory();
        long base = 1L << 32;
        Allocator a = new Allocator(new InMemoryMachine(memory),
                RuntimeConfig.of(base, HEAP).withStrategy(strategy).withPolicy(QuarantinePolicy.MANUAL).withTraceDepth(0));
        Capability[] objects = new Capability[OBJECTS];
        for (int pass = 0; pass < PASSES; pass++) {
            for (int i = 0; i < OBJECTS; i++) {
                if (objects[i] == null || (i + pass) % 4 == 0) {
                    if (objects[i] != null) {
                        a.free(objects[i]);
                    }
                    objects[i] = a.malloc(48 + 16 * (i % 8));
                }
            }
            // the first half of the heap holds a capability in every granule (dense tag words),
            // the rest one per object (sparse ones): the sweep has a loop for each
            for (int i = 0; i < OBJECTS; i++) {
                int granules = i < OBJECTS / 2 ? (int) (objects[i].length().longValue() >>> 4) : 1;
                for (int g = 0; g < granules; g++) {
                    Capability target = objects[(i * 7 + g + pass) % OBJECTS];
                    memory.storeCap(objects[i].address() + 16L * g, target.address(), target.memoryMeta(), true);
                }
            }
            a.revokeNow();
        }
    }
}
