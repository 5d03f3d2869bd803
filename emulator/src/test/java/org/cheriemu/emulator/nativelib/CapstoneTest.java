package org.cheriemu.emulator.nativelib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Capstone binding, checked by behaviour (arch/mode constants, cs_insn layout). */
class CapstoneTest {

    @BeforeEach
    void needsCapstone() {
        NativeTestSupport.requireCapstone();
    }

    @Test
    void versionIs5() {
        assertEquals(5, Capstone.version()[0]);
    }

    @Test
    void baseInstruction() {
        try (Capstone cs = Capstone.open()) {
            Capstone.Insn i = cs.disassemble(0x00500513, 0x1000);  // addi a0,zero,5
            assertEquals(4, i.size());
            assertEquals("addi", i.mnemonic());
            assertEquals("a0, zero, 5", i.operands());
        }
    }

    @Test
    void compressedInstructionNeedsRiscvcMode() {
        try (Capstone cs = Capstone.open()) {
            Capstone.Insn i = cs.disassemble(0x4515, 0);            // c.li a0,5
            assertEquals(2, i.size());
            assertEquals("c.li", i.mnemonic());
            assertEquals("a0, 5", i.operands());
        }
    }

    @Test
    void rv64OnlyInstruction() {
        try (Capstone cs = Capstone.open()) {
            Capstone.Insn i = cs.disassemble(0x0005B503, 0);        // ld a0,0(a1): RV64 only
            assertEquals("ld", i.mnemonic());
            assertEquals("a0, 0(a1)", i.operands());
        }
    }

    @Test
    void invalidEncodingIsNull() {
        try (Capstone cs = Capstone.open()) {
            assertNull(cs.disassemble(0xFFFFFFFF, 0));
            assertNull(cs.disassemble(0x0000007F, 0));                // a 64-bit encoding's first parcel
            assertEquals("c.unimp", cs.disassemble(0x0000, 0).mnemonic());
        }
    }
}
