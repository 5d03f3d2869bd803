package org.cheriemu.runtime;

import java.util.Arrays;
import org.cheriemu.isa.cap.Capability;
import org.cheriemu.isa.memory.TaggedMemory;

/**
 * A machine without a CPU: tagged memory, a file of capability registers (general-purpose and
 * special alike, as plain slots) and a settable guest call stack. For tests, trace replay and
 * sweep-bench.
 */
public final class InMemoryMachine implements Machine {
    private final TaggedMemory memory;
    private final boolean[] tags;
    private final long[] metas;
    private final long[] addresses;
    private long[] stack = new long[0];

    /** {@code registers} slots, all NULL. */
    public InMemoryMachine(TaggedMemory memory, int registers) {
        this.memory = memory;
        this.tags = new boolean[registers];
        this.metas = new long[registers];
        this.addresses = new long[registers];
        Arrays.fill(metas, Capability.NULL.meta());
    }

    /** 32 general-purpose plus 8 special capability registers. */
    public InMemoryMachine(TaggedMemory memory) {
        this(memory, 40);
    }

    @Override
    public TaggedMemory memory() {
        return memory;
    }

    public int registerCount() {
        return tags.length;
    }

    public void setRegister(int i, Capability c) {
        tags[i] = c.tag();
        metas[i] = c.meta();
        addresses[i] = c.address();
    }

    public Capability register(int i) {
        return new Capability(tags[i], metas[i], addresses[i]);
    }

    @Override
    public void visitCapabilityRegisters(CapabilityRegisterVisitor visitor) {
        for (int i = 0; i < tags.length; i++) {
            if (tags[i] && visitor.visit(metas[i], addresses[i])) {
                tags[i] = false;
            }
        }
    }

    /** The stack {@link #unwindStack} reports from now on (innermost first). */
    public void setStack(long... pcs) {
        stack = pcs.clone();
    }

    @Override
    public long[] unwindStack(int maxFrames) {
        return stack.length <= maxFrames ? stack.clone() : Arrays.copyOf(stack, maxFrames);
    }

    @Override
    public String symbolize(long pc) {
        return null;
    }
}
