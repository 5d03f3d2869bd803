package org.cheriemu.emulator.linux;

/**
 * Why a guest was killed by a trap: the Linux signal, exit status, trap cause and value, and
 * where (pc, instruction word, symbol, disassembly). A record so the CLI can print it as JSON.
 *
 * @param insn        instruction bits (16 or 32), or -1 if the pc was not readable
 * @param symbol      {@code name+0xoff}, or the hex pc when no symbol covers it
 * @param disassembly the instruction as text, or null
 */
public record FaultReport(String signal, int status, long cause, String causeName, long tval, long pc,
                          long insn, String symbol, String disassembly) {

    /** The text printed on stderr (without trailing newline). */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("cheri-emu: guest terminated by ").append(signal).append(" (").append(causeName);
        if (cause != 2 && cause != 3) {
            sb.append(cause == 28 ? String.format(", xtval 0x%x", tval) : String.format(" at 0x%016x", tval));
        }
        sb.append(")\n  pc 0x").append(String.format("%016x", pc)).append(" <").append(symbol).append('>');
        if (insn >= 0) {
            sb.append(": ").append((insn & 3) == 3 ? String.format("%08x", insn) : String.format("%04x", insn));
            if (disassembly != null) {
                sb.append("  ").append(disassembly);
            }
        }
        return sb.toString();
    }
}
