package org.cheriemu.emulator.cpu;

import static org.cheriemu.emulator.cpu.CheriInstructionTest.A0;
import static org.cheriemu.emulator.cpu.CheriInstructionTest.A1;
import static org.cheriemu.emulator.cpu.CheriInstructionTest.A2;
import static org.cheriemu.emulator.cpu.CheriInstructionTest.A3;
import static org.cheriemu.emulator.cpu.CheriInstructionTest.S0;
import static org.cheriemu.emulator.cpu.CheriInstructionTest.T0;
import static org.cheriemu.emulator.cpu.CheriInstructionTest.T1;
import static org.cheriemu.emulator.cpu.CheriInstructionTest.T2;
import static org.cheriemu.emulator.cpu.CheriInstructionTest.cap3;
import static org.cheriemu.emulator.cpu.CheriInstructionTest.csetaddr;
import static org.cheriemu.emulator.cpu.CheriInstructionTest.csetbounds;
import static org.cheriemu.emulator.cpu.CheriInstructionTest.cspecialrw;
import static org.cheriemu.emulator.cpu.CheriInstructionTest.sc;
import static org.cheriemu.emulator.cpu.CheriInstructionTest.sel;
import static org.cheriemu.emulator.cpu.CheriInstructionTest.withBuffer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cheriemu.isa.cap.CapFormat;
import org.cheriemu.isa.cap.Capability;
import org.junit.jupiter.api.Test;

/** More ISAv9 instructions (reference §3.4, §3.6, §3.7, §3.9) and the remaining §8 cases. */
class CheriInstructionMoreTest {

    @Test
    void everyKindOfIntegerWriteMakesACapabilityRegisterNullDerived() {
        // §1.9: loads, FP moves, CSR reads, atomics and ALU results all write NULL-derived values,
        // in the hybrid interpreter (PCC root) as in the stepping one (PCC bounded)
        for (boolean boundedPcc : new boolean[] {false, true}) {
            TestHart t = new TestHart();
            t.x(T2, 0x80020000L).x(A1, TestHart.BASE + 0x100).x(A2, 0x1000).x(T1, 0x2000);
            if (boundedPcc) {
                t.emit(cspecialrw(T0, 0, 0)).emit(csetaddr(T0, T0, A1)).emit(csetbounds(T0, T0, A2));
                t.emit(sel(0x0C, 0, T0));
            } else {
                t.emit(0x1000006F);                               // j +0x100
            }
            t.emit = TestHart.BASE + 0x100;
            int[] regs = {10, 11, 12, 13, 14};
            t.emit(Asm.csr(2, 0, 0x300, T1));                      // csrs mstatus, t1: FPU on (FS)
            for (int r : regs) {
                t.emit(cspecialrw(r, 1, 0));                      // a0..a4 := DDC (tagged)
            }
            t.emit(Asm.load(3, 10, T2, 0));                        // ld a0
            t.emit(0xE2000053 | 11 << 7 | 0 << 15);               // fmv.x.d a1, ft0
            t.emit(Asm.csr(2, 12, 0x340, 0));                      // csrr a2, mscratch
            t.emit(Asm.amo(0, 3, 13, T2, 0));                      // amoadd.d a3, zero, (t2)
            t.emit(Asm.addi(14, 14, 0));                           // addi a4, a4, 0 (same value!)
            int pre = (boundedPcc ? 4 : 1) + 1;
            assertEquals(-1, t.step(pre + 5));
            for (int r : regs) {
                assertTrue(t.hart.cap(r).tag(), "c" + r + " tagged before");
            }
            assertEquals(-1, t.step(5));
            for (int r : regs) {
                assertFalse(t.hart.cap(r).tag(), "c" + r + " after an integer write, bounded PCC " + boundedPcc);
                assertEquals(CheriInstructionTest.NULL_META, t.hart.cap(r).meta());
            }
        }
    }

    @Test
    void narrowingDdcStopsAnAccessThatTheDataTlbHadAllowedBefore() {
        // integer-mode accesses use the data TLB while DDC may load and store anywhere; a narrower
        // DDC (or a store through a load-only one) must take the checked path again
        for (boolean store : new boolean[] {false, true}) {
            TestHart t = new TestHart();
            long data = 0x80020000L;
            t.x(T2, data).x(A1, TestHart.BASE).x(A2, 0x1000);
            t.emit(cspecialrw(T0, 1, 0));                            // ct0 := DDC: a capability is live
            t.emit(store ? Asm.store(3, A3, T2, 0) : Asm.load(3, A3, T2, 0));   // allowed: fills the TLB
            t.emit(csetaddr(T1, T0, A1)).emit(csetbounds(T1, T1, A2)); // ct1 := DDC bounded to the code page
            t.emit(cspecialrw(0, 1, T1));                            // DDC := ct1
            t.emit(store ? Asm.store(3, A3, T2, 0) : Asm.load(3, A3, T2, 0));   // the same access: outside
            assertEquals(1000 + 28, t.step(6), "store " + store);
            assertEquals(0x21 << 5 | 0x01, t.tval, "length violation on DDC, store " + store);
        }
    }

    @Test
    void aCapabilityStoreIntoDecodedCodeIsSeen() {
        // hybrid mode with a capability live: an instruction runs (and is decoded), sw.cap through
        // ct0 patches it, and the loop runs it again
        TestHart t = new TestHart();
        t.x(T2, TestHart.BASE + 8).x(T1, Asm.addi(A0, 0, 7));
        t.emit(cspecialrw(T0, 1, 0));                                 // 0: ct0 := DDC
        t.emit(csetaddr(T0, T0, T2));                                 // 4: ct0.address := 8
        t.emit(Asm.addi(A0, 0, 2));                                   // 8: addi a0, zero, 2 (patched to 7)
        t.emit(0x00059863);                                           // 12: bnez a1, +16 (to 28)
        t.emit(0x7C << 25 | T1 << 20 | T0 << 15 | 10 << 7 | 0x5b);    // 16: sw.cap t1, (ct0)
        t.emit(Asm.addi(A1, 0, 1));                                   // 20: addi a1, zero, 1
        t.emit(0xFF1FF06F);                                           // 24: j -16 (to 8)
        assertEquals(-1, t.step(9));
        assertEquals(TestHart.BASE + 28, t.hart.pc());
        assertEquals(7L, t.x(A0), "the patched instruction ran");
    }

    @Test
    void cfromptrCtoptrAndCsub() {
        TestHart t = withBuffer(0x80010000L, 0x100);
        t.x(A1, 0x40).x(T2, 0x80010030L);
        t.emit(cap3(0x13, T0, 0, A1));                 // cfromptr ct0, cnull(=DDC), a1
        t.emit(cap3(0x13, T1, A0, 0));                 // rs2 = 0: NULL
        t.emit(csetaddr(S0, A0, T2));
        t.emit(cap3(0x12, A2, S0, A0));                // ctoptr a2, cs0, ca0 = 0x30
        t.emit(cap3(0x12, A3, S0, 0));                 // against DDC (base 0)
        t.emit(cap3(0x14, A1, S0, A0));                // csub = 0x30
        assertEquals(-1, t.step(6));
        assertEquals(new Capability(true, CheriInstructionTest.ROOT_META, 0x40), t.hart.cap(T0));
        assertEquals(Capability.NULL, t.hart.cap(T1));
        assertEquals(0x30, t.x(A2));
        assertEquals(0x80010030L, t.x(A3));
        assertEquals(0x30, t.x(A1));
    }

    @Test
    void ctoptrOfAnUntaggedCapabilityIsZero() {
        TestHart t = withBuffer(0x80010000L, 0x100);
        t.emit(sel(0x0B, T0, A0)).emit(cap3(0x12, A2, T0, A0));
        assertEquals(-1, t.step(2));
        assertEquals(0, t.x(A2));
    }

    @Test
    void testSubsetAndSetEqualExact() {
        TestHart t = withBuffer(0x80010000L, 0x100);
        t.emit(cspecialrw(T0, 1, 0));
        t.emit(cap3(0x20, A1, T0, A0));                // root ⊇ buffer: 1
        t.emit(cap3(0x20, A2, A0, T0));                // buffer ⊉ root: 0
        t.emit(cap3(0x20, A3, 0, A0));                 // cs1 = c0 means DDC: 1
        t.emit(cap3(0x21, S0, A0, A0));                // equal: 1
        t.emit(sel(0x0B, T1, A0));
        t.emit(cap3(0x21, T2, A0, T1));                // tags differ: 0
        assertEquals(-1, t.step(7));
        assertEquals(1, t.x(A1));
        assertEquals(0, t.x(A2));
        assertEquals(1, t.x(A3));
        assertEquals(1, t.x(S0));
        assertEquals(0, t.x(T2));
    }

    @Test
    void cbuildcapRederivesAnUntaggedCopy() {
        TestHart t = withBuffer(0x80010000L, 0x100);
        t.emit(sel(0x0B, T0, A0));                     // untagged copy
        t.emit(cap3(0x1D, T1, 0, T0));                 // cbuildcap ct1, ddc, ct0
        assertEquals(-1, t.step(2));
        assertEquals(t.hart.cap(A0), t.hart.cap(T1));
    }

    @Test
    void ccopytypeAndCcsealAndHighWord() {
        TestHart t = withBuffer(0x80010000L, 0x100);
        t.x(A1, 42).x(A2, -1L);
        t.emit(cspecialrw(T0, 1, 0)).emit(csetaddr(T0, T0, A1));   // sealer, address 42
        t.emit(cap3(0x0B, T1, A0, T0));                             // sealed with 42
        t.emit(cap3(0x1E, T2, T0, T1));                             // ccopytype: address 42, tagged
        t.emit(cap3(0x1E, S0, T0, A0));                             // unsealed source: -1, untagged
        t.emit(csetaddr(A3, T0, A2));
        t.emit(cap3(0x1F, A1, A0, A3));                             // ccseal with address -1: unchanged
        assertEquals(-1, t.step(7));
        assertTrue(t.hart.cap(T2).tag());
        assertEquals(42, t.hart.cap(T2).address());
        assertFalse(t.hart.cap(S0).tag());
        assertEquals(-1L, t.hart.cap(S0).address());
        assertEquals(t.hart.cap(A0), t.hart.cap(A1));
        TestHart u = withBuffer(0x80010000L, 0x100);
        u.x(A1, 0x1234);
        u.emit(sel(0x17, A2, A0));                                  // cgethigh: memory form
        u.emit(cspecialrw(T0, 1, 0)).emit(csetaddr(T0, T0, A1));
        u.emit(cap3(0x16, T1, T0, A2));                             // csethigh: tag always 0
        assertEquals(-1, u.step(4));
        assertEquals(CapFormat.toMemory(u.hart.cap(A0).meta()), u.x(A2));
        assertEquals(new Capability(false, u.hart.cap(A0).meta(), 0x1234), u.hart.cap(T1));
    }

    @Test
    void amoswapAndLoadReservedStoreConditionalCapabilities() {
        TestHart t = withBuffer(0x80010000L, 0x100);
        t.x(T2, 0x80020000L);
        t.emit(cspecialrw(T0, 1, 0));
        t.emit(sc(A0, T2, 0));                                       // memory: the buffer capability
        t.emit(0x0800402F | T1 << 7 | T2 << 15 | T0 << 20);          // amoswap.c ct1, ct0, (t2)
        t.emit(CheriInstructionTest.lc(S0, T2, 0));
        t.emit(0x1000402F | A1 << 7 | T2 << 15);                     // lr.c ca1, (t2)
        t.emit(0x1800402F | A2 << 7 | T2 << 15 | A0 << 20);          // sc.c a2, ca0, (t2): success
        t.emit(0x1800402F | A3 << 7 | T2 << 15 | A0 << 20);          // again: no reservation
        assertEquals(-1, t.step(7));
        assertEquals(t.hart.cap(A0), t.hart.cap(T1));
        assertEquals(t.hart.cap(T0), t.hart.cap(S0));
        assertEquals(t.hart.cap(T0), t.hart.cap(A1));
        assertEquals(0, t.x(A2));
        assertEquals(1, t.x(A3));
        assertTrue(t.mem.loadTag(0x80020000L));
    }

    @Test
    void explicitDdcLoadReservedStoreConditional() {
        TestHart t = new TestHart();
        t.x(T2, 0x80020000L).x(A1, 77);
        t.emit(0xFA00005B | 0x13 << 20 | T2 << 15 | A0 << 7);        // lr.d.ddc a0, (t2)
        t.emit(0xF800005B | 0x13 << 7 | T2 << 15 | A1 << 20);        // sc.d.ddc a1, (t2): a1 := 0
        t.emit(0xFA00005B | 0x03 << 20 | T2 << 15 | A2 << 7);        // ld.ddc a2, (t2)
        assertEquals(-1, t.step(3));
        assertEquals(0, t.x(A1));
        assertEquals(77, t.x(A2));
    }

    @Test
    void cinvokeUnsealsCodeAndData() {
        TestHart t = new TestHart();
        long code = TestHart.BASE + 0x100;
        t.x(A1, 7).x(A2, code).x(A3, 0xFFFF & ~(1 << 1));             // data: no execute
        t.emit(cspecialrw(T0, 1, 0)).emit(csetaddr(T0, T0, A1));      // sealer 7
        t.emit(cspecialrw(T1, 0, 0)).emit(csetaddr(T1, T1, A2));      // code capability
        t.emit(cap3(0x0B, T1, T1, T0));                               // seal code
        t.emit(cap3(0x0D, T2, T0, A3)).emit(cap3(0x0B, T2, T2, T0));  // data: no X, sealed
        t.emit(0xFC0000DB | T1 << 15 | T2 << 20);                     // cinvoke ct1, ct2
        assertEquals(-1, t.step(8));
        assertEquals(code, t.hart.pc());
        assertFalse(t.hart.specialCap(Hart.SCR_PCC).isSealed());
        assertTrue(t.hart.cap(31).tag());
        assertFalse(t.hart.cap(31).isSealed());
    }

    @Test
    void cinvokeWithDifferentTypesIsATypeViolation() {
        TestHart t = new TestHart();
        t.x(A1, 7).x(A2, 8);
        t.emit(cspecialrw(T0, 1, 0)).emit(csetaddr(T0, T0, A1)).emit(cap3(0x0B, T1, T0, T0));
        t.emit(csetaddr(S0, T0, A2)).emit(cap3(0x0B, T2, T0, S0));
        t.emit(0xFC0000DB | T1 << 15 | T2 << 20);
        assertEquals(-1, t.step(5));
        assertEquals(1028, t.step(1));
        assertEquals(T1 << 5 | 0x04, t.tval);
    }

    @Test
    void cclearAndFpclearClearGroupsOfRegisters() {
        TestHart t = withBuffer(0x80010000L, 0x100);
        t.emit(sel(0x0A, S0, A0)).emit(sel(0x0A, 9, A0));             // cs0, cs1 := buffer
        t.emit(0xFEE0005B | (1 << 3) << 15 | 0x03 << 7);              // cclear 1, 0x03: c8, c9
        assertEquals(-1, t.step(3));
        assertEquals(Capability.NULL, t.hart.cap(S0));
        assertEquals(Capability.NULL, t.hart.cap(9));
        assertTrue(t.hart.cap(A0).tag());
    }

    @Test
    void fetchChecksEveryParcelAgainstPcc() {
        // PCC bounded to [BASE+0x100, BASE+0x102): a 4-byte instruction there faults on its second parcel
        TestHart t = new TestHart();
        long code = TestHart.BASE + 0x100;
        t.x(A1, code).x(A2, 2);
        t.emit(cspecialrw(T0, 0, 0)).emit(csetaddr(T0, T0, A1)).emit(csetbounds(T0, T0, A2));
        t.emit(sel(0x0C, 0, T0));
        t.emit = code;
        t.emit(Asm.addi(A0, 0, 1));
        assertEquals(-1, t.step(4));
        assertEquals(1028, t.step(1));
        assertEquals(0x20 << 5 | 0x01, t.tval);
        assertEquals(code + 2, t.hart.lastFaultAddress());
    }

    @Test
    void jumpToANonExecutableCapabilityFaultsAtTheJump() {
        TestHart t = withBuffer(0x80010000L, 0x100);           // DDC-derived: has Permit_Execute (root)
        t.x(A1, 0xFFFF & ~(1 << 1));
        t.emit(cap3(0x0D, A0, A0, A1)).emit(sel(0x0C, 1, A0));
        assertEquals(-1, t.step(1));
        assertEquals(1028, t.step(1));
        assertEquals(A0 << 5 | 0x11, t.tval);
    }

    /** Enters capability mode at {@code BASE + 0x100} and returns the hart positioned there. */
    static TestHart inCapabilityMode() {
        TestHart t = new TestHart();
        long cm = TestHart.BASE + 0x100;
        t.x(A1, cm).x(T2, 1);
        t.emit(cspecialrw(T0, 0, 0)).emit(csetaddr(T0, T0, A1)).emit(cap3(0x0E, T0, T0, T2));
        t.emit(sel(0x0C, 0, T0));
        t.emit = cm;
        return t;
    }

    @Test
    void sentryJumpWithAnOffsetIsASealViolation() {
        // §8.9: the Sail model faults on any sentry used with a nonzero offset (QEMU compares targets)
        TestHart t = inCapabilityMode();
        t.emit(0x00000297);                                  // auipcc ct0, 0
        t.emit(sel(0x11, T0, T0));                           // csealentry ct0, ct0
        t.emit(Asm.i(8, T0, 0, 1, 0x67));                    // cjalr cra, 8(ct0)
        assertEquals(-1, t.step(4 + 2));
        assertEquals(1028, t.step(1));
        assertEquals(T0 << 5 | 0x03, t.tval);
    }

    @Test
    void cjalLinksASentryAndCjalrReturnsThroughIt() {
        TestHart t = inCapabilityMode();
        long start = t.emit;
        t.emit(0x0080006F | 1 << 7);                          // cjal cra, +8
        t.emit(Asm.addi(A0, 0, 1));                           // skipped, then returned to
        t.emit(Asm.i(0, 1, 0, 0, 0x67));                      // cjalr cnull, 0(cra): back to start+4
        assertEquals(-1, t.step(4 + 1));
        Capability link = t.hart.cap(1);
        assertTrue(link.tag());
        assertEquals(-2, link.type());
        assertEquals(start + 4, link.address());
        assertEquals(-1, t.step(1));
        assertEquals(start + 4, t.hart.pc());
        assertTrue(t.hart.capabilityMode());
    }

    @Test
    void mretInstallsMepccIncludingItsMode() {
        TestHart t = new TestHart();
        long target = TestHart.BASE + 0x100;
        t.x(A1, target).x(T2, 1);
        t.emit(cspecialrw(T0, 0, 0)).emit(csetaddr(T0, T0, A1)).emit(cap3(0x0E, T0, T0, T2));
        t.emit(cspecialrw(0, 31, T0));                         // MEPCC := ct0
        t.emit(Asm.csr(2, A2, 0x300, 0));                      // csrr a2, mstatus
        t.emit(0x30200073);                                    // mret
        assertEquals(-1, t.step(6));
        assertEquals(target, t.hart.pc());
        assertTrue(t.hart.capabilityMode());
    }

    @Test
    void compressedCapabilityModeForms() {
        // C.CIncOffset16CSP, C.CSCSP / C.CLCSP and C.CJR in capability mode (§3.8 bit layouts;
        // words from guest-programs/encodings/cheri-asm-vectors.txt)
        TestHart t = inCapabilityMode();
        t.x(A3, 0x80040000L).x(A2, 0x100);
        t.emit(cspecialrw(2, 1, 0));                           // csp := DDC
        t.emit(csetaddr(2, 2, A3)).emit(csetbounds(2, 2, A2));
        t.emit(CheriInstructionTest.cincoffsetimm(2, 2, 64));
        t.emit16(0x713d);                                      // c.cincoffset16csp -32
        t.emit16(0xb04a);                                      // c.cscsp cs2, 32
        t.emit16(0x22c2);                                      // c.clcsp ct0, 16
        assertEquals(-1, t.step(4 + 5));
        assertEquals(0x80040020L, t.hart.cap(2).address());
        assertTrue(t.hart.cap(2).tag());
        assertEquals(-1, t.step(1));
        assertTrue(t.mem.loadTag(0x80040040L) == t.hart.cap(18).tag());
        assertEquals(-1, t.step(1));
        assertEquals(Capability.NULL, t.hart.cap(T0));         // c.clcsp ct0, 16(csp): slot 0x80040030 is empty
    }
}
