package org.cheriemu.emulator.cpu;

import java.util.ArrayList;
import java.util.List;

import org.cheriemu.emulator.cpu.Isa.CFormat;
import org.cheriemu.emulator.cpu.Isa.CInsn;
import org.cheriemu.emulator.cpu.Isa.Format;
import org.cheriemu.emulator.cpu.Isa.Insn;

/**
 * Decodes instruction words with the {@link Isa} table. Compressed instructions are expanded to
 * the base instruction they stand for (the interpreter knows only base opcodes).
 */
public final class Decoder {
    private Decoder() {
    }

    /** A decoded instruction (mutable so the decode cache fills it without allocating per slot). */
    public static final class Decoded {
        public int op;
        public int rd, rs1, rs2, rs3, rm;
        public long imm;
        /** Instruction length in bytes (2 or 4). */
        public int len;
        /** The instruction word (16 bits for compressed instructions). */
        public int raw;
        /** The compressed table row, or null for a 32-bit instruction. */
        public CInsn compressed;

        public Format format() {
            Insn in = Isa.insn(op);
            return in == null ? Format.NONE : in.format();
        }

        @Override
        public String toString() {
            return Isa.name(op) + " rd=" + rd + " rs1=" + rs1 + " rs2=" + rs2 + " imm=" + imm + " len=" + len;
        }
    }

    /** 32-bit rows grouped by major opcode (bits 6:2) so a lookup scans only a few rows. */
    @SuppressWarnings("unchecked")
    private static final Insn[][] BY_MAJOR = new Insn[32][];

    static {
        List<Insn>[] lists = new List[32];
        for (int m = 0; m < 32; m++) {
            lists[m] = new ArrayList<>();
        }
        for (Insn in : Isa.INSNS) {
            if ((in.mask() & 0x7f) != 0x7f) {
                throw new IllegalStateException("row without a fixed major opcode: " + in.name());
            }
            lists[(in.match() >>> 2) & 31].add(in);
        }
        for (int m = 0; m < 32; m++) {
            BY_MAJOR[m] = lists[m].toArray(new Insn[0]);
        }
    }

    /** Length in bytes of the instruction whose first 16-bit parcel is {@code lo}. */
    public static int length(int lo) {
        return (lo & 3) != 3 ? 2 : 4;
    }

    /** Decodes {@code word} (low 16 bits only, for compressed instructions) into {@code d}. */
    public static void decode(int word, Decoded d) {
        d.rd = d.rs1 = d.rs2 = d.rs3 = d.rm = 0;
        d.imm = 0;
        d.compressed = null;
        if ((word & 3) != 3) {
            d.len = 2;
            d.raw = word & 0xFFFF;
            decodeCompressed(word & 0xFFFF, d);
            return;
        }
        d.len = 4;
        d.raw = word;
        if ((word & 0x1F) == 0x1F) {          // 48-bit and longer encodings: none implemented
            d.op = Op.ILLEGAL;
            return;
        }
        Insn found = null;
        for (Insn in : BY_MAJOR[(word >>> 2) & 31]) {
            if ((word & in.mask()) == in.match()) {
                found = in;
                break;
            }
        }
        if (found == null && Isa.isLcAlt(word)) {
            found = Isa.insn(Op.LC);
        }
        if (found == null) {
            d.op = Op.ILLEGAL;
            return;
        }
        d.op = found.op();
        d.rd = (word >>> 7) & 31;
        d.rs1 = (word >>> 15) & 31;
        d.rs2 = (word >>> 20) & 31;
        d.rs3 = (word >>> 27) & 31;
        d.rm = (word >>> 12) & 7;
        switch (found.format()) {
            case I, LOAD, JALR, FLOAD, CAP_CCI, CAP_LC -> d.imm = word >> 20;
            case CAP_CCU -> d.imm = (word >>> 20) & 0xFFF;
            case CAP_CLEAR -> d.imm = ((d.rs1 >>> 3) & 3) << 8 | (d.rs1 & 7) << 5 | d.rd;
            case STORE, FSTORE, CAP_SC -> d.imm = ((word >> 25) << 5) | ((word >>> 7) & 31);
            case BRANCH -> d.imm = ((word >> 31) << 12) | (((word >>> 7) & 1) << 11)
                    | (((word >>> 25) & 0x3F) << 5) | (((word >>> 8) & 0xF) << 1);
            case U, UPC -> d.imm = word & 0xFFFFF000;
            case J -> d.imm = ((word >> 31) << 20) | (word & 0xFF000) | (((word >>> 20) & 1) << 11)
                    | (((word >>> 21) & 0x3FF) << 1);
            case SH6 -> d.imm = (word >>> 20) & 63;
            case SH5 -> d.imm = (word >>> 20) & 31;
            case CSR, CSRI, FENCE -> d.imm = word >>> 20;
            default -> {
            }
        }
    }

    private static void decodeCompressed(int h, Decoded d) {
        CInsn found = null;
        for (CInsn c : Isa.COMPRESSED) {
            if ((h & c.mask()) == c.match()) {
                found = c;
                break;
            }
        }
        if (found == null) {
            d.op = Op.ILLEGAL;
            return;
        }
        d.compressed = found;
        d.op = found.op();
        int rdFull = (h >>> 7) & 31;
        int rs2Full = (h >>> 2) & 31;
        int rdP = 8 + ((h >>> 2) & 7);
        int rs1P = 8 + ((h >>> 7) & 7);
        long ci = ((long) (((h >>> 12) & 1) << 5 | ((h >>> 2) & 31)) << 58) >> 58;
        boolean illegal = false;
        switch (found.format()) {
            case ADDI4SPN -> {
                int u = ((h >>> 7) & 0xF) << 6 | ((h >>> 11) & 3) << 4 | ((h >>> 5) & 1) << 3 | ((h >>> 6) & 1) << 2;
                d.rd = rdP;
                d.rs1 = 2;
                d.imm = u;
                illegal = u == 0;
            }
            case CL_W -> {
                d.rd = rdP;
                d.rs1 = rs1P;
                d.imm = ((h >>> 10) & 7) << 3 | ((h >>> 6) & 1) << 2 | ((h >>> 5) & 1) << 6;
            }
            case CL_D -> {
                d.rd = rdP;
                d.rs1 = rs1P;
                d.imm = ((h >>> 10) & 7) << 3 | ((h >>> 5) & 3) << 6;
            }
            case CS_W -> {
                d.rs2 = rdP;
                d.rs1 = rs1P;
                d.imm = ((h >>> 10) & 7) << 3 | ((h >>> 6) & 1) << 2 | ((h >>> 5) & 1) << 6;
            }
            case CS_D -> {
                d.rs2 = rdP;
                d.rs1 = rs1P;
                d.imm = ((h >>> 10) & 7) << 3 | ((h >>> 5) & 3) << 6;
            }
            case CI -> {
                d.rd = d.rs1 = rdFull;
                d.imm = ci;
            }
            case LI -> {
                d.rd = rdFull;
                d.imm = ci;
            }
            case CI_NZ_RD -> {
                d.rd = d.rs1 = rdFull;
                d.imm = ci;
                illegal = rdFull == 0;
            }
            case ADDI16SP -> {
                int v = ((h >>> 12) & 1) << 9 | ((h >>> 6) & 1) << 4 | ((h >>> 5) & 1) << 6
                        | ((h >>> 3) & 3) << 7 | ((h >>> 2) & 1) << 5;
                d.rd = d.rs1 = 2;
                d.imm = ((long) v << 54) >> 54;
                illegal = v == 0;
            }
            case LUI -> {
                d.rd = rdFull;
                d.imm = ci << 12;
                illegal = ci == 0;
            }
            case CB_SH -> {
                d.rd = d.rs1 = rs1P;
                d.imm = ((h >>> 12) & 1) << 5 | ((h >>> 2) & 31);
            }
            case CB_ANDI -> {
                d.rd = d.rs1 = rs1P;
                d.imm = ci;
            }
            case CA -> {
                d.rd = d.rs1 = rs1P;
                d.rs2 = rdP;
            }
            case CJ -> {
                int v = ((h >>> 12) & 1) << 11 | ((h >>> 11) & 1) << 4 | ((h >>> 9) & 3) << 8
                        | ((h >>> 8) & 1) << 10 | ((h >>> 7) & 1) << 6 | ((h >>> 6) & 1) << 7
                        | ((h >>> 3) & 7) << 1 | ((h >>> 2) & 1) << 5;
                d.imm = ((long) v << 52) >> 52;
            }
            case CB_BR -> {
                int v = ((h >>> 12) & 1) << 8 | ((h >>> 10) & 3) << 3 | ((h >>> 5) & 3) << 6
                        | ((h >>> 3) & 3) << 1 | ((h >>> 2) & 1) << 5;
                d.rs1 = rs1P;
                d.imm = ((long) v << 55) >> 55;
            }
            case CI_SLLI -> {
                d.rd = d.rs1 = rdFull;
                d.imm = ((h >>> 12) & 1) << 5 | ((h >>> 2) & 31);
            }
            case LWSP -> {
                d.rd = rdFull;
                d.rs1 = 2;
                d.imm = ((h >>> 12) & 1) << 5 | ((h >>> 4) & 7) << 2 | ((h >>> 2) & 3) << 6;
                illegal = rdFull == 0;
            }
            case LDSP -> {
                d.rd = rdFull;
                d.rs1 = 2;
                d.imm = ((h >>> 12) & 1) << 5 | ((h >>> 5) & 3) << 3 | ((h >>> 2) & 7) << 6;
                illegal = rdFull == 0 && found.op() == Op.LD;
            }
            case SWSP -> {
                d.rs2 = rs2Full;
                d.rs1 = 2;
                d.imm = ((h >>> 9) & 0xF) << 2 | ((h >>> 7) & 3) << 6;
            }
            case SDSP -> {
                d.rs2 = rs2Full;
                d.rs1 = 2;
                d.imm = ((h >>> 10) & 7) << 3 | ((h >>> 7) & 7) << 6;
            }
            case CR_JR -> {
                d.rs1 = rdFull;
                illegal = rdFull == 0;
            }
            case CR_MV -> {
                d.rd = rdFull;
                d.rs2 = rs2Full;
            }
            case CR_JALR -> {
                d.rd = 1;
                d.rs1 = rdFull;
            }
            case CR_ADD -> {
                d.rd = d.rs1 = rdFull;
                d.rs2 = rs2Full;
            }
            case CNONE -> {
            }
        }
        if (illegal) {
            d.op = Op.ILLEGAL;
        }
        // compressed floating-point loads/stores use the dynamic rounding field of nothing; rm unused
    }
}
