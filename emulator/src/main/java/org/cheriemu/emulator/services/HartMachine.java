package org.cheriemu.emulator.services;

import java.util.Arrays;

import org.cheriemu.emulator.cpu.Hart;
import org.cheriemu.emulator.linux.AddressSpace;
import org.cheriemu.emulator.linux.ErrnoException;
import org.cheriemu.emulator.loader.ElfSymbol;
import org.cheriemu.emulator.loader.SymbolTable;
import org.cheriemu.isa.memory.TaggedMemory;
import org.cheriemu.runtime.Machine;

/**
 * The runtime's view of a Linux guest on one hart: its tagged memory, its capability registers,
 * a stack unwinder that follows the guest's frame pointers, and the ELF symbols.
 *
 * <p>Unwinding assumes the RISC-V frame-pointer convention that gcc and clang follow with
 * {@code -fno-omit-frame-pointer}: s0 (x8) points just above the frame, the return address is
 * saved at s0 - 8 and the caller's s0 at s0 - 16. gcc 12 gives leaf functions no frame even
 * then, so s0 is still the caller's; such a leaf is recognised by ra pointing outside the
 * function of the pc (a function with a frame has either made a call, which leaves ra inside
 * itself, or not, which leaves ra equal to its saved return address), and ra is its caller's
 * frame. It stops at {@code main} (as gdb does), at
 * a frame pointer outside mapped memory or not above the previous one, and at a zero return
 * address, so code built without frame pointers yields a short trace, never a wrong long one.
 */
public final class HartMachine implements Machine {
    private final Hart hart;
    private final AddressSpace space;
    private final SymbolTable symbols;
    private final long mainStart, mainEnd;

    public HartMachine(Hart hart, AddressSpace space, SymbolTable symbols) {
        this.hart = hart;
        this.space = space;
        this.symbols = symbols;
        ElfSymbol main = symbols.lookup("main").orElse(null);
        this.mainStart = main == null ? 0 : main.value();
        this.mainEnd = main == null ? 0 : main.value() + main.size();
    }

    @Override
    public TaggedMemory memory() {
        return space.memory();
    }

    @Override
    public void visitCapabilityRegisters(CapabilityRegisterVisitor visitor) {
        // a class, not a method reference: bootstrapping one at the first pass cost that pass ~4 ms
        hart.revokeCapabilityRegisters(new Hart.CapabilityVisitor() {
            @Override
            public boolean visit(long meta, long address) {
                return visitor.visit(meta, address);
            }
        });
    }

    @Override
    public long[] unwindStack(int maxFrames) {
        if (maxFrames <= 0) {
            return new long[0];
        }
        long[] frames = new long[maxFrames];
        int n = 0;
        frames[n++] = hart.pc();
        long fp = hart.getX(8);
        long ra = hart.getX(1);
        if (maxFrames > 1 && !inMain(frames[0]) && isFramelessLeaf(frames[0], ra, fp)) {
            frames[n++] = ra;
        }
        while (n < maxFrames && !inMain(frames[n - 1])) {
            if ((fp & 7) != 0 || space.find(fp - 16) == null) {
                break;
            }
            long callerFp;
            try {
                ra = space.read64(fp - 8);
                callerFp = space.read64(fp - 16);
            } catch (ErrnoException e) {
                break;
            }
            if (ra == 0 || space.find(ra) == null) {
                break;
            }
            frames[n++] = ra;
            if (Long.compareUnsigned(callerFp, fp) <= 0) {
                break;
            }
            fp = callerFp;
        }
        return n == maxFrames ? frames : Arrays.copyOf(frames, n);
    }

    /** True when the function at {@code pc} has no frame of its own: see the class comment. */
    private boolean isFramelessLeaf(long pc, long ra, long fp) {
        ElfSymbol f = symbols.find(pc).orElse(null);
        if (f == null || Long.compareUnsigned(ra - f.value(), Math.max(f.size(), 1)) < 0 || space.find(ra) == null) {
            return false;
        }
        try {
            return space.find(fp - 8) == null || space.read64(fp - 8) != ra;
        } catch (ErrnoException e) {
            return true;
        }
    }

    private boolean inMain(long pc) {
        return Long.compareUnsigned(pc - mainStart, mainEnd - mainStart) < 0;
    }

    @Override
    public String symbolize(long pc) {
        return symbols.find(pc).map(s -> s.name() + "+0x" + Long.toHexString(pc - s.value())).orElse(null);
    }
}
