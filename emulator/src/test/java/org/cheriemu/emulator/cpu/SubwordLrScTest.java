package org.cheriemu.emulator.cpu;

import static org.cheriemu.emulator.cpu.CheriInstructionTest.A0;
import static org.cheriemu.emulator.cpu.CheriInstructionTest.A1;
import static org.cheriemu.emulator.cpu.CheriInstructionTest.A2;
import static org.cheriemu.emulator.cpu.CheriInstructionTest.A3;
import static org.cheriemu.emulator.cpu.CheriInstructionTest.T1;
import static org.cheriemu.emulator.cpu.CheriInstructionTest.T2;
import static org.cheriemu.emulator.cpu.CheriInstructionTest.cspecialrw;
import static org.cheriemu.emulator.cpu.CheriInstructionTest.sc;
import static org.cheriemu.emulator.cpu.CheriInstructionTest.withBuffer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * LR.B / SC.B / LR.H / SC.H in the standard AMO opcode space (reference §3.7: opcode 0x2F, funct5
 * 00010 / 00011, funct3 000 byte / 001 half), the sub-word LR/SC that CHERI enables: reservation
 * rules of LR.W/SC.W, sign-extending LR, SC writing 0 (success) / 1 (failure) to rd, tag clearing
 * by the store (§5.2), authority DDC in integer mode (§3.7), natural alignment.
 */
class SubwordLrScTest {
    static final long DATA = TestHart.BASE + 0x3000;
    static final int B = 0, H = 1;

    static int lr(int width, int rd, int rs1) {
        return Asm.amo(2, width, rd, rs1, 0);
    }

    static int scw(int width, int rd, int rs1, int rs2) {
        return Asm.amo(3, width, rd, rs1, rs2);
    }

    @Test
    void decodesAndDisassemblesLikeLrW() {
        assertEquals("lr.b a0,(t2)", Disassembler.disassemble(lr(B, A0, T2)));
        assertEquals("lr.h a0,(t2)", Disassembler.disassemble(lr(H, A0, T2)));
        assertEquals("sc.b a3,a1,(t2)", Disassembler.disassemble(scw(B, A3, T2, A1)));
        assertEquals("sc.h a3,a1,(t2)", Disassembler.disassemble(scw(H, A3, T2, A1)));
        assertEquals("lr.b.aq a0,(t2)", Disassembler.disassemble(lr(B, A0, T2) | 1 << 26));
        assertEquals("sc.h.rl a3,a1,(t2)", Disassembler.disassemble(scw(H, A3, T2, A1) | 1 << 25));
        assertEquals("sc.b.aqrl a3,a1,(t2)", Disassembler.disassemble(scw(B, A3, T2, A1) | 3 << 25));
        Decoder.Decoded d = new Decoder.Decoded();
        Decoder.decode(lr(B, A0, T2), d);
        assertEquals(Op.LR_B, d.op);
        Decoder.decode(scw(H, A3, T2, A1), d);
        assertEquals(Op.SC_H, d.op);
        Decoder.decode(lr(H, A0, T2) | A1 << 20, d);
        assertEquals(Op.ILLEGAL, d.op, "lr.h needs rs2 = 0");
    }

    @Test
    void lrSignExtendsAndScSucceedsWithItsReservationOnly() {
        TestHart t = new TestHart();
        t.mem.store64(DATA, 0x0123_4567_89AB_80F0L);
        t.x(T2, DATA).x(T1, DATA + 2).x(A1, 0x1234_5677L).x(A2, 0xABCD_0042L);
        t.emit(lr(B, A0, T2))                   // lr.b a0, (t2): 0xF0 -> -16
                .emit(scw(B, A3, T2, A1))       // sc.b a3, a1, (t2): success, stores 0x77
                .emit(scw(B, 14, T2, A2))        // sc.b again: reservation gone, fails
                .emit(lr(H, 15, T2))             // lr.h: 0x8077 -> sign-extended
                .emit(scw(H, 16, T1, A2))        // sc.h at another address: fails
                .emit(lr(H, 17, T1))             // lr.h at +2: 0x89AB
                .emit(scw(H, 18, T1, A2));       // sc.h: success, stores 0x0042
        assertEquals(-1, t.step(7));
        assertEquals(-16L, t.x(A0), "lr.b sign-extends");
        assertEquals(0L, t.x(A3), "sc.b success writes 0");
        assertEquals(1L, t.x(14), "sc.b without a reservation writes 1");
        assertEquals((long) (short) 0x8077, t.x(15), "lr.h sign-extends");
        assertEquals(1L, t.x(16), "sc.h to another address fails");
        assertEquals((long) (short) 0x89AB, t.x(17));
        assertEquals(0L, t.x(18));
        assertEquals(0x0123_4567_0042_8077L, t.mem.load64(DATA), "only the successful bytes were written");
    }

    @Test
    void scWithoutAnyReservationFailsAndLeavesMemory() {
        TestHart t = new TestHart();
        t.mem.store32(DATA, 0x5A5A5A5A);
        t.x(T2, DATA).x(A1, 0x11);
        t.emit(scw(B, A3, T2, A1)).emit(scw(H, A0, T2, A1));
        assertEquals(-1, t.step(2));
        assertEquals(1L, t.x(A3));
        assertEquals(1L, t.x(A0));
        assertEquals(0x5A5A5A5A, t.mem.load32(DATA));
    }

    @Test
    void successfulScClearsTheGranuleTag() {
        TestHart t = withBuffer(0x80010000L, 0x100);
        long g = 0x80020000L;
        t.x(T2, g).x(T1, g + 5).x(A1, 0x33);
        t.emit(sc(A0, T2, 0));                  // a tagged capability in the granule
        t.emit(lr(B, A2, T1));                  // lr.b a2, 5(granule)
        t.emit(scw(B, A3, T1, A1));             // sc.b a3, a1: success clears the tag
        assertEquals(-1, t.step(1));
        assertTrue(t.mem.loadTag(g), "tagged before");
        assertEquals(-1, t.step(2));
        assertEquals(0L, t.x(A3));
        assertFalse(t.mem.loadTag(g), "sc.b clears the tag of the granule it writes");
        assertEquals(0x33, t.mem.load8(g + 5) & 0xFF);
    }

    @Test
    void failedScLeavesTheTag() {
        TestHart t = withBuffer(0x80010000L, 0x100);
        long g = 0x80020000L;
        t.x(T2, g).x(T1, g + 6).x(A1, 0x33);
        t.emit(sc(A0, T2, 0));
        t.emit(scw(H, A3, T1, A1));             // no reservation
        assertEquals(-1, t.step(2));
        assertEquals(1L, t.x(A3));
        assertTrue(t.mem.loadTag(g));
    }

    @Test
    void integerModeAccessesAreCheckedAgainstDdc() {
        // DDC := a 16-byte capability; lr.b of byte 16 is a length violation on DDC (idx 0x21)
        TestHart t = withBuffer(0x80010000L, 16);
        t.x(T1, 0x80010000L + 15).x(T2, 0x80010000L + 16).x(A1, 7);
        t.emit(cspecialrw(0, 1, A0));           // DDC := ca0
        t.emit(lr(B, A3, T1));                  // byte 15: fine
        t.emit(lr(B, A3, T2));                  // byte 16: length violation
        assertEquals(-1, t.step(2));
        assertEquals(1028, t.step(1));
        assertEquals(0x21 << 5 | 0x01, t.tval);
        assertEquals(0x21, t.hart.lastFaultIndex());
        assertEquals(0x80010010L, t.hart.lastFaultAddress());

        TestHart s = withBuffer(0x80010000L, 16);
        s.x(T2, 0x80010000L + 15).x(A1, 7);
        s.emit(cspecialrw(0, 1, A0));
        s.emit(scw(H, A3, T2, A1));             // halfword at 15..16 crosses the top
        assertEquals(-1, s.step(1));
        assertEquals(1028, s.step(1));
        assertEquals(0x21 << 5 | 0x01, s.tval);
    }

    @Test
    void misalignedHalfwordsRaiseAddressMisaligned() {
        TestHart l = new TestHart();
        l.x(T2, DATA + 1);
        l.emit(lr(H, A0, T2));
        assertEquals(1004, l.step(1), "lr.h at an odd address: load address misaligned");
        assertEquals(DATA + 1, l.tval);
        TestHart s = new TestHart();
        s.x(T2, DATA + 3);
        s.emit(scw(H, A0, T2, A1));
        assertEquals(1006, s.step(1), "sc.h at an odd address: store/AMO address misaligned");
    }
}
