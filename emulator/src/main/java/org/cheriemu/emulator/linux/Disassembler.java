package org.cheriemu.emulator.linux;

/**
 * Supplied by the interpreter so that fault reports can show the faulting instruction. The
 * instruction word is 16 bits (compressed) or 32 bits, zero-extended; return e.g.
 * {@code "ld a0,0(a0)"}, or null if it cannot be decoded.
 */
@FunctionalInterface
public interface Disassembler {
    String disassemble(long pc, int insn);
}
