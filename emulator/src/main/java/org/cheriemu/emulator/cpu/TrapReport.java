package org.cheriemu.emulator.cpu;

import java.util.function.LongFunction;

import org.cheriemu.isa.memory.TaggedMemory;

/**
 * One-line description of a trap for reports: cause, pc with symbol+offset, the instruction word
 * and its disassembly, and tval. Usable by any {@link Environment} (the bare-metal board, the
 * Linux layer).
 *
 * <p>Example: {@code illegal instruction at pc 0x10294 <main+0x14>: 0x0000ffff "illegal", tval 0xffff}
 */
public final class TrapReport {
    private TrapReport() {
    }

    /**
     * @param symbolize address to {@code name+0xoff}, or null (may be null itself)
     */
    public static String describe(HartView h, long cause, long tval, LongFunction<String> symbolize) {
        long pc = h.pc();
        StringBuilder sb = new StringBuilder();
        sb.append(Cause.describe(cause)).append(" at pc 0x").append(Long.toHexString(pc));
        String sym = symbolize == null ? null : safeSymbol(symbolize, pc);
        if (sym != null) {
            sb.append(" <").append(sym).append('>');
        }
        if (cause != Cause.INSTRUCTION_ACCESS && cause != 12) {
            int word = instructionAt(h.memory(), pc);
            int len = Decoder.length(word);
            sb.append(": ").append(len == 2 ? String.format("0x%04x", word & 0xFFFF) : String.format("0x%08x", word));
            sb.append(" \"").append(Disassembler.disassemble(len == 2 ? word & 0xFFFF : word, pc)).append('"');
        }
        sb.append(", tval 0x").append(Long.toHexString(tval));
        return sb.toString();
    }

    private static String safeSymbol(LongFunction<String> symbolize, long pc) {
        try {
            return symbolize.apply(pc);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The instruction word at {@code pc} (16 bits zero-extended for a compressed one). */
    public static int instructionAt(TaggedMemory mem, long pc) {
        int lo = mem.load16(pc) & 0xFFFF;
        if ((lo & 3) != 3) {
            return lo;
        }
        return lo | (mem.load16(pc + 2) << 16);
    }
}
