package org.cheriemu.emulator.cpu;

import org.cheriemu.emulator.cpu.Isa.Format;
import org.cheriemu.emulator.cpu.Isa.Insn;

/**
 * RV64GC disassembler in QEMU's style (the spelling of QEMU's {@code -d in_asm} and QEMU-CHERI's
 * {@code -d instr} logs): ABI register names, operands separated by a bare comma, decimal
 * immediates, compressed instructions shown as the base instruction they expand to, and QEMU's
 * pseudo-instructions (mv, nop, ret, jr, j, beqz, ...). It does not use {@code li} or
 * {@code csrr} (QEMU prints {@code addi a1,zero,4} and {@code csrrs a0,mhartid,zero}).
 * Pc-relative operands are followed by {@code # 0x<target>} when the pc is known.
 */
public final class Disassembler {
    private Disassembler() {
    }

    public static final String[] X_NAMES = {
        "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
        "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"};
    public static final String[] F_NAMES = {
        "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1", "fa2", "fa3", "fa4",
        "fa5", "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9", "fs10", "fs11", "ft8",
        "ft9", "ft10", "ft11"};
    private static final String[] RM = {"rne", "rtz", "rdn", "rup", "rmm", "rm5", "rm6", "dyn"};

    /** Disassembles {@code word} (a 16-bit parcel for compressed instructions) at {@code pc}. */
    public static String disassemble(int word, long pc) {
        Decoder.Decoded d = new Decoder.Decoded();
        Decoder.decode(word, d);
        return format(d, pc);
    }

    /**
     * Disassembles as the instruction reads in capability encoding mode (PCC.flags = 1, reference
     * §3.8): AUIPCC, CJAL, CJALR, the compressed capability forms (C.CIncOffset16CSP / 4CSPN,
     * C.CLC / C.CSC / C.CLCSP / C.CSCSP, C.CJR / C.CJALR, shown expanded like every compressed
     * instruction), and capability base registers for loads, stores and atomics.
     */
    public static String disassemble(int word, long pc, boolean capMode) {
        Decoder.Decoded d = new Decoder.Decoded();
        Decoder.decode(word, d);
        return capMode ? formatCapMode(d, pc) : format(d, pc);
    }

    static String formatCapMode(Decoder.Decoded d, long pc) {
        int rd = d.rd, rs1 = d.rs1;
        long imm = d.imm;
        switch (d.op) {
            case Op.AUIPC -> {
                return "auipcc " + c(rd) + "," + imm + target(pc, imm);
            }
            case Op.JAL -> {
                return "cjal " + c(rd) + "," + imm + target(pc, imm);
            }
            case Op.JALR -> {
                return "cjalr " + c(rd) + "," + imm + "(" + c(rs1) + ")";
            }
            default -> {
            }
        }
        if (d.len == 2) {
            int h = d.raw & 0xFFFF;
            int f = h & 0xE003;
            int rdP = 8 + ((h >>> 2) & 7), rs1P = 8 + ((h >>> 7) & 7);
            if (d.op == Op.ADDI && (f == 0x0000 || (h & 0xEF83) == 0x6101)) {
                return "cincoffset " + c(rd) + "," + c(rs1) + "," + imm;
            }
            if (f == 0x2000 || f == 0xA000) {
                long u = ((h >>> 11) & 3) << 4 | ((h >>> 10) & 1) << 8 | ((h >>> 5) & 3) << 6;
                return (f == 0x2000 ? "clc " : "csc ") + c(rdP) + "," + u + "(" + c(rs1P) + ")";
            }
            if (f == 0x2002) {
                long u = ((h >>> 12) & 1) << 5 | ((h >>> 6) & 1) << 4 | ((h >>> 2) & 15) << 6;
                return "clc " + c((h >>> 7) & 31) + "," + u + "(csp)";
            }
            if (f == 0xA002) {
                long u = ((h >>> 11) & 3) << 4 | ((h >>> 7) & 15) << 6;
                return "csc " + c((h >>> 2) & 31) + "," + u + "(csp)";
            }
        }
        String text = format(d, pc);
        Insn in = Isa.insn(d.op);
        if (in != null) {
            switch (in.format()) {
                case LOAD, STORE, FLOAD, FSTORE, LR, AMO, CAP_LC, CAP_SC, CAP_LR, CAP_AMO -> {
                    String base = "(" + x(rs1) + ")";
                    int at = text.lastIndexOf(base);
                    if (at >= 0) {
                        text = text.substring(0, at) + "(" + c(rs1) + ")" + text.substring(at + base.length());
                    }
                }
                default -> {
                }
            }
        }
        return text;
    }

    /** Disassembles with no pc (pc-relative targets are not printed). */
    public static String disassemble(int word) {
        Decoder.Decoded d = new Decoder.Decoded();
        Decoder.decode(word, d);
        return format(d, Long.MIN_VALUE);
    }

    /**
     * The instruction columns of a QEMU {@code -d in_asm} / QEMU-CHERI {@code -d instr} log line:
     * the mnemonic left-aligned in 16 columns, then the operands; a pc-relative target comment
     * follows the operands left-aligned in 16 columns. Example:
     * {@code "auipc           t0,0            # 0x1000"}.
     */
    public static String qemuColumns(int word, long pc) {
        return qemuColumns(word, pc, false);
    }

    /** {@link #qemuColumns(int, long)} in integer or capability encoding mode. */
    public static String qemuColumns(int word, long pc, boolean capMode) {
        String text = disassemble(word, pc, capMode);
        int sp = text.indexOf(' ');
        String mnemonic = sp < 0 ? text : text.substring(0, sp);
        String rest = sp < 0 ? "" : text.substring(sp + 1);
        int hash = rest.indexOf(" # ");
        StringBuilder sb = new StringBuilder(pad(mnemonic, 16));
        if (hash < 0) {
            sb.append(rest);
        } else {
            sb.append(pad(rest.substring(0, hash), 16)).append(rest.substring(hash + 1));
        }
        return sb.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }

    /** Capability register names as QEMU-CHERI prints them. */
    public static final String[] C_NAMES = {
        "cnull", "cra", "csp", "cgp", "ctp", "ct0", "ct1", "ct2", "cs0", "cs1", "ca0", "ca1", "ca2", "ca3", "ca4",
        "ca5", "ca6", "ca7", "cs2", "cs3", "cs4", "cs5", "cs6", "cs7", "cs8", "cs9", "cs10", "cs11", "ct3", "ct4",
        "ct5", "ct6"};

    private static String c(int r) {
        return C_NAMES[r & 31];
    }

    private static String x(int r) {
        return X_NAMES[r & 31];
    }

    private static String fr(int r) {
        return F_NAMES[r & 31];
    }

    private static String target(long pc, long imm) {
        return pc == Long.MIN_VALUE ? "" : " # 0x" + Long.toHexString(pc + imm);
    }

    /** Formats a decoded instruction. */
    public static String format(Decoder.Decoded d, long pc) {
        Insn in = Isa.insn(d.op);
        if (in == null) {
            return "illegal";
        }
        String n = in.name();
        int rd = d.rd, rs1 = d.rs1, rs2 = d.rs2;
        long imm = d.imm;
        String rm = d.rm == 7 ? "" : "," + RM[d.rm];
        switch (in.format()) {
            case R -> {
                if (d.op == Op.SUB && rs1 == 0) {
                    return "neg " + x(rd) + "," + x(rs2);
                }
                if (d.op == Op.SUBW && rs1 == 0) {
                    return "negw " + x(rd) + "," + x(rs2);
                }
                if (d.op == Op.SLTU && rs1 == 0) {
                    return "snez " + x(rd) + "," + x(rs2);
                }
                if (d.op == Op.SLT && rs2 == 0) {
                    return "sltz " + x(rd) + "," + x(rs1);
                }
                if (d.op == Op.SLT && rs1 == 0) {
                    return "sgtz " + x(rd) + "," + x(rs2);
                }
                return n + " " + x(rd) + "," + x(rs1) + "," + x(rs2);
            }
            case I -> {
                if (d.op == Op.ADDI && imm == 0) {
                    return rd == 0 && rs1 == 0 ? "nop" : "mv " + x(rd) + "," + x(rs1);
                }
                if (d.op == Op.ADDIW && imm == 0) {
                    return "sext.w " + x(rd) + "," + x(rs1);
                }
                if (d.op == Op.XORI && imm == -1) {
                    return "not " + x(rd) + "," + x(rs1);
                }
                if (d.op == Op.SLTIU && imm == 1) {
                    return "seqz " + x(rd) + "," + x(rs1);
                }
                return n + " " + x(rd) + "," + x(rs1) + "," + imm;
            }
            case SH6, SH5 -> {
                return n + " " + x(rd) + "," + x(rs1) + "," + imm;
            }
            case LOAD -> {
                return n + " " + x(rd) + "," + imm + "(" + x(rs1) + ")";
            }
            case STORE -> {
                return n + " " + x(rs2) + "," + imm + "(" + x(rs1) + ")";
            }
            case FLOAD -> {
                return n + " " + fr(rd) + "," + imm + "(" + x(rs1) + ")";
            }
            case FSTORE -> {
                return n + " " + fr(rs2) + "," + imm + "(" + x(rs1) + ")";
            }
            case BRANCH -> {
                String t = imm + target(pc, imm);
                if ((d.op == Op.BEQ || d.op == Op.BNE) && rs2 == 0) {
                    return (d.op == Op.BEQ ? "beqz " : "bnez ") + x(rs1) + "," + t;
                }
                if (d.op == Op.BLT && rs2 == 0) {
                    return "bltz " + x(rs1) + "," + t;
                }
                if (d.op == Op.BLT && rs1 == 0) {
                    return "bgtz " + x(rs2) + "," + t;
                }
                if (d.op == Op.BGE && rs2 == 0) {
                    return "bgez " + x(rs1) + "," + t;
                }
                if (d.op == Op.BGE && rs1 == 0) {
                    return "blez " + x(rs2) + "," + t;
                }
                return n + " " + x(rs1) + "," + x(rs2) + "," + t;
            }
            case U -> {
                return n + " " + x(rd) + "," + imm;
            }
            case UPC -> {
                return n + " " + x(rd) + "," + imm + target(pc, imm);
            }
            case J -> {
                String t = imm + target(pc, imm);
                if (rd == 0) {
                    return "j " + t;
                }
                if (rd == 1) {
                    return "jal " + t;
                }
                return n + " " + x(rd) + "," + t;
            }
            case JALR -> {
                if (imm == 0) {
                    if (rd == 0 && rs1 == 1) {
                        return "ret";
                    }
                    if (rd == 0) {
                        return "jr " + x(rs1);
                    }
                    if (rd == 1) {
                        return "jalr " + x(rs1);
                    }
                }
                return n + " " + x(rd) + "," + x(rs1) + "," + imm;
            }
            case CSR, CSRI -> {
                int csr = (int) imm & 0xFFF;
                String cn = csrName(csr);
                if (in.format() == Format.CSR) {
                    if (d.op == Op.CSRRS && rs1 == 0) {
                        String p = switch (csr) {
                            case 0xC00 -> "rdcycle";
                            case 0xC01 -> "rdtime";
                            case 0xC02 -> "rdinstret";
                            case 0x003 -> "frcsr";
                            case 0x002 -> "frrm";
                            case 0x001 -> "frflags";
                            default -> null;
                        };
                        if (p != null) {
                            return p + " " + x(rd);
                        }
                    }
                    if (d.op == Op.CSRRW && csr >= 1 && csr <= 3) {
                        String p = csr == 3 ? "fscsr" : csr == 2 ? "fsrm" : "fsflags";
                        return p + " " + x(rd) + "," + x(rs1);
                    }
                    return n + " " + x(rd) + "," + cn + "," + x(rs1);
                }
                if (d.op == Op.CSRRWI && (csr == 1 || csr == 2)) {
                    return (csr == 2 ? "fsrmi " : "fsflagsi ") + x(rd) + "," + rs1;
                }
                return n + " " + x(rd) + "," + cn + "," + rs1;
            }
            case NONE -> {
                return n;
            }
            case FENCE -> {
                int pred = (int) (imm >>> 4) & 15, succ = (int) imm & 15;
                return n + " " + iorw(pred) + "," + iorw(succ);
            }
            case RS1_RS2 -> {
                return n + " " + x(rs1) + "," + x(rs2);
            }
            case LR -> {
                return n + aqrl(d.raw) + " " + x(rd) + ",(" + x(rs1) + ")";
            }
            case AMO -> {
                return n + aqrl(d.raw) + " " + x(rd) + "," + x(rs2) + ",(" + x(rs1) + ")";
            }
            case R4 -> {
                return n + " " + fr(rd) + "," + fr(rs1) + "," + fr(rs2) + "," + fr(d.rs3) + rm;
            }
            case FFF_RM -> {
                return n + " " + fr(rd) + "," + fr(rs1) + "," + fr(rs2) + rm;
            }
            case FFF -> {
                if (rs1 == rs2 && (d.op == Op.FSGNJ_S || d.op == Op.FSGNJ_D)) {
                    return "fmv" + n.substring(5) + " " + fr(rd) + "," + fr(rs1);
                }
                if (rs1 == rs2 && (d.op == Op.FSGNJN_S || d.op == Op.FSGNJN_D)) {
                    return "fneg" + n.substring(6) + " " + fr(rd) + "," + fr(rs1);
                }
                if (rs1 == rs2 && (d.op == Op.FSGNJX_S || d.op == Op.FSGNJX_D)) {
                    return "fabs" + n.substring(6) + " " + fr(rd) + "," + fr(rs1);
                }
                return n + " " + fr(rd) + "," + fr(rs1) + "," + fr(rs2);
            }
            case FF_RM -> {
                return n + " " + fr(rd) + "," + fr(rs1) + rm;
            }
            case XF_RM -> {
                return n + " " + x(rd) + "," + fr(rs1) + rm;
            }
            case FX_RM -> {
                return n + " " + fr(rd) + "," + x(rs1) + rm;
            }
            case XF -> {
                return n + " " + x(rd) + "," + fr(rs1);
            }
            case FX -> {
                return n + " " + fr(rd) + "," + x(rs1);
            }
            case XFF -> {
                return n + " " + x(rd) + "," + fr(rs1) + "," + fr(rs2);
            }
            case CAP_XC -> {
                return n + " " + x(rd) + "," + c(rs1);
            }
            case CAP_XX -> {
                return n + " " + x(rd) + "," + x(rs1);
            }
            case CAP_CC -> {
                return n + " " + c(rd) + "," + c(rs1);
            }
            case CAP_CCX -> {
                return n + " " + c(rd) + "," + c(rs1) + "," + x(rs2);
            }
            case CAP_CCC -> {
                return n + " " + c(rd) + "," + c(rs1) + "," + c(rs2);
            }
            case CAP_XCC -> {
                return n + " " + x(rd) + "," + c(rs1) + "," + c(rs2);
            }
            case CAP_SCR -> {
                return n + " " + c(rd) + ",scr" + rs2 + "," + c(rs1);
            }
            case CAP_CCI, CAP_CCU -> {
                return n + " " + c(rd) + "," + c(rs1) + "," + imm;
            }
            case CAP_CLEAR -> {
                return n + " " + (imm >>> 8) + ",0x" + Long.toHexString(imm & 0xFF);
            }
            case CAP_CS -> {
                return n + " " + c(rs1) + "," + c(rs2);
            }
            case CAP_LOADX -> {
                int sel = d.op - Op.LOAD_EXPLICIT;
                boolean capDest = (sel & 0x17) == 0x17 || (sel & 0x17) == 0x14;
                return n + " " + (capDest ? c(rd) : x(rd)) + "," + ((sel & 8) != 0 ? c(rs1) : x(rs1));
            }
            case CAP_STOREX -> {
                int sel = d.op - Op.STORE_EXPLICIT;
                boolean capSrc = (sel & 7) == 4;
                return n + " " + (capSrc ? c(rs2) : x(rs2)) + "," + ((sel & 8) != 0 ? c(rs1) : x(rs1));
            }
            case CAP_LC -> {
                return n + " " + c(rd) + "," + imm + "(" + x(rs1) + ")";
            }
            case CAP_SC -> {
                return n + " " + c(rs2) + "," + imm + "(" + x(rs1) + ")";
            }
            case CAP_LR -> {
                return n + aqrl(d.raw) + " " + c(rd) + ",(" + x(rs1) + ")";
            }
            case CAP_AMO -> {
                return n + aqrl(d.raw) + " " + (d.op == Op.SC_C ? x(rd) : c(rd)) + "," + c(rs2) + ",(" + x(rs1) + ")";
            }
            default -> {
                return n;
            }
        }
    }

    private static String aqrl(int raw) {
        boolean aq = (raw >>> 26 & 1) != 0, rl = (raw >>> 25 & 1) != 0;
        return aq && rl ? ".aqrl" : aq ? ".aq" : rl ? ".rl" : "";
    }

    private static String iorw(int v) {
        StringBuilder sb = new StringBuilder();
        if ((v & 8) != 0) {
            sb.append('i');
        }
        if ((v & 4) != 0) {
            sb.append('o');
        }
        if ((v & 2) != 0) {
            sb.append('r');
        }
        if ((v & 1) != 0) {
            sb.append('w');
        }
        return sb.isEmpty() ? "0" : sb.toString();
    }

    /** The name of a CSR, or its number in hex (0x%03x) if it has none here. */
    public static String csrName(int csr) {
        String s = switch (csr) {
            case 0x001 -> "fflags";
            case 0x002 -> "frm";
            case 0x003 -> "fcsr";
            case 0xC00 -> "cycle";
            case 0xC01 -> "time";
            case 0xC02 -> "instret";
            case 0x100 -> "sstatus";
            case 0x105 -> "stvec";
            case 0x140 -> "sscratch";
            case 0x141 -> "sepc";
            case 0x142 -> "scause";
            case 0x143 -> "stval";
            case 0x180 -> "satp";
            case 0x300 -> "mstatus";
            case 0x301 -> "misa";
            case 0x302 -> "medeleg";
            case 0x303 -> "mideleg";
            case 0x304 -> "mie";
            case 0x305 -> "mtvec";
            case 0x306 -> "mcounteren";
            case 0x320 -> "mcountinhibit";
            case 0x340 -> "mscratch";
            case 0x341 -> "mepc";
            case 0x342 -> "mcause";
            case 0x343 -> "mtval";
            case 0x344 -> "mip";
            case 0xB00 -> "mcycle";
            case 0xB02 -> "minstret";
            case 0xF11 -> "mvendorid";
            case 0xF12 -> "marchid";
            case 0xF13 -> "mimpid";
            case 0xF14 -> "mhartid";
            case 0xF15 -> "mconfigptr";
            default -> null;
        };
        if (s != null) {
            return s;
        }
        if (csr >= 0x3A0 && csr <= 0x3AF) {
            return "pmpcfg" + (csr - 0x3A0);
        }
        if (csr >= 0x3B0 && csr <= 0x3EF) {
            return "pmpaddr" + (csr - 0x3B0);
        }
        if (csr >= 0xC03 && csr <= 0xC1F) {
            return "hpmcounter" + (csr - 0xC00);
        }
        if (csr >= 0xB03 && csr <= 0xB1F) {
            return "mhpmcounter" + (csr - 0xB00);
        }
        if (csr >= 0x323 && csr <= 0x33F) {
            return "mhpmevent" + (csr - 0x320);
        }
        return String.format("0x%03x", csr);
    }
}
