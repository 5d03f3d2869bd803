package org.cheriemu.emulator.linux;

import org.cheriemu.emulator.cpu.HartView;
import org.cheriemu.isa.memory.TaggedMemory;

/** A register file and pc over real tagged memory, standing in for the interpreter. */
final class FakeHart implements HartView {
    final long[] x = new long[32];
    final long[] f = new long[32];
    long pc;
    final TaggedMemory memory;

    FakeHart(TaggedMemory memory) {
        this.memory = memory;
    }

    @Override
    public long getX(int reg) {
        return reg == 0 ? 0 : x[reg];
    }

    @Override
    public void setX(int reg, long value) {
        if (reg != 0) {
            x[reg] = value;
        }
    }

    @Override
    public long pc() {
        return pc;
    }

    @Override
    public void setPc(long pc) {
        this.pc = pc;
    }

    @Override
    public long getF(int reg) {
        return f[reg];
    }

    @Override
    public void setF(int reg, long bits) {
        f[reg] = bits;
    }

    @Override
    public long instret() {
        return 0;
    }

    @Override
    public TaggedMemory memory() {
        return memory;
    }
}
