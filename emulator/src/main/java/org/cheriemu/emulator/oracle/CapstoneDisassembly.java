package org.cheriemu.emulator.oracle;

import org.cheriemu.emulator.linux.Disassembler;
import org.cheriemu.emulator.nativelib.Capstone;

/**
 * Disassembly text from Capstone for reports (the Linux layer's fault reports, lockstep reports):
 * base RV64GC instructions in LLVM's spelling, e.g. {@code c.ld a0, 8(sp)}. Capstone has no
 * CHERI, so a CHERI instruction, or any word Capstone cannot decode, falls back to our own
 * disassembler (which prints CHERI mnemonics in QEMU-CHERI's spelling).
 *
 * <p>{@link #open()} throws {@link org.cheriemu.emulator.nativelib.NativeLibraryUnavailableException}
 * when libcapstone 5 is missing. Not thread safe.
 */
public final class CapstoneDisassembly implements Disassembler, AutoCloseable {

    private final Capstone capstone;

    private CapstoneDisassembly(Capstone capstone) {
        this.capstone = capstone;
    }

    public static CapstoneDisassembly open() {
        return new CapstoneDisassembly(Capstone.open());
    }

    @Override
    public String disassemble(long pc, int insn) {
        if (!CheriEncodings.isCheri(insn)) {
            Capstone.Insn i = capstone.disassemble(insn, pc);
            if (i != null) {
                return i.text();
            }
        }
        return org.cheriemu.emulator.cpu.Disassembler.disassemble(insn, pc);
    }

    @Override
    public void close() {
        capstone.close();
    }
}
