package org.cheriemu.emulator.cpu;

/**
 * Dense integer opcodes of decoded instructions: the interpreter switches on these. Numbering is
 * data-free on purpose (the table in {@link Isa} binds each number to its mnemonic, format and
 * encoding); hot instructions come first so the interpreter's {@code switch} is one dense table.
 *
 * <p>0 ({@link #DECODE}) marks a decode-cache slot that has not been decoded yet.
 */
public final class Op {
    private Op() {
    }

    public static final int DECODE = 0;
    // RV64I
    public static final int LUI = 1, AUIPC = 2, JAL = 3, JALR = 4;
    public static final int BEQ = 5, BNE = 6, BLT = 7, BGE = 8, BLTU = 9, BGEU = 10;
    public static final int LB = 11, LH = 12, LW = 13, LD = 14, LBU = 15, LHU = 16, LWU = 17;
    public static final int SB = 18, SH = 19, SW = 20, SD = 21;
    public static final int ADDI = 22, SLTI = 23, SLTIU = 24, XORI = 25, ORI = 26, ANDI = 27;
    public static final int SLLI = 28, SRLI = 29, SRAI = 30;
    public static final int ADD = 31, SUB = 32, SLL = 33, SLT = 34, SLTU = 35, XOR = 36, SRL = 37,
            SRA = 38, OR = 39, AND = 40;
    public static final int ADDIW = 41, SLLIW = 42, SRLIW = 43, SRAIW = 44;
    public static final int ADDW = 45, SUBW = 46, SLLW = 47, SRLW = 48, SRAW = 49;
    // M
    public static final int MUL = 50, MULH = 51, MULHSU = 52, MULHU = 53, DIV = 54, DIVU = 55,
            REM = 56, REMU = 57;
    public static final int MULW = 58, DIVW = 59, DIVUW = 60, REMW = 61, REMUW = 62;
    // loads/stores of floating point (hot in FP code)
    public static final int FLW = 63, FLD = 64, FSW = 65, FSD = 66;
    /** Last opcode executed inline by the interpreter's main switch. */
    public static final int LAST_HOT = 66;

    // System, Zicsr, Zifencei
    public static final int FENCE = 67, FENCE_I = 68, ECALL = 69, EBREAK = 70, MRET = 71, SRET = 72,
            WFI = 73, SFENCE_VMA = 74;
    public static final int CSRRW = 75, CSRRS = 76, CSRRC = 77, CSRRWI = 78, CSRRSI = 79, CSRRCI = 80;
    // A
    public static final int LR_W = 81, SC_W = 82, AMOSWAP_W = 83, AMOADD_W = 84, AMOXOR_W = 85,
            AMOAND_W = 86, AMOOR_W = 87, AMOMIN_W = 88, AMOMAX_W = 89, AMOMINU_W = 90, AMOMAXU_W = 91;
    public static final int LR_D = 92, SC_D = 93, AMOSWAP_D = 94, AMOADD_D = 95, AMOXOR_D = 96,
            AMOAND_D = 97, AMOOR_D = 98, AMOMIN_D = 99, AMOMAX_D = 100, AMOMINU_D = 101, AMOMAXU_D = 102;
    // F
    public static final int FMADD_S = 103, FMSUB_S = 104, FNMSUB_S = 105, FNMADD_S = 106;
    public static final int FADD_S = 107, FSUB_S = 108, FMUL_S = 109, FDIV_S = 110, FSQRT_S = 111;
    public static final int FSGNJ_S = 112, FSGNJN_S = 113, FSGNJX_S = 114, FMIN_S = 115, FMAX_S = 116;
    public static final int FCVT_W_S = 117, FCVT_WU_S = 118, FCVT_L_S = 119, FCVT_LU_S = 120;
    public static final int FMV_X_W = 121, FCLASS_S = 122, FEQ_S = 123, FLT_S = 124, FLE_S = 125;
    public static final int FCVT_S_W = 126, FCVT_S_WU = 127, FCVT_S_L = 128, FCVT_S_LU = 129, FMV_W_X = 130;
    // D (laid out exactly like F, so FMADD_D - FMADD_S is the offset of every pair)
    public static final int FMADD_D = 131, FMSUB_D = 132, FNMSUB_D = 133, FNMADD_D = 134;
    public static final int FADD_D = 135, FSUB_D = 136, FMUL_D = 137, FDIV_D = 138, FSQRT_D = 139;
    public static final int FSGNJ_D = 140, FSGNJN_D = 141, FSGNJX_D = 142, FMIN_D = 143, FMAX_D = 144;
    public static final int FCVT_W_D = 145, FCVT_WU_D = 146, FCVT_L_D = 147, FCVT_LU_D = 148;
    public static final int FMV_X_D = 149, FCLASS_D = 150, FEQ_D = 151, FLT_D = 152, FLE_D = 153;
    public static final int FCVT_D_W = 154, FCVT_D_WU = 155, FCVT_D_L = 156, FCVT_D_LU = 157, FMV_D_X = 158;
    public static final int FCVT_S_D = 159, FCVT_D_S = 160;
    /** An encoding that decodes to no instruction (raises illegal-instruction when executed). */
    public static final int ILLEGAL = 161;

    // CHERI ISAv9 (Xcheri, opcode 0x5b, plus LC/SC/LR.C/SC.C/AMOSWAP.C in the standard opcode space).
    // Everything from FIRST_CHERI on is executed by Hart.execCheri.
    public static final int CGETPERM = 162, CGETTYPE = 163, CGETBASE = 164, CGETLEN = 165, CGETTAG = 166,
            CGETSEALED = 167, CGETOFFSET = 168, CGETFLAGS = 169, CRRL = 170, CRAM = 171, CMOVE = 172,
            CCLEARTAG = 173, JALR_CAP = 174, CCLEAR = 175, CGETADDR = 176, FPCLEAR = 177, CSEALENTRY = 178,
            CLOADTAGS = 179, JALR_PCC = 180, CGETHIGH = 181, CGETTOP = 182;
    public static final int CINVOKE = 183;
    public static final int CSPECIALRW = 184, CSETBOUNDS = 185, CSETBOUNDSEXACT = 186, CSEAL = 187, CUNSEAL = 188,
            CANDPERM = 189, CSETFLAGS = 190, CSETOFFSET = 191, CSETADDR = 192, CINCOFFSET = 193, CTOPTR = 194,
            CFROMPTR = 195, CSUB = 196, CSETHIGH = 197, CBUILDCAP = 198, CCOPYTYPE = 199, CCSEAL = 200,
            CTESTSUBSET = 201, CSETEQUALEXACT = 202;
    public static final int CINCOFFSETIMM = 203, CSETBOUNDSIMM = 204;
    /** Explicit-address loads: selector (rs2 field) = op - LOAD_EXPLICIT (0x00..0x1F, holes illegal). */
    public static final int LOAD_EXPLICIT = 205;
    /** Explicit-address stores: selector (rd field) = op - STORE_EXPLICIT. */
    public static final int STORE_EXPLICIT = 237;
    public static final int LC = 269, SC = 270, LR_C = 271, SC_C = 272, AMOSWAP_C = 273;
    /** Sub-word LR/SC in the AMO opcode space (funct3 000 / 001), ISAv9 additions enabled by CHERI (§3.7). */
    public static final int LR_B = 274, SC_B = 275, LR_H = 276, SC_H = 277;
    public static final int COUNT = 278;

    public static final int FIRST_CHERI = CGETPERM, LAST_CHERI = SC_H;

    public static final int FIRST_FP = FMADD_S, LAST_FP = FCVT_D_S;
}
