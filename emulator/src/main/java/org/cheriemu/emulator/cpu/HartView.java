package org.cheriemu.emulator.cpu;

import org.cheriemu.isa.memory.TaggedMemory;

/**
 * What an execution environment (the Linux system-call layer, the allocator runtime's
 * services, a bare-metal board) sees of a hart: its integer registers, pc and memory.
 */
public interface HartView {

    /** Integer register {@code reg} (x0 reads 0). */
    long getX(int reg);

    /** Writes integer register {@code reg} (writes to x0 are dropped). */
    void setX(int reg, long value);

    /** Address of the instruction being executed (the ecall, or the faulting instruction). */
    long pc();

    /** Retired-instruction count so far. */
    long instret();

    TaggedMemory memory();
}
