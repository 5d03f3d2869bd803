package org.cheriemu.emulator.oracle;

import java.util.EnumMap;
import java.util.Map;

import org.cheriemu.emulator.cpu.Decoder;
import org.cheriemu.emulator.cpu.Disassembler;
import org.cheriemu.emulator.cpu.Isa;
import org.cheriemu.emulator.cpu.Op;
import org.cheriemu.emulator.nativelib.Capstone;

/**
 * Cross-checks our decoder and disassembler against Capstone 5: for one instruction word, both
 * texts are brought to canonical form ({@link DisassemblyNormalizer}: spelling only) and must be
 * equal, unless the word falls under one of the {@link KnownDifference}s, each a documented case
 * where Capstone disagrees with the ISA specification (checked against a second source). Any
 * other difference is a {@link Mismatch}.
 */
public final class CapstoneCrossCheck implements AutoCloseable {

    /**
     * The one list of cases where Capstone 5 and our decoder disagree in meaning, with the
     * evidence that our side follows the specification. Nothing else may differ.
     */
    public enum KnownDifference {
        /**
         * RVC HINTs with rd = x0 (c.li, c.lui, c.mv, c.add, c.slli, and c.nop with a nonzero
         * immediate): the unprivileged spec (RVC chapter, "HINT Instructions", table of RVC
         * HINTs) makes them legal instructions that do nothing; Capstone 5 decodes none of them,
         * or shows c.nop without its immediate. Our decoder expands them like any other.
         */
        RVC_HINT_RD_ZERO,
        /**
         * C.LUI with nzimm = 0: "the code points with nzimm=0 are reserved" (RVC chapter);
         * Capstone 5 decodes it as {@code c.lui rd, 0}, our decoder as illegal.
         */
        RESERVED_C_LUI_ZERO,
        /**
         * Floating-point instructions with rm = 101 or 110: reserved rounding modes; the encoding
         * is the instruction, and executing it raises an illegal instruction exception (F
         * chapter, "Floating-Point Control and Status Register"), as QEMU does. Capstone 5 has
         * no instruction for them.
         */
        RESERVED_ROUNDING_MODE,
        /**
         * FCVT.D.W, FCVT.D.WU and FCVT.D.S with rm other than 000: the ISA gives them an rm field
         * (the conversion is exact, so it has no effect) and QEMU executes them with any valid
         * rm. Capstone 5, like binutils 2.40's objdump, decodes them only with rm = 000.
         */
        EXACT_FCVT_RM,
        /**
         * FENCE with nonzero fm, rs1 or rd, and FENCE.I with nonzero imm, rs1 or rd: the spec
         * reserves these fields "for future use" and has implementations ignore them
         * (Zifencei and RVWMO FENCE text); Capstone 5 decodes only the all-zero forms.
         */
        FENCE_RESERVED_FIELDS,
        /**
         * CSRs 0x3BD and 0x3BE: pmpaddrN is CSR 0x3B0 + N (privileged spec, CSR address table);
         * Capstone 5 names 0x3BD "pmpaddr14" and 0x3BE "pmpaddr13". GNU objdump 2.40 prints
         * {@code 3bd69573 csrrw a0,pmpaddr13,a3}, as we do.
         */
        PMPADDR_13_14_SWAPPED,
        /**
         * CHERI instructions (major opcode 0x5b, and LC/SC in the base opcode space, see
         * {@link CheriEncodings}): Capstone has no CHERI, so once our decoder reads these words as
         * CHERI instructions they are ours alone to check (against the QEMU-CHERI trace sample).
         */
        CHERI
    }

    /** A difference not explained by spelling or by a {@link KnownDifference}. */
    public record Mismatch(int word, String ours, String capstone, String oursCanonical, String capstoneCanonical) {
        @Override
        public String toString() {
            return String.format("%s: ours '%s' (%s) vs Capstone '%s' (%s)",
                    word >>> 16 == 0 && (word & 3) != 3 ? String.format("%04x", word) : String.format("%08x", word),
                    ours, oursCanonical, capstone, capstoneCanonical);
        }
    }

    private final Capstone capstone;
    private final Decoder.Decoded decoded = new Decoder.Decoded();
    private final Map<KnownDifference, Long> known = new EnumMap<>(KnownDifference.class);
    private long checked;
    private long agreedLegal;

    public CapstoneCrossCheck() {
        this.capstone = Capstone.open();
    }

    /** Words checked so far. */
    public long checked() {
        return checked;
    }

    /** Words both sides decoded to the same instruction (as opposed to both illegal). */
    public long agreedLegal() {
        return agreedLegal;
    }

    /** How often each known difference was met. */
    public Map<KnownDifference, Long> knownDifferences() {
        return Map.copyOf(known);
    }

    /**
     * Checks one word (the low 16 bits for a compressed instruction); returns null when both
     * agree or the difference is a known one.
     */
    public Mismatch check(int word) {
        checked++;
        boolean compressed = (word & 3) != 3;
        int w = compressed ? word & 0xFFFF : word;
        Decoder.decode(w, decoded);
        String ours = Disassembler.format(decoded, 0);
        Capstone.Insn cs = capstone.disassemble(w, 0);
        String cst = cs == null ? "illegal" : cs.text();
        String oc = DisassemblyNormalizer.ours(ours);
        String cc;
        if (isPmpaddr13or14(cs)) {
            cc = DisassemblyNormalizer.capstone(swapPmpaddr13and14(cst));
            if (oc.equals(cc)) {
                count(KnownDifference.PMPADDR_13_14_SWAPPED);
                return null;
            }
        }
        cc = DisassemblyNormalizer.capstone(cst);
        if (oc.equals(cc)) {
            if (!oc.equals("illegal")) {
                agreedLegal++;
            }
            return null;
        }
        KnownDifference k = classify(cs);
        if (k != null) {
            count(k);
            return null;
        }
        return new Mismatch(w, ours, cst, oc, cc);
    }

    private boolean isPmpaddr13or14(Capstone.Insn cs) {
        return cs != null && (cs.operands().contains("pmpaddr13") || cs.operands().contains("pmpaddr14"));
    }

    private static String swapPmpaddr13and14(String text) {
        return text.replace("pmpaddr13", "\0").replace("pmpaddr14", "pmpaddr13").replace("\0", "pmpaddr14");
    }

    private void count(KnownDifference k) {
        known.merge(k, 1L, Long::sum);
    }

    private KnownDifference classify(Capstone.Insn cs) {
        Decoder.Decoded d = decoded;
        boolean oursIllegal = d.op == Op.ILLEGAL;
        if (d.len == 2) {
            if (!oursIllegal && d.rd == 0 && (cs == null || cs.mnemonic().equals("c.nop"))) {
                return KnownDifference.RVC_HINT_RD_ZERO;
            }
            if (oursIllegal && cs != null && cs.mnemonic().equals("c.lui") && cs.operands().endsWith(", 0")) {
                return KnownDifference.RESERVED_C_LUI_ZERO;
            }
            return null;
        }
        if (cs != null || oursIllegal) {
            return null;
        }
        if (CheriEncodings.isCheri(d.raw)) {
            return KnownDifference.CHERI;
        }
        if (d.op >= Op.FIRST_FP && d.op <= Op.LAST_FP && hasRoundingMode(d) && (d.rm == 5 || d.rm == 6)) {
            return KnownDifference.RESERVED_ROUNDING_MODE;
        }
        if ((d.op == Op.FCVT_D_W || d.op == Op.FCVT_D_WU || d.op == Op.FCVT_D_S) && d.rm != 0) {
            return KnownDifference.EXACT_FCVT_RM;
        }
        if (d.op == Op.FENCE && (d.raw >>> 28 != 0 || d.rs1 != 0 || d.rd != 0)) {
            return KnownDifference.FENCE_RESERVED_FIELDS;
        }
        if (d.op == Op.FENCE_I && (d.raw >>> 20 != 0 || d.rs1 != 0 || d.rd != 0)) {
            return KnownDifference.FENCE_RESERVED_FIELDS;
        }
        return null;
    }

    private static boolean hasRoundingMode(Decoder.Decoded d) {
        return switch (d.format()) {
            case R4, FFF_RM, FF_RM, XF_RM, FX_RM -> true;
            default -> false;
        };
    }

    @Override
    public void close() {
        capstone.close();
    }

    /** Whether our decoder knows {@code op} (used by tests to make sure every row was exercised). */
    static boolean isKnownOp(int op) {
        return Isa.insn(op) != null;
    }
}
