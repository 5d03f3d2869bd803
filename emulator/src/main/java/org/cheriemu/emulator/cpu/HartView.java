package org.cheriemu.emulator.cpu;

import org.cheriemu.isa.cap.Capability;
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

    /**
     * Sets the pc. Called during {@link Environment#ecall}, execution resumes there instead of
     * after the ecall (signal delivery, sigreturn). Added by the cpu work; fakes may ignore it.
     */
    default void setPc(long pc) {
        throw new UnsupportedOperationException("setPc");
    }

    /** Floating-point register {@code reg} as raw bits (singles are NaN-boxed). */
    default long getF(int reg) {
        throw new UnsupportedOperationException("getF");
    }

    /** Writes floating-point register {@code reg} (raw bits). */
    default void setF(int reg, long bits) {
        throw new UnsupportedOperationException("setF");
    }

    /** Capability register {@code reg} (the merged register file: its address is x[reg]). */
    default Capability cap(int reg) {
        throw new UnsupportedOperationException("cap");
    }

    /** Writes capability register {@code reg} (writes to c0 are dropped). */
    default void setCap(int reg, Capability c) {
        throw new UnsupportedOperationException("setCap");
    }

    /** Retired-instruction count so far. */
    long instret();

    TaggedMemory memory();
}
