package org.cheriemu.emulator.oracle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Brings our disassembler's text (QEMU's spelling: pseudo-instructions, decimal immediates, no
 * spaces, {@code # 0x…} targets) and Capstone 5's (LLVM's spelling: {@code c.*} mnemonics for
 * compressed instructions, hex immediates above 9, CSR numbers in decimal, the field value for
 * {@code lui}) to one canonical form: the base instruction, every operand explicit, numbers in
 * decimal, CSRs by number. Two texts denote the same instruction iff their canonical forms are
 * equal.
 *
 * <p>This class is the one table of spelling differences. It only renames; it never hides a
 * difference in meaning. Everything it knows:
 * <ol>
 * <li>Capstone's compressed mnemonics ({@link #COMPRESSED}): each {@code c.x} is rewritten to the
 *     base instruction it expands to (RISC-V unprivileged spec, table 16.x "RVC instruction set
 *     listings"), as our decoder shows it.</li>
 * <li>Pseudo-instructions ({@link #alias}): both sides' aliases (nop, mv, li, not, neg, negw,
 *     sext.w, seqz, snez, sltz, sgtz, beqz, bnez, blez, bgez, bltz, bgtz, bgt, ble, bgtu, bleu,
 *     j, jal off, jr, jalr rs, ret, csrr, csrw, csrs, csrc, csrwi, csrsi, csrci, rdcycle,
 *     rdtime, rdinstret (and their -h forms), frcsr, fscsr, frrm, fsrm, frflags, fsflags,
 *     fsrmi, fsflagsi, fmv.s/d, fneg.s/d, fabs.s/d, fence with no operands, sfence.vma with fewer
 *     than two operands) become the base
 *     instruction.</li>
 * <li>Spelling of operands: numbers in any base become decimal; {@code lui}/{@code auipc}
 *     immediates become the 20-bit field (ours prints the shifted value, Capstone the field);
 *     CSR names become numbers ({@link #CSRS}); a rounding mode of {@code dyn} is dropped (ours
 *     omits it); an offset written {@code off(reg)} keeps both parts.</li>
 * </ol>
 */
public final class DisassemblyNormalizer {

    private DisassemblyNormalizer() {
    }

    /** Standard CSR names (privileged spec, "Currently allocated RISC-V CSR addresses") that either side prints. */
    static final Map<String, Integer> CSRS = csrTable();

    private static Map<String, Integer> csrTable() {
        HashMap<String, Integer> m = new HashMap<>();
        Object[] fixed = {
            "ustatus", 0x000, "fflags", 0x001, "frm", 0x002, "fcsr", 0x003, "uie", 0x004, "utvec", 0x005,
            "uscratch", 0x040, "uepc", 0x041, "ucause", 0x042, "utval", 0x043, "uip", 0x044,
            "cycle", 0xC00, "time", 0xC01, "instret", 0xC02, "cycleh", 0xC80, "timeh", 0xC81, "instreth", 0xC82,
            "sstatus", 0x100, "sedeleg", 0x102, "sideleg", 0x103, "sie", 0x104, "stvec", 0x105, "scounteren", 0x106,
            "senvcfg", 0x10A, "sscratch", 0x140, "sepc", 0x141, "scause", 0x142, "stval", 0x143, "sip", 0x144,
            "satp", 0x180, "scontext", 0x5A8,
            "hstatus", 0x600, "hedeleg", 0x602, "hideleg", 0x603, "hie", 0x604, "hcounteren", 0x606, "hgeie", 0x607,
            "htval", 0x643, "hip", 0x644, "hvip", 0x645, "htinst", 0x64A, "hgeip", 0xE12, "henvcfg", 0x60A,
            "hgatp", 0x680, "htimedelta", 0x605, "htimedeltah", 0x615,
            "vsstatus", 0x200, "vsie", 0x204, "vstvec", 0x205, "vsscratch", 0x240, "vsepc", 0x241, "vscause", 0x242,
            "vstval", 0x243, "vsip", 0x244, "vsatp", 0x280,
            "mvendorid", 0xF11, "marchid", 0xF12, "mimpid", 0xF13, "mhartid", 0xF14, "mconfigptr", 0xF15,
            "mstatus", 0x300, "misa", 0x301, "medeleg", 0x302, "mideleg", 0x303, "mie", 0x304, "mtvec", 0x305,
            "mcounteren", 0x306, "mstatush", 0x310, "menvcfg", 0x30A, "menvcfgh", 0x31A,
            "mscratch", 0x340, "mepc", 0x341, "mcause", 0x342, "mtval", 0x343, "mip", 0x344, "mtinst", 0x34A,
            "mtval2", 0x34B, "mseccfg", 0x747, "mseccfgh", 0x757,
            "mcycle", 0xB00, "minstret", 0xB02, "mcycleh", 0xB80, "minstreth", 0xB82, "mcountinhibit", 0x320,
            "tselect", 0x7A0, "tdata1", 0x7A1, "tdata2", 0x7A2, "tdata3", 0x7A3, "mcontext", 0x7A8,
            "dcsr", 0x7B0, "dpc", 0x7B1, "dscratch0", 0x7B2, "dscratch1", 0x7B3, "dscratch", 0x7B2,
        };
        for (int i = 0; i < fixed.length; i += 2) {
            m.put((String) fixed[i], (Integer) fixed[i + 1]);
        }
        for (int i = 3; i <= 31; i++) {
            m.put("hpmcounter" + i, 0xC00 + i);
            m.put("hpmcounter" + i + "h", 0xC80 + i);
            m.put("mhpmcounter" + i, 0xB00 + i);
            m.put("mhpmcounter" + i + "h", 0xB80 + i);
            m.put("mhpmevent" + i, 0x320 + i);
        }
        for (int i = 0; i < 16; i++) {
            m.put("pmpcfg" + i, 0x3A0 + i);
        }
        for (int i = 0; i < 64; i++) {
            m.put("pmpaddr" + i, 0x3B0 + i);
        }
        return Map.copyOf(m);
    }

    /**
     * Capstone's compressed mnemonics: the base mnemonic and how the base operands are built from
     * the c.x operands ({@code $0}, {@code $1}: c.x operands by position; anything else literal).
     */
    static final Map<String, String[]> COMPRESSED = Map.ofEntries(
            Map.entry("c.addi4spn", new String[] {"addi", "$0", "$1", "$2"}),
            Map.entry("c.fld", new String[] {"fld", "$0", "$1"}),
            Map.entry("c.lw", new String[] {"lw", "$0", "$1"}),
            Map.entry("c.ld", new String[] {"ld", "$0", "$1"}),
            Map.entry("c.fsd", new String[] {"fsd", "$0", "$1"}),
            Map.entry("c.sw", new String[] {"sw", "$0", "$1"}),
            Map.entry("c.sd", new String[] {"sd", "$0", "$1"}),
            Map.entry("c.nop", new String[] {"addi", "zero", "zero", "0"}),
            Map.entry("c.addi", new String[] {"addi", "$0", "$0", "$1"}),
            Map.entry("c.addiw", new String[] {"addiw", "$0", "$0", "$1"}),
            Map.entry("c.li", new String[] {"addi", "$0", "zero", "$1"}),
            Map.entry("c.addi16sp", new String[] {"addi", "sp", "sp", "$1"}),
            Map.entry("c.lui", new String[] {"lui", "$0", "$1"}),
            Map.entry("c.srli", new String[] {"srli", "$0", "$0", "$1"}),
            Map.entry("c.srai", new String[] {"srai", "$0", "$0", "$1"}),
            Map.entry("c.andi", new String[] {"andi", "$0", "$0", "$1"}),
            Map.entry("c.slli", new String[] {"slli", "$0", "$0", "$1"}),
            Map.entry("c.sub", new String[] {"sub", "$0", "$0", "$1"}),
            Map.entry("c.xor", new String[] {"xor", "$0", "$0", "$1"}),
            Map.entry("c.or", new String[] {"or", "$0", "$0", "$1"}),
            Map.entry("c.and", new String[] {"and", "$0", "$0", "$1"}),
            Map.entry("c.subw", new String[] {"subw", "$0", "$0", "$1"}),
            Map.entry("c.addw", new String[] {"addw", "$0", "$0", "$1"}),
            Map.entry("c.j", new String[] {"jal", "zero", "$0"}),
            Map.entry("c.beqz", new String[] {"beq", "$0", "zero", "$1"}),
            Map.entry("c.bnez", new String[] {"bne", "$0", "zero", "$1"}),
            Map.entry("c.fldsp", new String[] {"fld", "$0", "$1"}),
            Map.entry("c.lwsp", new String[] {"lw", "$0", "$1"}),
            Map.entry("c.ldsp", new String[] {"ld", "$0", "$1"}),
            Map.entry("c.fsdsp", new String[] {"fsd", "$0", "$1"}),
            Map.entry("c.swsp", new String[] {"sw", "$0", "$1"}),
            Map.entry("c.sdsp", new String[] {"sd", "$0", "$1"}),
            Map.entry("c.jr", new String[] {"jalr", "zero", "$0", "0"}),
            Map.entry("c.jalr", new String[] {"jalr", "ra", "$0", "0"}),
            Map.entry("c.mv", new String[] {"add", "$0", "zero", "$1"}),
            Map.entry("c.add", new String[] {"add", "$0", "$0", "$1"}),
            Map.entry("c.ebreak", new String[] {"ebreak"}),
            Map.entry("c.unimp", new String[] {"illegal"}));

    /**
     * Conversions that are always exact, so their rm field has no effect: Capstone 5 prints no
     * rounding mode for them (see {@link CapstoneCrossCheck.KnownDifference#EXACT_FCVT_RM}).
     */
    static final Set<String> EXACT_CONVERSIONS = Set.of("fcvt.d.w", "fcvt.d.wu", "fcvt.d.s");

    /** The canonical form of our disassembler's text. */
    public static String ours(String text) {
        return canonical(text, false);
    }

    /** The canonical form of Capstone's text ({@code mnemonic + " " + op_str}). */
    public static String capstone(String text) {
        return canonical(text, true);
    }

    private static String canonical(String text, boolean capstone) {
        String t = text.strip();
        int hash = t.indexOf('#');
        if (hash >= 0) {
            t = t.substring(0, hash).strip();
        }
        int sp = t.indexOf(' ');
        String mn = (sp < 0 ? t : t.substring(0, sp)).toLowerCase(Locale.ROOT);
        List<String> ops = new ArrayList<>();
        if (sp >= 0) {
            for (String o : t.substring(sp + 1).split(",")) {
                String s = o.strip();
                if (!s.isEmpty()) {
                    ops.add(s);
                }
            }
        }
        String[] expansion = COMPRESSED.get(mn);
        if (expansion != null) {
            mn = expansion[0];
            List<String> base = new ArrayList<>();
            for (int i = 1; i < expansion.length; i++) {
                String e = expansion[i];
                base.add(e.startsWith("$") ? ops.get(e.charAt(1) - '0') : e);
            }
            ops = base;
        }
        List<String> out = new ArrayList<>();
        mn = alias(mn, ops, out);
        for (int i = 0; i < out.size(); i++) {
            out.set(i, operand(mn, i, out.get(i)));
        }
        if (out.size() > 0 && out.get(out.size() - 1).equals("dyn") && mn.startsWith("f")) {
            out.remove(out.size() - 1);
        }
        if (EXACT_CONVERSIONS.contains(mn) && out.size() == 3) {
            out.remove(2);                  // Capstone never prints their rm (it has no effect)
        }
        if (mn.equals("lui") || mn.equals("auipc")) {
            long v = Long.parseLong(out.get(1));
            long field = capstone ? v & 0xFFFFF : (v >> 12) & 0xFFFFF;
            out.set(1, Long.toString(field));
        }
        return out.isEmpty() ? mn : mn + " " + String.join(",", out);
    }

    private static boolean isCsr(String mn) {
        return mn.startsWith("csrr");
    }

    private static String operand(String mn, int index, String op) {
        int paren = op.indexOf('(');
        if (paren > 0 && op.endsWith(")")) {
            return number(op.substring(0, paren)) + op.substring(paren);
        }
        if (isCsr(mn) && index == 1) {
            Integer csr = CSRS.get(op);
            if (csr != null) {
                return Integer.toString(csr);
            }
        }
        return number(op);
    }

    private static String number(String s) {
        String t = s;
        boolean neg = t.startsWith("-");
        if (neg) {
            t = t.substring(1);
        }
        try {
            long v = t.startsWith("0x") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseLong(t);
            return Long.toString(neg ? -v : v);
        } catch (NumberFormatException e) {
            return s;
        }
    }

    /** Rewrites a pseudo-instruction to its base instruction, filling {@code out}; returns the mnemonic. */
    static String alias(String mn, List<String> ops, List<String> out) {
        String[] o = ops.toArray(new String[0]);
        String[] r = switch (mn) {
            case "nop" -> new String[] {"addi", "zero", "zero", "0"};
            case "mv" -> new String[] {"addi", o[0], o[1], "0"};
            case "li" -> new String[] {"addi", o[0], "zero", o[1]};
            case "not" -> new String[] {"xori", o[0], o[1], "-1"};
            case "neg" -> new String[] {"sub", o[0], "zero", o[1]};
            case "negw" -> new String[] {"subw", o[0], "zero", o[1]};
            case "sext.w" -> new String[] {"addiw", o[0], o[1], "0"};
            case "seqz" -> new String[] {"sltiu", o[0], o[1], "1"};
            case "snez" -> new String[] {"sltu", o[0], "zero", o[1]};
            case "sltz" -> new String[] {"slt", o[0], o[1], "zero"};
            case "sgtz" -> new String[] {"slt", o[0], "zero", o[1]};
            case "beqz" -> new String[] {"beq", o[0], "zero", o[1]};
            case "bnez" -> new String[] {"bne", o[0], "zero", o[1]};
            case "blez" -> new String[] {"bge", "zero", o[0], o[1]};
            case "bgez" -> new String[] {"bge", o[0], "zero", o[1]};
            case "bltz" -> new String[] {"blt", o[0], "zero", o[1]};
            case "bgtz" -> new String[] {"blt", "zero", o[0], o[1]};
            case "bgt" -> new String[] {"blt", o[1], o[0], o[2]};
            case "ble" -> new String[] {"bge", o[1], o[0], o[2]};
            case "bgtu" -> new String[] {"bltu", o[1], o[0], o[2]};
            case "bleu" -> new String[] {"bgeu", o[1], o[0], o[2]};
            case "j" -> new String[] {"jal", "zero", o[0]};
            case "jal" -> o.length == 1 ? new String[] {"jal", "ra", o[0]} : null;
            case "jr" -> new String[] {"jalr", "zero", o[0], "0"};
            case "jalr" -> o.length == 1 ? new String[] {"jalr", "ra", o[0], "0"} : null;
            case "ret" -> new String[] {"jalr", "zero", "ra", "0"};
            case "csrr" -> new String[] {"csrrs", o[0], o[1], "zero"};
            case "csrw" -> new String[] {"csrrw", "zero", o[0], o[1]};
            case "csrs" -> new String[] {"csrrs", "zero", o[0], o[1]};
            case "csrc" -> new String[] {"csrrc", "zero", o[0], o[1]};
            case "csrwi" -> new String[] {"csrrwi", "zero", o[0], o[1]};
            case "csrsi" -> new String[] {"csrrsi", "zero", o[0], o[1]};
            case "csrci" -> new String[] {"csrrci", "zero", o[0], o[1]};
            case "rdcycle", "rdtime", "rdinstret", "rdcycleh", "rdtimeh", "rdinstreth" ->
                new String[] {"csrrs", o[0], mn.substring(2), "zero"};
            case "frcsr" -> new String[] {"csrrs", o[0], "fcsr", "zero"};
            case "frrm" -> new String[] {"csrrs", o[0], "frm", "zero"};
            case "frflags" -> new String[] {"csrrs", o[0], "fflags", "zero"};
            case "fscsr" -> o.length == 1 ? new String[] {"csrrw", "zero", "fcsr", o[0]}
                    : new String[] {"csrrw", o[0], "fcsr", o[1]};
            case "fsrm" -> o.length == 1 ? new String[] {"csrrw", "zero", "frm", o[0]}
                    : new String[] {"csrrw", o[0], "frm", o[1]};
            case "fsflags" -> o.length == 1 ? new String[] {"csrrw", "zero", "fflags", o[0]}
                    : new String[] {"csrrw", o[0], "fflags", o[1]};
            case "fsrmi" -> o.length == 1 ? new String[] {"csrrwi", "zero", "frm", o[0]}
                    : new String[] {"csrrwi", o[0], "frm", o[1]};
            case "fsflagsi" -> o.length == 1 ? new String[] {"csrrwi", "zero", "fflags", o[0]}
                    : new String[] {"csrrwi", o[0], "fflags", o[1]};
            case "fmv.s", "fmv.d" -> new String[] {"fsgnj" + mn.substring(3), o[0], o[1], o[1]};
            case "fneg.s", "fneg.d" -> new String[] {"fsgnjn" + mn.substring(4), o[0], o[1], o[1]};
            case "fabs.s", "fabs.d" -> new String[] {"fsgnjx" + mn.substring(4), o[0], o[1], o[1]};
            case "fence" -> o.length == 0 ? new String[] {"fence", "iorw", "iorw"} : null;
            case "sfence.vma" -> o.length == 0 ? new String[] {"sfence.vma", "zero", "zero"}
                    : o.length == 1 ? new String[] {"sfence.vma", o[0], "zero"} : null;
            default -> null;
        };
        if (r == null) {
            out.addAll(ops);
            return mn;
        }
        for (int i = 1; i < r.length; i++) {
            out.add(r[i]);
        }
        return r[0];
    }
}
