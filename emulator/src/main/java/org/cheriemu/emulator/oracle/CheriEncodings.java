package org.cheriemu.emulator.oracle;

/**
 * Recognizes CHERI-RISC-V ISAv9 instructions, which Unicorn cannot execute: everything under
 * major opcode 0x5b, and the capability loads/stores placed in the base opcode space (LC: the
 * MISC-MEM major opcode 0x0f with funct3 = 010, the RV128 LQ slot; SC: STORE 0x23 with funct3 =
 * 100, the SQ slot; QEMU-CHERI's alternative LC, MISC-MEM funct3 = 100; LR.C / SC.C / AMOSWAP.C, AMO
 * 0x2f with funct3 = 100; LR.B/H and SC.B/H, AMO 0x2f with funct3 = 000/001 and funct5 = 00010/00011).
 */
public final class CheriEncodings {

    private CheriEncodings() {
    }

    /** True when {@code word} (a 32-bit instruction) is a CHERI instruction. */
    public static boolean isCheri(int word) {
        if ((word & 3) != 3) {
            return false;
        }
        int major = word & 0x7F;
        int funct3 = (word >>> 12) & 7;
        int funct5 = word >>> 27;
        boolean subwordLrSc = major == 0x2F && funct3 <= 1 && (funct5 == 0b00010 || funct5 == 0b00011);  // LR/SC.B/H, §3.7
        return major == 0x5B || (major == 0x0F && (funct3 == 2 || funct3 == 4)) || (major == 0x23 && funct3 == 4)
                || (major == 0x2F && funct3 == 4) || subwordLrSc;
    }
}
