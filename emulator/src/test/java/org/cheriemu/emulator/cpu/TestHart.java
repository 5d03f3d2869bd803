package org.cheriemu.emulator.cpu;

import org.cheriemu.isa.memory.Page;
import org.cheriemu.isa.memory.TaggedMemory;

/**
 * A hart on plain RAM at 0x80000000 (16 MiB) for instruction tests: code is emitted at the pc,
 * traps with no handler end the run with a GuestExit whose status is the cause + 1000 and whose
 * details are kept in {@link #cause} / {@link #tval}.
 */
final class TestHart implements Environment {
    static final long BASE = 0x8000_0000L;
    static final long RAM = 16L << 20;

    final TaggedMemory mem = new TaggedMemory();
    final Hart hart;
    long emit = BASE;
    long cause = -1, tval = -1;
    int ecalls;

    TestHart() {
        this(false);
    }

    TestHart(boolean linuxUser) {
        hart = new Hart(mem, this, null, linuxUser, 0);
        hart.setCompiling(true, 1, 16);     // every instruction test also runs hot code compiled
        hart.setPc(BASE);
    }

    TestHart emit(int word) {
        mem.store32(emit, word);
        emit += 4;
        return this;
    }

    TestHart emit16(int half) {
        mem.store16(emit, half);
        emit += 2;
        return this;
    }

    TestHart x(int reg, long v) {
        hart.setX(reg, v);
        return this;
    }

    long x(int reg) {
        return hart.getX(reg);
    }

    /** Executes {@code n} more instructions; returns the GuestExit status if the run ended, else -1. */
    int step(long n) {
        try {
            hart.run(hart.instret() + n);
            return -1;
        } catch (GuestExit e) {
            return e.status();
        }
    }

    /** Runs the emitted code to its end (one instruction per emitted word at most). */
    int runAll() {
        return step((emit - hart.pc()) / 2 + 1);
    }

    @Override
    public void ecall(HartView h) {
        ecalls++;
        if (h.getX(17) == 1234) {       // a7 = 1234: resume 8 bytes past the ecall (skips one insn)
            h.setPc(h.pc() + 8);
        }
        h.setX(10, ecalls);
    }

    @Override
    public Page resolvePage(long pageNumber, int access) {
        long addr = pageNumber << Page.SHIFT;
        return Long.compareUnsigned(addr - BASE, RAM) < 0 ? mem.pageOrCreate(pageNumber) : null;
    }

    @Override
    public void unhandledTrap(HartView h, long cause, long tval) {
        this.cause = cause;
        this.tval = tval;
        if (h.getX(17) == 4321) {        // a7 = 4321: "deliver a signal": resume 4 bytes on, a0 = cause
            h.setX(10, cause);
            h.setPc(h.pc() + 4);
            return;
        }
        throw new GuestExit((int) (1000 + cause), "trap " + cause);
    }
}
