package org.cheriemu.emulator.cpu;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The instruction set as data, in the manner of QEMU's decodetree: every RV64GC instruction is one
 * row (opcode number, mnemonic, operand format, bit pattern). The decoder, the disassembler and
 * the tests all read this table; nothing else knows an encoding.
 *
 * <p>Patterns are written most significant bit first, {@code 0}/{@code 1} for fixed bits and
 * {@code -} for operand bits; spaces are ignored. Compressed instructions are rows of
 * {@link #COMPRESSED}: a 16-bit pattern and the base instruction it expands to.
 */
public final class Isa {
    private Isa() {
    }

    /** How operands are laid out in an encoding and printed. */
    public enum Format {
        /** rd, rs1, rs2 (integer). */
        R(true),
        /** rd, rs1, imm[11:0]. */
        I(true),
        /** rd, rs1, shamt[5:0]. */
        SH6(true),
        /** rd, rs1, shamt[4:0]. */
        SH5(true),
        /** rd, imm(rs1). */
        LOAD(true),
        /** rs2, imm(rs1). */
        STORE(false),
        /** rs1, rs2, pc-relative offset. */
        BRANCH(false),
        /** rd, imm[31:12] (lui). */
        U(true),
        /** rd, imm[31:12] relative to pc (auipc). */
        UPC(true),
        /** rd, pc-relative offset (jal). */
        J(true),
        /** rd, rs1, imm (jalr). */
        JALR(true),
        /** rd, csr, rs1. */
        CSR(true),
        /** rd, csr, uimm[4:0] (in the rs1 field). */
        CSRI(true),
        /** no operands. */
        NONE(false),
        /** pred, succ. */
        FENCE(false),
        /** rs1, rs2 (sfence.vma). */
        RS1_RS2(false),
        /** rd, (rs1). */
        LR(true),
        /** rd, rs2, (rs1). */
        AMO(true),
        /** frd, imm(rs1). */
        FLOAD(false),
        /** frs2, imm(rs1). */
        FSTORE(false),
        /** frd, frs1, frs2, frs3, rm. */
        R4(false),
        /** frd, frs1, frs2, rm. */
        FFF_RM(false),
        /** frd, frs1, frs2. */
        FFF(false),
        /** frd, frs1, rm. */
        FF_RM(false),
        /** rd, frs1, rm (float to integer). */
        XF_RM(true),
        /** frd, rs1, rm (integer to float). */
        FX_RM(false),
        /** rd, frs1 (fmv.x.w, fclass). */
        XF(true),
        /** frd, rs1 (fmv.w.x). */
        FX(false),
        /** rd, frs1, frs2 (comparisons). */
        XFF(true),
        // ---- CHERI (register operands print as capability names where the operand is a capability)
        /** rd, cs1 (CGet*). */
        CAP_XC(true),
        /** rd, rs1 (CRRL, CRAM, JALR.PCC). */
        CAP_XX(true),
        /** cd, cs1. */
        CAP_CC(true),
        /** cd, cs1, rs2. */
        CAP_CCX(true),
        /** cd, cs1, cs2. */
        CAP_CCC(true),
        /** rd, cs1, cs2. */
        CAP_XCC(true),
        /** cd, scr (rs2 field), cs1. */
        CAP_SCR(true),
        /** cd, cs1, imm[11:0] sign-extended. */
        CAP_CCI(true),
        /** cd, cs1, uimm[11:0] zero-extended. */
        CAP_CCU(true),
        /** q, mask (CClear/FPClear; the decoded imm holds q << 8 | mask). */
        CAP_CLEAR(false),
        /** cs1, cs2 (CInvoke). */
        CAP_CS(false),
        /** rd or cd, rs1 or cs1 (explicit-address loads). */
        CAP_LOADX(true),
        /** rs2 or cs2, rs1 or cs1 (explicit-address stores; store-conditionals write rs2). */
        CAP_STOREX(false),
        /** cd, imm(rs1) (LC). */
        CAP_LC(true),
        /** cs2, imm(rs1) (SC). */
        CAP_SC(false),
        /** cd, (rs1) (LR.C). */
        CAP_LR(true),
        /** rd or cd, cs2, (rs1) (SC.C, AMOSWAP.C). */
        CAP_AMO(true);

        /** True if rd names an integer register (written through the x0 sink when 0). */
        public final boolean rdIsX;

        Format(boolean rdIsX) {
            this.rdIsX = rdIsX;
        }
    }

    /** One 32-bit instruction: {@code (word & mask) == match}. */
    public record Insn(int op, String name, Format format, int mask, int match) {
    }

    /** Kinds of compressed encodings: how fields are extracted and what they expand to. */
    public enum CFormat {
        ADDI4SPN, CL_W, CL_D, CS_W, CS_D, CI, LI, CI_NZ_RD, ADDI16SP, LUI, CB_SH, CB_ANDI, CA, CJ, CB_BR,
        CI_SLLI, LWSP, LDSP, SWSP, SDSP, CR_JR, CR_MV, CR_JALR, CR_ADD, CNONE
    }

    /** One compressed instruction and the base opcode it expands to. */
    public record CInsn(String name, int op, CFormat format, int mask, int match) {
    }

    public static final List<Insn> INSNS;
    public static final List<CInsn> COMPRESSED;
    private static final Insn[] BY_OP = new Insn[Op.COUNT];

    private static int[] pattern(String bits, int width) {
        String p = bits.replace(" ", "");
        if (p.length() != width) {
            throw new IllegalStateException("pattern " + bits + " is not " + width + " bits");
        }
        int mask = 0, match = 0;
        for (int i = 0; i < width; i++) {
            char c = p.charAt(i);
            int bit = 1 << (width - 1 - i);
            if (c == '0' || c == '1') {
                mask |= bit;
                if (c == '1') {
                    match |= bit;
                }
            } else if (c != '-') {
                throw new IllegalStateException("bad pattern character in " + bits);
            }
        }
        return new int[] {mask, match};
    }

    private static void i(List<Insn> l, int op, String name, Format f, String bits) {
        int[] mm = pattern(bits, 32);
        l.add(new Insn(op, name, f, mm[0], mm[1]));
    }

    private static void c(List<CInsn> l, String name, int op, CFormat f, String bits) {
        int[] mm = pattern(bits, 16);
        l.add(new CInsn(name, op, f, mm[0], mm[1]));
    }

    static {
        List<Insn> l = new ArrayList<>();
        // RV64I
        i(l, Op.LUI, "lui", Format.U, "------------------------- 0110111");
        i(l, Op.AUIPC, "auipc", Format.UPC, "------------------------- 0010111");
        i(l, Op.JAL, "jal", Format.J, "------------------------- 1101111");
        i(l, Op.JALR, "jalr", Format.JALR, "------------ ----- 000 ----- 1100111");
        String[] br = {"beq", "bne", null, null, "blt", "bge", "bltu", "bgeu"};
        int[] brOp = {Op.BEQ, Op.BNE, 0, 0, Op.BLT, Op.BGE, Op.BLTU, Op.BGEU};
        for (int f3 = 0; f3 < 8; f3++) {
            if (br[f3] != null) {
                i(l, brOp[f3], br[f3], Format.BRANCH, "------- ----- ----- " + f3(f3) + " ----- 1100011");
            }
        }
        String[] ld = {"lb", "lh", "lw", "ld", "lbu", "lhu", "lwu"};
        int[] ldOp = {Op.LB, Op.LH, Op.LW, Op.LD, Op.LBU, Op.LHU, Op.LWU};
        for (int f3 = 0; f3 < 7; f3++) {
            i(l, ldOp[f3], ld[f3], Format.LOAD, "------------ ----- " + f3(f3) + " ----- 0000011");
        }
        String[] st = {"sb", "sh", "sw", "sd"};
        int[] stOp = {Op.SB, Op.SH, Op.SW, Op.SD};
        for (int f3 = 0; f3 < 4; f3++) {
            i(l, stOp[f3], st[f3], Format.STORE, "------- ----- ----- " + f3(f3) + " ----- 0100011");
        }
        i(l, Op.ADDI, "addi", Format.I, "------------ ----- 000 ----- 0010011");
        i(l, Op.SLTI, "slti", Format.I, "------------ ----- 010 ----- 0010011");
        i(l, Op.SLTIU, "sltiu", Format.I, "------------ ----- 011 ----- 0010011");
        i(l, Op.XORI, "xori", Format.I, "------------ ----- 100 ----- 0010011");
        i(l, Op.ORI, "ori", Format.I, "------------ ----- 110 ----- 0010011");
        i(l, Op.ANDI, "andi", Format.I, "------------ ----- 111 ----- 0010011");
        i(l, Op.SLLI, "slli", Format.SH6, "000000 ------ ----- 001 ----- 0010011");
        i(l, Op.SRLI, "srli", Format.SH6, "000000 ------ ----- 101 ----- 0010011");
        i(l, Op.SRAI, "srai", Format.SH6, "010000 ------ ----- 101 ----- 0010011");
        String[] alu = {"add", "sll", "slt", "sltu", "xor", "srl", "or", "and"};
        int[] aluOp = {Op.ADD, Op.SLL, Op.SLT, Op.SLTU, Op.XOR, Op.SRL, Op.OR, Op.AND};
        for (int f3 = 0; f3 < 8; f3++) {
            i(l, aluOp[f3], alu[f3], Format.R, "0000000 ----- ----- " + f3(f3) + " ----- 0110011");
        }
        i(l, Op.SUB, "sub", Format.R, "0100000 ----- ----- 000 ----- 0110011");
        i(l, Op.SRA, "sra", Format.R, "0100000 ----- ----- 101 ----- 0110011");
        i(l, Op.ADDIW, "addiw", Format.I, "------------ ----- 000 ----- 0011011");
        i(l, Op.SLLIW, "slliw", Format.SH5, "0000000 ----- ----- 001 ----- 0011011");
        i(l, Op.SRLIW, "srliw", Format.SH5, "0000000 ----- ----- 101 ----- 0011011");
        i(l, Op.SRAIW, "sraiw", Format.SH5, "0100000 ----- ----- 101 ----- 0011011");
        i(l, Op.ADDW, "addw", Format.R, "0000000 ----- ----- 000 ----- 0111011");
        i(l, Op.SUBW, "subw", Format.R, "0100000 ----- ----- 000 ----- 0111011");
        i(l, Op.SLLW, "sllw", Format.R, "0000000 ----- ----- 001 ----- 0111011");
        i(l, Op.SRLW, "srlw", Format.R, "0000000 ----- ----- 101 ----- 0111011");
        i(l, Op.SRAW, "sraw", Format.R, "0100000 ----- ----- 101 ----- 0111011");
        // M
        String[] m = {"mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu"};
        int[] mOp = {Op.MUL, Op.MULH, Op.MULHSU, Op.MULHU, Op.DIV, Op.DIVU, Op.REM, Op.REMU};
        for (int f3 = 0; f3 < 8; f3++) {
            i(l, mOp[f3], m[f3], Format.R, "0000001 ----- ----- " + f3(f3) + " ----- 0110011");
        }
        i(l, Op.MULW, "mulw", Format.R, "0000001 ----- ----- 000 ----- 0111011");
        i(l, Op.DIVW, "divw", Format.R, "0000001 ----- ----- 100 ----- 0111011");
        i(l, Op.DIVUW, "divuw", Format.R, "0000001 ----- ----- 101 ----- 0111011");
        i(l, Op.REMW, "remw", Format.R, "0000001 ----- ----- 110 ----- 0111011");
        i(l, Op.REMUW, "remuw", Format.R, "0000001 ----- ----- 111 ----- 0111011");
        // System
        i(l, Op.FENCE, "fence", Format.FENCE, "------------ ----- 000 ----- 0001111");
        i(l, Op.FENCE_I, "fence.i", Format.NONE, "------------ ----- 001 ----- 0001111");
        i(l, Op.ECALL, "ecall", Format.NONE, "000000000000 00000 000 00000 1110011");
        i(l, Op.EBREAK, "ebreak", Format.NONE, "000000000001 00000 000 00000 1110011");
        i(l, Op.SRET, "sret", Format.NONE, "000100000010 00000 000 00000 1110011");
        i(l, Op.MRET, "mret", Format.NONE, "001100000010 00000 000 00000 1110011");
        i(l, Op.WFI, "wfi", Format.NONE, "000100000101 00000 000 00000 1110011");
        i(l, Op.SFENCE_VMA, "sfence.vma", Format.RS1_RS2, "0001001 ----- ----- 000 00000 1110011");
        i(l, Op.CSRRW, "csrrw", Format.CSR, "------------ ----- 001 ----- 1110011");
        i(l, Op.CSRRS, "csrrs", Format.CSR, "------------ ----- 010 ----- 1110011");
        i(l, Op.CSRRC, "csrrc", Format.CSR, "------------ ----- 011 ----- 1110011");
        i(l, Op.CSRRWI, "csrrwi", Format.CSRI, "------------ ----- 101 ----- 1110011");
        i(l, Op.CSRRSI, "csrrsi", Format.CSRI, "------------ ----- 110 ----- 1110011");
        i(l, Op.CSRRCI, "csrrci", Format.CSRI, "------------ ----- 111 ----- 1110011");
        // A
        String[] amo = {"amoadd", "amoswap", null, null, "amoxor", null, null, null, "amoor", null, null, null,
            "amoand", null, null, null, "amomin", null, null, null, "amomax", null, null, null, "amominu", null,
            null, null, "amomaxu"};
        int[] amoW = {Op.AMOADD_W, Op.AMOSWAP_W, 0, 0, Op.AMOXOR_W, 0, 0, 0, Op.AMOOR_W, 0, 0, 0, Op.AMOAND_W,
            0, 0, 0, Op.AMOMIN_W, 0, 0, 0, Op.AMOMAX_W, 0, 0, 0, Op.AMOMINU_W, 0, 0, 0, Op.AMOMAXU_W};
        int[] amoD = {Op.AMOADD_D, Op.AMOSWAP_D, 0, 0, Op.AMOXOR_D, 0, 0, 0, Op.AMOOR_D, 0, 0, 0, Op.AMOAND_D,
            0, 0, 0, Op.AMOMIN_D, 0, 0, 0, Op.AMOMAX_D, 0, 0, 0, Op.AMOMINU_D, 0, 0, 0, Op.AMOMAXU_D};
        i(l, Op.LR_W, "lr.w", Format.LR, "00010 -- 00000 ----- 010 ----- 0101111");
        i(l, Op.SC_W, "sc.w", Format.AMO, "00011 -- ----- ----- 010 ----- 0101111");
        i(l, Op.LR_D, "lr.d", Format.LR, "00010 -- 00000 ----- 011 ----- 0101111");
        i(l, Op.SC_D, "sc.d", Format.AMO, "00011 -- ----- ----- 011 ----- 0101111");
        for (int f5 = 0; f5 < amo.length; f5++) {
            if (amo[f5] != null) {
                String f = bin(f5, 5);
                i(l, amoW[f5], amo[f5] + ".w", Format.AMO, f + " -- ----- ----- 010 ----- 0101111");
                i(l, amoD[f5], amo[f5] + ".d", Format.AMO, f + " -- ----- ----- 011 ----- 0101111");
            }
        }
        // F and D
        i(l, Op.FLW, "flw", Format.FLOAD, "------------ ----- 010 ----- 0000111");
        i(l, Op.FLD, "fld", Format.FLOAD, "------------ ----- 011 ----- 0000111");
        i(l, Op.FSW, "fsw", Format.FSTORE, "------- ----- ----- 010 ----- 0100111");
        i(l, Op.FSD, "fsd", Format.FSTORE, "------- ----- ----- 011 ----- 0100111");
        for (int d = 0; d < 2; d++) {
            String s = d == 0 ? ".s" : ".d";
            String fmt = d == 0 ? "00" : "01";
            int o = d == 0 ? 0 : Op.FMADD_D - Op.FMADD_S;
            i(l, Op.FMADD_S + o, "fmadd" + s, Format.R4, "----- " + fmt + " ----- ----- --- ----- 1000011");
            i(l, Op.FMSUB_S + o, "fmsub" + s, Format.R4, "----- " + fmt + " ----- ----- --- ----- 1000111");
            i(l, Op.FNMSUB_S + o, "fnmsub" + s, Format.R4, "----- " + fmt + " ----- ----- --- ----- 1001011");
            i(l, Op.FNMADD_S + o, "fnmadd" + s, Format.R4, "----- " + fmt + " ----- ----- --- ----- 1001111");
            i(l, Op.FADD_S + o, "fadd" + s, Format.FFF_RM, "00000" + fmt + " ----- ----- --- ----- 1010011");
            i(l, Op.FSUB_S + o, "fsub" + s, Format.FFF_RM, "00001" + fmt + " ----- ----- --- ----- 1010011");
            i(l, Op.FMUL_S + o, "fmul" + s, Format.FFF_RM, "00010" + fmt + " ----- ----- --- ----- 1010011");
            i(l, Op.FDIV_S + o, "fdiv" + s, Format.FFF_RM, "00011" + fmt + " ----- ----- --- ----- 1010011");
            i(l, Op.FSQRT_S + o, "fsqrt" + s, Format.FF_RM, "01011" + fmt + " 00000 ----- --- ----- 1010011");
            i(l, Op.FSGNJ_S + o, "fsgnj" + s, Format.FFF, "00100" + fmt + " ----- ----- 000 ----- 1010011");
            i(l, Op.FSGNJN_S + o, "fsgnjn" + s, Format.FFF, "00100" + fmt + " ----- ----- 001 ----- 1010011");
            i(l, Op.FSGNJX_S + o, "fsgnjx" + s, Format.FFF, "00100" + fmt + " ----- ----- 010 ----- 1010011");
            i(l, Op.FMIN_S + o, "fmin" + s, Format.FFF, "00101" + fmt + " ----- ----- 000 ----- 1010011");
            i(l, Op.FMAX_S + o, "fmax" + s, Format.FFF, "00101" + fmt + " ----- ----- 001 ----- 1010011");
            i(l, Op.FEQ_S + o, "feq" + s, Format.XFF, "10100" + fmt + " ----- ----- 010 ----- 1010011");
            i(l, Op.FLT_S + o, "flt" + s, Format.XFF, "10100" + fmt + " ----- ----- 001 ----- 1010011");
            i(l, Op.FLE_S + o, "fle" + s, Format.XFF, "10100" + fmt + " ----- ----- 000 ----- 1010011");
            i(l, Op.FCLASS_S + o, "fclass" + s, Format.XF, "11100" + fmt + " 00000 ----- 001 ----- 1010011");
            i(l, Op.FCVT_W_S + o, "fcvt.w" + s, Format.XF_RM, "11000" + fmt + " 00000 ----- --- ----- 1010011");
            i(l, Op.FCVT_WU_S + o, "fcvt.wu" + s, Format.XF_RM, "11000" + fmt + " 00001 ----- --- ----- 1010011");
            i(l, Op.FCVT_L_S + o, "fcvt.l" + s, Format.XF_RM, "11000" + fmt + " 00010 ----- --- ----- 1010011");
            i(l, Op.FCVT_LU_S + o, "fcvt.lu" + s, Format.XF_RM, "11000" + fmt + " 00011 ----- --- ----- 1010011");
            i(l, Op.FCVT_S_W + o, "fcvt" + s + ".w", Format.FX_RM, "11010" + fmt + " 00000 ----- --- ----- 1010011");
            i(l, Op.FCVT_S_WU + o, "fcvt" + s + ".wu", Format.FX_RM, "11010" + fmt + " 00001 ----- --- ----- 1010011");
            i(l, Op.FCVT_S_L + o, "fcvt" + s + ".l", Format.FX_RM, "11010" + fmt + " 00010 ----- --- ----- 1010011");
            i(l, Op.FCVT_S_LU + o, "fcvt" + s + ".lu", Format.FX_RM, "11010" + fmt + " 00011 ----- --- ----- 1010011");
        }
        i(l, Op.FMV_X_W, "fmv.x.w", Format.XF, "1110000 00000 ----- 000 ----- 1010011");
        i(l, Op.FMV_W_X, "fmv.w.x", Format.FX, "1111000 00000 ----- 000 ----- 1010011");
        i(l, Op.FMV_X_D, "fmv.x.d", Format.XF, "1110001 00000 ----- 000 ----- 1010011");
        i(l, Op.FMV_D_X, "fmv.d.x", Format.FX, "1111001 00000 ----- 000 ----- 1010011");
        i(l, Op.FCVT_S_D, "fcvt.s.d", Format.FF_RM, "0100000 00001 ----- --- ----- 1010011");
        i(l, Op.FCVT_D_S, "fcvt.d.s", Format.FF_RM, "0100001 00000 ----- --- ----- 1010011");
        cheri(l);
        INSNS = Collections.unmodifiableList(l);
        for (Insn in : l) {
            if (BY_OP[in.op()] != null) {
                throw new IllegalStateException("opcode " + in.op() + " defined twice: " + in.name());
            }
            BY_OP[in.op()] = in;
        }

        List<CInsn> cl = new ArrayList<>();
        // Quadrant 0. Order matters: more specific rows first.
        c(cl, "c.illegal", Op.ILLEGAL, CFormat.CNONE, "000 0 00000 00000 00");
        c(cl, "c.addi4spn", Op.ADDI, CFormat.ADDI4SPN, "000 - ----- ----- 00");
        c(cl, "c.fld", Op.FLD, CFormat.CL_D, "001 - ----- ----- 00");
        c(cl, "c.lw", Op.LW, CFormat.CL_W, "010 - ----- ----- 00");
        c(cl, "c.ld", Op.LD, CFormat.CL_D, "011 - ----- ----- 00");
        c(cl, "c.fsd", Op.FSD, CFormat.CS_D, "101 - ----- ----- 00");
        c(cl, "c.sw", Op.SW, CFormat.CS_W, "110 - ----- ----- 00");
        c(cl, "c.sd", Op.SD, CFormat.CS_D, "111 - ----- ----- 00");
        // Quadrant 1
        c(cl, "c.addi", Op.ADDI, CFormat.CI, "000 - ----- ----- 01");
        c(cl, "c.addiw", Op.ADDIW, CFormat.CI_NZ_RD, "001 - ----- ----- 01");
        c(cl, "c.li", Op.ADDI, CFormat.LI, "010 - ----- ----- 01");
        c(cl, "c.addi16sp", Op.ADDI, CFormat.ADDI16SP, "011 - 00010 ----- 01");
        c(cl, "c.lui", Op.LUI, CFormat.LUI, "011 - ----- ----- 01");
        c(cl, "c.srli", Op.SRLI, CFormat.CB_SH, "100 - 00 --- ----- 01");
        c(cl, "c.srai", Op.SRAI, CFormat.CB_SH, "100 - 01 --- ----- 01");
        c(cl, "c.andi", Op.ANDI, CFormat.CB_ANDI, "100 - 10 --- ----- 01");
        c(cl, "c.sub", Op.SUB, CFormat.CA, "100 0 11 --- 00 --- 01");
        c(cl, "c.xor", Op.XOR, CFormat.CA, "100 0 11 --- 01 --- 01");
        c(cl, "c.or", Op.OR, CFormat.CA, "100 0 11 --- 10 --- 01");
        c(cl, "c.and", Op.AND, CFormat.CA, "100 0 11 --- 11 --- 01");
        c(cl, "c.subw", Op.SUBW, CFormat.CA, "100 1 11 --- 00 --- 01");
        c(cl, "c.addw", Op.ADDW, CFormat.CA, "100 1 11 --- 01 --- 01");
        c(cl, "c.j", Op.JAL, CFormat.CJ, "101 - ----- ----- 01");
        c(cl, "c.beqz", Op.BEQ, CFormat.CB_BR, "110 - ----- ----- 01");
        c(cl, "c.bnez", Op.BNE, CFormat.CB_BR, "111 - ----- ----- 01");
        // Quadrant 2
        c(cl, "c.slli", Op.SLLI, CFormat.CI_SLLI, "000 - ----- ----- 10");
        c(cl, "c.fldsp", Op.FLD, CFormat.LDSP, "001 - ----- ----- 10");
        c(cl, "c.lwsp", Op.LW, CFormat.LWSP, "010 - ----- ----- 10");
        c(cl, "c.ldsp", Op.LD, CFormat.LDSP, "011 - ----- ----- 10");
        c(cl, "c.ebreak", Op.EBREAK, CFormat.CNONE, "100 1 00000 00000 10");
        c(cl, "c.jr", Op.JALR, CFormat.CR_JR, "100 0 ----- 00000 10");
        c(cl, "c.mv", Op.ADD, CFormat.CR_MV, "100 0 ----- ----- 10");
        c(cl, "c.jalr", Op.JALR, CFormat.CR_JALR, "100 1 ----- 00000 10");
        c(cl, "c.add", Op.ADD, CFormat.CR_ADD, "100 1 ----- ----- 10");
        c(cl, "c.fsdsp", Op.FSD, CFormat.SDSP, "101 - ----- ----- 10");
        c(cl, "c.swsp", Op.SW, CFormat.SWSP, "110 - ----- ----- 10");
        c(cl, "c.sdsp", Op.SD, CFormat.SDSP, "111 - ----- ----- 10");
        COMPRESSED = Collections.unmodifiableList(cl);
    }

    /** The CHERI ISAv9 rows (reference §3.2–§3.7); names in QEMU-CHERI's disassembler spelling. */
    private static void cheri(List<Insn> l) {
        // §3.2: funct7 0x7F, selector in rs2
        String[] sel = {"cgetperm", "cgettype", "cgetbase", "cgetlen", "cgettag", "cgetsealed", "cgetoffset",
            "cgetflags", "crrl", "cram", "cmove", "ccleartag", "jalr.cap", null, "cclear", "cgetaddr", "fpclear",
            "csealentry", "cloadtags", null, "jalr.pcc", null, null, "cgethigh", "cgettop"};
        int[] selOp = {Op.CGETPERM, Op.CGETTYPE, Op.CGETBASE, Op.CGETLEN, Op.CGETTAG, Op.CGETSEALED, Op.CGETOFFSET,
            Op.CGETFLAGS, Op.CRRL, Op.CRAM, Op.CMOVE, Op.CCLEARTAG, Op.JALR_CAP, 0, Op.CCLEAR, Op.CGETADDR,
            Op.FPCLEAR, Op.CSEALENTRY, Op.CLOADTAGS, 0, Op.JALR_PCC, 0, 0, Op.CGETHIGH, Op.CGETTOP};
        for (int k = 0; k < sel.length; k++) {
            if (sel[k] == null) {
                continue;
            }
            int o = selOp[k];
            Format f = switch (o) {
                case Op.CRRL, Op.CRAM, Op.JALR_PCC -> Format.CAP_XX;
                case Op.CMOVE, Op.CCLEARTAG, Op.JALR_CAP, Op.CSEALENTRY -> Format.CAP_CC;
                case Op.CCLEAR, Op.FPCLEAR -> Format.CAP_CLEAR;
                default -> Format.CAP_XC;
            };
            String pat = o == Op.CCLEAR || o == Op.FPCLEAR
                    ? "1111111 " + bin(k, 5) + " ----- 000 ----- 1011011"
                    : "1111111 " + bin(k, 5) + " ----- 000 ----- 1011011";
            i(l, o, sel[k], f, pat);
        }
        // §3.3
        i(l, Op.CINVOKE, "cinvoke", Format.CAP_CS, "1111110 ----- ----- 000 00001 1011011");
        // §3.4
        Object[][] three = {
            {Op.CSPECIALRW, "cspecialrw", 0x01, Format.CAP_SCR},
            {Op.CSETBOUNDS, "csetbounds", 0x08, Format.CAP_CCX},
            {Op.CSETBOUNDSEXACT, "csetboundsexact", 0x09, Format.CAP_CCX},
            {Op.CSEAL, "cseal", 0x0B, Format.CAP_CCC},
            {Op.CUNSEAL, "cunseal", 0x0C, Format.CAP_CCC},
            {Op.CANDPERM, "candperm", 0x0D, Format.CAP_CCX},
            {Op.CSETFLAGS, "csetflags", 0x0E, Format.CAP_CCX},
            {Op.CSETOFFSET, "csetoffset", 0x0F, Format.CAP_CCX},
            {Op.CSETADDR, "csetaddr", 0x10, Format.CAP_CCX},
            {Op.CINCOFFSET, "cincoffset", 0x11, Format.CAP_CCX},
            {Op.CTOPTR, "ctoptr", 0x12, Format.CAP_XCC},
            {Op.CFROMPTR, "cfromptr", 0x13, Format.CAP_CCX},
            {Op.CSUB, "csub", 0x14, Format.CAP_XCC},
            {Op.CSETHIGH, "csethigh", 0x16, Format.CAP_CCX},
            {Op.CBUILDCAP, "cbuildcap", 0x1D, Format.CAP_CCC},
            {Op.CCOPYTYPE, "ccopytype", 0x1E, Format.CAP_CCC},
            {Op.CCSEAL, "ccseal", 0x1F, Format.CAP_CCC},
            {Op.CTESTSUBSET, "ctestsubset", 0x20, Format.CAP_XCC},
            {Op.CSETEQUALEXACT, "csetequalexact", 0x21, Format.CAP_XCC},
        };
        for (Object[] r : three) {
            i(l, (Integer) r[0], (String) r[1], (Format) r[3], bin((Integer) r[2], 7) + " ----- ----- 000 ----- 1011011");
        }
        // §3.1 immediate forms: QEMU-CHERI prints both with the register-form mnemonic
        // ("csetbounds ct0,ct0,16" in the reference log)
        i(l, Op.CINCOFFSETIMM, "cincoffset", Format.CAP_CCI, "------------ ----- 001 ----- 1011011");
        i(l, Op.CSETBOUNDSIMM, "csetbounds", Format.CAP_CCU, "------------ ----- 010 ----- 1011011");
        // §3.6 explicit-address loads (0x7D, selector in rs2) and stores (0x7C, selector in rd)
        String[] sz = {"b", "h", "w", "d"};
        for (int s = 0; s < 32; s++) {
            String via = (s & 8) != 0 ? ".cap" : ".ddc";
            String name = null;
            if ((s & 0x10) == 0) {
                if ((s & 7) < 7) {
                    name = "l" + ((s & 4) != 0 ? sz[s & 3] + "u" : sz[s & 3]) + via;
                    if ((s & 7) == 7) {
                        name = null;
                    }
                }
            } else if ((s & 7) <= 4) {
                name = "lr." + ((s & 7) == 4 ? "c" : sz[s & 3]) + via;
            } else if ((s & 7) == 7) {
                name = "lc" + via;
            }
            if (name != null) {
                i(l, Op.LOAD_EXPLICIT + s, name, Format.CAP_LOADX, "1111101 " + bin(s, 5) + " ----- 000 ----- 1011011");
            }
        }
        for (int s = 0; s < 32; s++) {
            String via = (s & 8) != 0 ? ".cap" : ".ddc";
            String name = null;
            if ((s & 0x10) == 0) {
                if ((s & 7) < 4) {
                    name = "s" + sz[s & 3] + via;
                } else if ((s & 7) == 4) {
                    name = "sc" + via;
                }
            } else if ((s & 7) <= 4) {
                name = "sc." + ((s & 7) == 4 ? "c" : sz[s & 3]) + via;
            }
            if (name != null) {
                i(l, Op.STORE_EXPLICIT + s, name, Format.CAP_STOREX, "1111100 ----- ----- 000 " + bin(s, 5) + " 1011011");
            }
        }
        // §3.7: LC (RV128 LQ, MISC-MEM funct3 010; QEMU also accepts funct3 100, see isLcAlt), SC (SQ),
        // and the capability AMOs (funct3 100)
        i(l, Op.LC, "lc", Format.CAP_LC, "------------ ----- 010 ----- 0001111");
        i(l, Op.SC, "sc", Format.CAP_SC, "------- ----- ----- 100 ----- 0100011");
        i(l, Op.LR_C, "lr.c", Format.CAP_LR, "00010 -- 00000 ----- 100 ----- 0101111");
        i(l, Op.SC_C, "sc.c", Format.CAP_AMO, "00011 -- ----- ----- 100 ----- 0101111");
        i(l, Op.AMOSWAP_C, "amoswap.c", Format.CAP_AMO, "00001 -- ----- ----- 100 ----- 0101111");
        // §3.7: sub-word LR/SC (funct3 000 byte, 001 half), same operand layout as lr.w / sc.w
        i(l, Op.LR_B, "lr.b", Format.LR, "00010 -- 00000 ----- 000 ----- 0101111");
        i(l, Op.SC_B, "sc.b", Format.AMO, "00011 -- ----- ----- 000 ----- 0101111");
        i(l, Op.LR_H, "lr.h", Format.LR, "00010 -- 00000 ----- 001 ----- 0101111");
        i(l, Op.SC_H, "sc.h", Format.AMO, "00011 -- ----- ----- 001 ----- 0101111");
    }

    /**
     * QEMU-CHERI's alternative LC encoding (MISC-MEM funct3 100, the newer standard encoding that
     * QEMU's v9 decoder also accepts): decoded as {@link Op#LC} by the decoder.
     */
    public static boolean isLcAlt(int word) {
        return (word & 0x707F) == 0x400F;
    }

    private static String f3(int v) {
        return bin(v, 3);
    }

    private static String bin(int v, int width) {
        StringBuilder sb = new StringBuilder();
        for (int b = width - 1; b >= 0; b--) {
            sb.append((v >>> b & 1) != 0 ? '1' : '0');
        }
        return sb.toString();
    }

    /** The table row of a 32-bit opcode, or null (for {@link Op#ILLEGAL}, {@link Op#DECODE}). */
    public static Insn insn(int op) {
        return op >= 0 && op < BY_OP.length ? BY_OP[op] : null;
    }

    /** Mnemonic of an opcode. */
    public static String name(int op) {
        Insn in = insn(op);
        return in != null ? in.name() : op == Op.ILLEGAL ? "illegal" : "op" + op;
    }
}
