package org.cheriemu.emulator.cpu;

/** Hand encoders for test programs (independent of the Isa table: fields are placed by hand). */
final class Asm {
    private Asm() {
    }

    static int r(int f7, int rs2, int rs1, int f3, int rd, int opc) {
        return f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc;
    }

    static int i(int imm, int rs1, int f3, int rd, int opc) {
        return (imm & 0xFFF) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc;
    }

    static int s(int imm, int rs2, int rs1, int f3, int opc) {
        return ((imm >> 5) & 0x7F) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (imm & 31) << 7 | opc;
    }

    // OP (0x33) and OP-32 (0x3b)
    static int op(int f7, int f3, int rd, int rs1, int rs2) {
        return r(f7, rs2, rs1, f3, rd, 0x33);
    }

    static int op32(int f7, int f3, int rd, int rs1, int rs2) {
        return r(f7, rs2, rs1, f3, rd, 0x3B);
    }

    static int addi(int rd, int rs1, int imm) {
        return i(imm, rs1, 0, rd, 0x13);
    }

    static int addiw(int rd, int rs1, int imm) {
        return i(imm, rs1, 0, rd, 0x1B);
    }

    static int load(int f3, int rd, int rs1, int imm) {
        return i(imm, rs1, f3, rd, 0x03);
    }

    static int store(int f3, int rs2, int rs1, int imm) {
        return s(imm, rs2, rs1, f3, 0x23);
    }

    /** AMO: funct5, width (2 = .w, 3 = .d). */
    static int amo(int f5, int width, int rd, int rs1, int rs2) {
        return r(f5 << 2, rs2, rs1, width, rd, 0x2F);
    }

    static int csr(int f3, int rd, int csr, int rs1) {
        return csr << 20 | rs1 << 15 | f3 << 12 | rd << 7 | 0x73;
    }

    /** B-type: a conditional branch by {@code off} bytes (even, within ±4 KiB). */
    static int branch(int f3, int rs1, int rs2, int off) {
        return ((off >> 12) & 1) << 31 | ((off >> 5) & 0x3F) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12
                | ((off >> 1) & 0xF) << 8 | ((off >> 11) & 1) << 7 | 0x63;
    }

    /** J-type: jal rd by {@code off} bytes. */
    static int jal(int rd, int off) {
        return ((off >> 20) & 1) << 31 | ((off >> 1) & 0x3FF) << 21 | ((off >> 11) & 1) << 20
                | ((off >> 12) & 0xFF) << 12 | rd << 7 | 0x6F;
    }

    static int lui(int rd, int imm20) {
        return imm20 << 12 | rd << 7 | 0x37;
    }

    static int auipc(int rd, int imm20) {
        return imm20 << 12 | rd << 7 | 0x17;
    }

    static final int ECALL = 0x00000073, EBREAK = 0x00100073, MRET = 0x30200073;
}
