package org.cheriemu.runtime;

import org.cheriemu.isa.memory.TaggedMemory;

/**
 * What the runtime needs from the machine that hosts it. The emulator implements this for a
 * running hart; {@link InMemoryMachine} implements it for tests, trace replay and sweep-bench.
 * The runtime never imports the emulator.
 */
public interface Machine {

    /** The guest's tagged memory. The heap is a region of it. */
    TaggedMemory memory();

    /**
     * Offers every tagged capability register to {@code visitor}: the 32 general-purpose
     * capability registers, PCC, DDC and every special capability register (the trap vector
     * and exception PC capabilities, scratch registers), of every hart. The visitor receives
     * REGISTER-form metadata and the address; when it returns true the machine clears that
     * register's tag (the value and metadata stay). Untagged registers may be skipped.
     */
    void visitCapabilityRegisters(CapabilityRegisterVisitor visitor);

    /**
     * Guest return addresses, innermost first: element 0 is the pc of the ecall that entered
     * the runtime, then the return address of each caller frame. At most {@code maxFrames}
     * entries; an empty array when the machine cannot unwind. Called on every malloc and free
     * when tracing is on, so it should not allocate more than the result.
     */
    long[] unwindStack(int maxFrames);

    /** A name for a guest pc ("main+0x1c"), or null when none is known. Used only in reports. */
    default String symbolize(long pc) {
        return null;
    }

    /** Receives one tagged capability register. */
    @FunctionalInterface
    interface CapabilityRegisterVisitor {
        /** @return true to clear the register's tag */
        boolean visit(long meta, long address);
    }
}
