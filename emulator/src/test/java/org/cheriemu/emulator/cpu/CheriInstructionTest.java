package org.cheriemu.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cheriemu.isa.cap.CapFormat;
import org.cheriemu.isa.cap.Capability;
import org.junit.jupiter.api.Test;

/**
 * CHERI ISAv9 instructions on the hart, with expectations taken from the reference (section numbers
 * in the comments), not from the implementation: register file and integer writes (§1.9), every
 * manipulation family (§3.9, incl. the §1.6/§1.7 tables), checked accesses in integer mode against
 * DDC and in capability mode against c[rs1] (§3.7, §3.8, §4.3), tags in memory (§5), exceptions and
 * trap entry/return (§4), and the §8 divergence cases.
 */
class CheriInstructionTest {
    static final int T0 = 5, T1 = 6, T2 = 7, S0 = 8, A0 = 10, A1 = 11, A2 = 12, A3 = 13;
    static final long NULL_META = 0x00001FFFFC018004L, ROOT_META = 0xFFFF1FFFFC018004L;

    static int cap3(int f7, int rd, int rs1, int rs2) {
        return f7 << 25 | rs2 << 20 | rs1 << 15 | rd << 7 | 0x5b;
    }

    static int sel(int s, int rd, int rs1) {
        return 0x7F << 25 | s << 20 | rs1 << 15 | rd << 7 | 0x5b;
    }

    static int cspecialrw(int cd, int scr, int cs1) {
        return cap3(0x01, cd, cs1, scr);
    }

    static int csetbounds(int cd, int cs1, int rs2) {
        return cap3(0x08, cd, cs1, rs2);
    }

    static int csetboundsexact(int cd, int cs1, int rs2) {
        return cap3(0x09, cd, cs1, rs2);
    }

    static int csetaddr(int cd, int cs1, int rs2) {
        return cap3(0x10, cd, cs1, rs2);
    }

    static int cincoffset(int cd, int cs1, int rs2) {
        return cap3(0x11, cd, cs1, rs2);
    }

    static int cincoffsetimm(int cd, int cs1, int imm) {
        return (imm & 0xFFF) << 20 | cs1 << 15 | 1 << 12 | cd << 7 | 0x5b;
    }

    static int csetboundsimm(int cd, int cs1, int imm) {
        return (imm & 0xFFF) << 20 | cs1 << 15 | 2 << 12 | cd << 7 | 0x5b;
    }

    static int lc(int cd, int rs1, int imm) {
        return Asm.i(imm, rs1, 2, cd, 0x0F);
    }

    static int sc(int cs2, int rs1, int imm) {
        return Asm.s(imm, cs2, rs1, 4, 0x23);
    }

    /** A hart with a0 = a root-derived capability at {@code addr} bounded to {@code len} bytes. */
    static TestHart withBuffer(long addr, long len) {
        TestHart t = new TestHart();
        t.x(A1, addr).x(A2, len);
        t.emit(cspecialrw(A0, 1, 0));        // ca0 := DDC (root)
        t.emit(csetaddr(A0, A0, A1));
        t.emit(csetbounds(A0, A0, A2));
        assertEquals(-1, t.step(3));
        return t;
    }

    @Test
    void resetStateIsRootPccAndDdcAndNullRegisters() {
        TestHart t = new TestHart();
        t.emit(cspecialrw(T0, 0, 0)).emit(cspecialrw(T1, 1, 0));
        assertEquals(-1, t.step(2));
        Capability pcc = t.hart.cap(T0);
        assertTrue(pcc.tag());
        assertEquals(ROOT_META, pcc.meta());
        assertEquals(TestHart.BASE, pcc.address());          // PCC read: address = pc of the instruction
        assertEquals(new Capability(true, ROOT_META, 0), t.hart.cap(T1));
        assertEquals(Capability.NULL, t.hart.cap(A0));
    }

    @Test
    void integerWriteMakesTheRegisterNullDerived() {
        TestHart t = new TestHart();
        t.emit(cspecialrw(T0, 1, 0)).emit(Asm.addi(T0, T0, 5));
        assertEquals(-1, t.step(1));
        assertTrue(t.hart.cap(T0).tag());
        assertEquals(-1, t.step(1));
        assertEquals(new Capability(false, NULL_META, 5), t.hart.cap(T0));   // §1.9
    }

    @Test
    void floatingPointWriteLeavesTheSameNumberedCapabilityAlone() {
        // f10 and c10 (a0) are different registers: fmv.w.x f10 must not make ca0 NULL-derived
        TestHart t = withBuffer(0x80010000L, 16);
        t.x(T0, 3L << 13);
        t.emit(Asm.i(0x300, T0, 2, 0, 0x73));                 // csrrs zero, mstatus, t0: FS = dirty
        t.emit(Asm.r(0x78, 0, 0, 0, A0, 0x53));               // fmv.w.x f10, zero
        t.emit(Asm.addi(A1, A1, 1));
        assertEquals(-1, t.step(3));
        assertTrue(t.hart.cap(A0).tag());
        assertEquals(0x80010000L, t.hart.cap(A0).address());
    }

    @Test
    void setBoundsRoundsAndExactClearsTheTag() {
        // §1.6 table: base 0x80001234 len 0x1000 -> 0x80001230 / 0x80002238, not exact
        TestHart t = withBuffer(0x80001234L, 0x1000);
        Capability c = t.hart.cap(A0);
        assertTrue(c.tag());
        assertEquals(0x80001230L, c.base());
        assertEquals(0x80002238L, c.top().longValue());
        assertEquals(0x48E1230L, c.meta() & CapFormat.EBT_MASK);
        TestHart u = new TestHart();
        u.x(A1, 0x80001234L).x(A2, 0x1000).x(A3, 0xFFF);
        u.emit(cspecialrw(A0, 1, 0)).emit(csetaddr(A0, A0, A1)).emit(csetboundsexact(T0, A0, A2))
                .emit(csetboundsexact(T1, A0, A3)).emit(csetboundsimm(T2, A0, 0xFFF));
        assertEquals(-1, u.step(5));
        assertFalse(u.hart.cap(T0).tag());                // inexact
        assertTrue(u.hart.cap(T1).tag());                 // 0xFFF is exact (IE = 0)
        assertEquals(0x80002233L, u.hart.cap(T1).top().longValue());
        assertEquals(u.hart.cap(T1), u.hart.cap(T2));     // the immediate form
    }

    @Test
    void setBoundsOutsideTheSourceClearsTheTag() {
        TestHart t = withBuffer(0x80001000L, 0x10);
        t.x(A2, 0x11);
        t.emit(csetbounds(T0, A0, A2));
        assertEquals(-1, t.step(1));
        assertFalse(t.hart.cap(T0).tag());
    }

    @Test
    void crrlAndCramFollowTheTable() {
        long[][] rows = {{0x1001, 0x1008, 0xFFFFFFFFFFFFFFF8L}, {0x1FFF, 0x2000, 0xFFFFFFFFFFFFFFF0L},
            {0x12345, 0x12380, 0xFFFFFFFFFFFFFF80L}, {0xFFF, 0xFFF, -1L}, {-1L, 0, 0xFF80000000000000L}};
        for (long[] r : rows) {
            TestHart t = new TestHart();
            t.x(A1, r[0]);
            t.emit(sel(0x08, A2, A1)).emit(sel(0x09, A3, A1));
            assertEquals(-1, t.step(2));
            assertEquals(r[1], t.x(A2), "CRRL " + Long.toHexString(r[0]));
            assertEquals(r[2], t.x(A3), "CRAM " + Long.toHexString(r[0]));
        }
    }

    @Test
    void gettersReadTheFields() {
        TestHart t = withBuffer(0x80001000L, 0x40);
        t.x(A1, 0x10);
        t.emit(cincoffset(A0, A0, A1));
        int[] sels = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x0F, 0x18, 0x17};
        for (int k = 0; k < sels.length; k++) {
            t.emit(sel(sels[k], 16, A0));
        }
        assertEquals(-1, t.step(1));
        long[] expect = {0x78FFF, -1L, 0x80001000L, 0x40, 1, 0, 0x10, 0, 0x80001010L, 0x80001040L,
            CapFormat.toMemory(t.hart.cap(A0).meta())};
        for (int k = 0; k < sels.length; k++) {
            assertEquals(-1, t.step(1));
            assertEquals(expect[k], t.x(16), "selector " + sels[k]);
        }
    }

    @Test
    void hybridLoadsAreCheckedAgainstDdc() {
        // DDC := a 16-byte capability; a load of byte 16 faults with idx 0x21 (DDC), cause 0x01
        TestHart t = withBuffer(0x80010000L, 16);
        t.x(T1, 0x80010000L);
        t.emit(cspecialrw(0, 1, A0));                        // DDC := ca0
        t.emit(Asm.load(4, A3, T1, 15));                     // lbu byte 15: fine
        t.emit(Asm.load(4, A3, T1, 16));                     // byte 16: length violation on DDC
        assertEquals(-1, t.step(2));
        assertEquals(1028, t.step(1));
        assertEquals(28, t.cause);
        assertEquals(0x21 << 5 | 0x01, t.tval);
        assertEquals(0x21, t.hart.lastFaultIndex());
        assertEquals(0x80010010L, t.hart.lastFaultAddress());
    }

    @Test
    void ddcClearedByCClearGivesTagViolation0x422() {
        // CClear q=0, m=1 clears DDC; reference §4.2 example: DDC tag violation = 0x422
        TestHart t = new TestHart();
        t.x(T1, 0x80010000L);
        t.emit(0xFEE0005B | 1 << 7);                         // cclear 0, 0x01
        t.emit(Asm.store(3, A0, T1, 0));
        assertEquals(1028, t.step(2));
        assertEquals(0x422, t.tval);
    }

    @Test
    void storesNeedPermitStoreAndCheckInOrder() {
        TestHart t = withBuffer(0x80010000L, 16);
        t.x(A1, 1 << 2);                                      // Permit_Load only
        t.emit(cap3(0x0D, A0, A0, A1));                       // candperm
        t.emit(0xF800005B | 0x08 << 7 | A0 << 15 | A2 << 20); // sb.cap a2, (ca0)
        assertEquals(1028, t.step(2));
        assertEquals(A0 << 5 | 0x13, t.tval);
    }

    @Test
    void capabilityStoreAndLoadKeepTheTagAndDataStoresClearIt() {
        TestHart t = withBuffer(0x80010000L, 64);
        t.x(T1, 0x80020000L);
        t.emit(sc(A0, T1, 16));                               // hybrid: authority DDC, address t1 + 16
        t.emit(lc(T2, T1, 16));
        t.emit(Asm.store(3, 0, T1, 16));                      // sd zero over the address word
        t.emit(lc(S0, T1, 16));
        assertEquals(-1, t.step(2));
        assertEquals(t.hart.cap(A0), t.hart.cap(T2));
        assertTrue(t.mem.loadTag(0x80020010L));
        assertEquals(-1, t.step(2));
        assertFalse(t.hart.cap(S0).tag());                    // §5.2: data stores clear the tag
        assertEquals(0, t.hart.cap(S0).address());
        assertEquals(t.hart.cap(A0).meta(), t.hart.cap(S0).meta());
    }

    @Test
    void qemuAlternativeLcEncodingDecodesAsLc() {
        TestHart t = withBuffer(0x80010000L, 64);
        t.x(T1, 0x80020000L);
        t.emit(sc(A0, T1, 0)).emit(Asm.i(0, T1, 4, T2, 0x0F));      // lc ct2, 0(t1), funct3 = 100
        assertEquals(-1, t.step(2));
        assertEquals(t.hart.cap(A0), t.hart.cap(T2));
        assertEquals("lc ct2,0(t1)", Disassembler.disassemble(Asm.i(0, T1, 4, T2, 0x0F)));
    }

    @Test
    void loadWithoutPermitLoadCapabilityClearsTheTag() {
        TestHart t = withBuffer(0x80010000L, 64);
        t.x(T1, 0x80010000L).x(A1, (1 << 2) | (1 << 3) | (1 << 5) | 1);
        t.emit(sc(A0, T1, 0));
        t.emit(cap3(0x0D, T2, A0, A1));                       // ct2: load/store/store-cap, no load-cap
        t.emit(0xFA00005B | 0x1F << 20 | T2 << 15 | S0 << 7); // lc.cap cs0, (ct2)
        assertEquals(-1, t.step(3));
        assertFalse(t.hart.cap(S0).tag());
        assertEquals(0x80010000L, t.hart.cap(S0).address());
    }

    @Test
    void storingALocalCapabilityNeedsStoreLocal() {
        TestHart t = withBuffer(0x80010000L, 64);
        t.x(T1, 0x80010000L).x(A1, 0xFFFF & ~1 & ~(1 << 6));      // no Global, no Store_Local
        t.emit(cap3(0x0D, T2, A0, A1));
        t.emit(0xF800005B | 0x0C << 7 | T2 << 15 | T2 << 20);    // sc.cap ct2, (ct2): stores a local cap
        assertEquals(1028, t.step(2));
        assertEquals(T2 << 5 | 0x16, t.tval);
    }

    @Test
    void misalignedCapabilityAccessesAreCause4And6() {
        TestHart t = withBuffer(0x80010000L, 64);
        t.x(T1, 0x80010008L);
        t.emit(lc(T2, T1, 0));
        assertEquals(1004, t.step(1));
        TestHart u = withBuffer(0x80010000L, 64);
        u.x(T1, 0x80010008L);
        u.emit(sc(A0, T1, 0));
        assertEquals(1006, u.step(1));
    }

    @Test
    void cloadTagsReadsFourTags() {
        TestHart t = withBuffer(0x80010000L, 64);
        t.x(T1, 0x80010000L);
        t.emit(sc(A0, T1, 0)).emit(sc(A0, T1, 32)).emit(sel(0x12, A3, A0));
        assertEquals(-1, t.step(3));
        assertEquals(0b0101, t.x(A3));
    }

    @Test
    void sealUnsealAndSealedAccess() {
        TestHart t = withBuffer(0x80010000L, 64);
        t.x(A1, 42);
        t.emit(cspecialrw(T0, 1, 0)).emit(csetaddr(T0, T0, A1));      // sealer: root with address 42
        t.emit(cap3(0x0B, T1, A0, T0));                              // cseal ct1, ca0, ct0
        t.emit(cap3(0x0C, T2, T1, T0));                              // cunseal ct2, ct1, ct0
        t.emit(cincoffsetimm(S0, T1, 1));                            // on a sealed cap: tag cleared
        t.emit(sel(0x01, A2, T1));                                   // cgettype
        t.emit(0xFA00005B | 0x0C << 20 | T1 << 15 | A3 << 7);        // lbu.cap a3, (ct1): seal violation
        assertEquals(-1, t.step(6));
        assertTrue(t.hart.cap(T1).tag());
        assertEquals(42, t.hart.cap(T1).otype());
        assertEquals(t.hart.cap(A0), t.hart.cap(T2));
        assertFalse(t.hart.cap(S0).tag());
        assertEquals(42, t.x(A2));
        assertEquals(1028, t.step(1));
        assertEquals(T1 << 5 | 0x03, t.tval);
    }

    @Test
    void divergenceCSetAddrPreciseVersusCIncOffsetFast() {
        // §1.8 / §8.1 example: EBT 0x5966AD6, address 0x194F55A61AB50000 -> 0x194F55A627FFE932
        TestHart t = new TestHart();
        long meta = (ROOT_META & ~CapFormat.EBT_MASK) | 0x5966AD6L;
        long from = 0x194F55A61AB50000L, to = 0x194F55A627FFE932L;
        t.hart.setCap(A0, new Capability(true, meta, from));
        t.x(A1, to).x(A2, to - from);
        t.emit(csetaddr(T0, A0, A1)).emit(cincoffset(T1, A0, A2));
        assertEquals(-1, t.step(2));
        assertTrue(t.hart.cap(T0).tag(), "CSetAddr: precise check keeps the tag");
        assertFalse(t.hart.cap(T1).tag(), "CIncOffset: fast check clears it");
        assertEquals(to, t.hart.cap(T1).address());
    }

    @Test
    void divergenceCFromPtrUsesTheFastCheckAsSail() {
        // §8.1: CFromPtr = CSetOffset, fast check in the Sail model (QEMU: precise). Same example as above.
        TestHart t = new TestHart();
        long meta = (ROOT_META & ~CapFormat.EBT_MASK) | 0x5966AD6L;
        long from = 0x194F55A61AB50000L, to = 0x194F55A627FFE932L, base = 0x194F55A61AB40000L;
        t.hart.setCap(A0, new Capability(true, meta, from));
        assertEquals(base, t.hart.cap(A0).base());
        t.x(A1, to - base);
        t.emit(cap3(0x13, T0, A0, A1));
        assertEquals(-1, t.step(1));
        assertEquals(to, t.hart.cap(T0).address());
        assertFalse(t.hart.cap(T0).tag());
    }

    @Test
    void divergenceLrCCapUsesTheCursorOnly() {
        // §8.3: the Sail model's LR.C.CAP adds x[cs1] to the address a second time (a model bug);
        // we follow QEMU: the address is cs1.address
        TestHart t = withBuffer(0x80010000L, 64);
        t.x(T1, 0x80010000L);
        t.emit(sc(A0, T1, 0));
        t.emit(0xFA00005B | 0x1C << 20 | A0 << 15 | T2 << 7);      // lr.c.cap ct2, (ca0)
        assertEquals(-1, t.step(2));
        assertEquals(t.hart.cap(A0), t.hart.cap(T2));
    }

    @Test
    void sentryCallAndReturn() {
        TestHart t = new TestHart();
        long target = TestHart.BASE + 0x100;
        t.x(A1, target);
        t.emit(cspecialrw(T0, 0, 0)).emit(csetaddr(T0, T0, A1)).emit(sel(0x11, T0, T0)); // csealentry
        t.emit(sel(0x0C, 1, T0));                            // jalr.cap cra, ct0
        assertEquals(-1, t.step(4));
        assertEquals(target, t.hart.pc());
        Capability link = t.hart.cap(1);
        assertTrue(link.tag());
        assertEquals(-2, link.type());                         // the link is a sentry
        assertEquals(TestHart.BASE + 16, link.address());
        assertEquals(-1, t.hart.specialCap(Hart.SCR_PCC).type());   // PCC was unsealed
    }

    @Test
    void capabilityModeReinterpretsAuipcAndUsesCapabilityBases() {
        TestHart t = new TestHart();
        long cm = TestHart.BASE + 0x100;
        t.x(A1, cm).x(T2, 1);
        t.emit(cspecialrw(T0, 0, 0)).emit(csetaddr(T0, T0, A1)).emit(cap3(0x0E, T0, T0, T2)); // csetflags 1
        t.emit(sel(0x0C, 0, T0));                            // jalr.cap cnull, ct0: enter capability mode
        t.emit = cm;
        t.emit(0x00000517);                                  // auipcc ca0, 0
        t.emit(Asm.load(3, A3, A0, 0));                      // ld a3, 0(ca0): authority ca0 (tagged)
        t.emit(Asm.addi(A0, A0, 0));                         // integer: ca0 becomes NULL-derived
        t.emit(Asm.load(3, A3, A0, 0));                      // tag violation on c10
        assertEquals(-1, t.step(4));
        assertTrue(t.hart.capabilityMode());
        assertEquals(-1, t.step(1));
        Capability c = t.hart.cap(A0);
        assertTrue(c.tag());
        assertEquals(cm, c.address());
        assertEquals(1, c.flags());
        assertEquals(-1, t.step(2));
        assertEquals(1028, t.step(1));
        assertEquals(A0 << 5 | 0x02, t.tval);
    }

    @Test
    void jumpOutsidePccIsALengthViolationOnPcc() {
        TestHart t = new TestHart();
        t.x(A1, TestHart.BASE).x(A2, 0x1000).x(A3, TestHart.BASE + 0x2000);
        t.emit(cspecialrw(T0, 0, 0)).emit(csetaddr(T0, T0, A1)).emit(csetbounds(T0, T0, A2));
        t.emit(cincoffsetimm(T0, T0, 20));
        t.emit(sel(0x0C, 0, T0));                            // jalr.cap: PCC := [BASE, BASE+0x1000)
        t.emit(Asm.i(0, A3, 0, 0, 0x67));                   // jr a3: outside PCC
        assertEquals(-1, t.step(5));
        assertEquals(1028, t.step(1));
        assertEquals(0x20 << 5 | 0x01, t.tval);
    }

    @Test
    void trapEntersThroughMtccAndMretRestoresPccFromMepcc() {
        TestHart t = new TestHart();
        long handler = TestHart.BASE + 0x200;
        t.x(A1, handler).x(T1, 0x80010000L);
        t.emit(Asm.csr(1, 0, 0x305, A1));                    // csrw mtvec, a1
        t.emit(0xFEE0005B | 1 << 7);                         // cclear: DDC := NULL
        t.emit(Asm.load(3, A3, T1, 0));                      // faults: DDC tag violation
        t.emit = handler;
        t.emit(cspecialrw(T2, 31, 0));                       // ct2 := MEPCC
        t.emit(Asm.csr(2, S0, 0x343, 0));                    // csrr s0, mtval
        assertEquals(-1, t.step(3));
        assertEquals(handler, t.hart.pc());
        assertEquals(-1, t.step(2));
        Capability mepcc = t.hart.cap(T2);
        assertTrue(mepcc.tag());
        assertEquals(TestHart.BASE + 8, mepcc.address());
        assertEquals(0x422, t.x(S0));
    }

    @Test
    void specialRegistersNeedAccessSystemRegisters() {
        TestHart t = new TestHart();
        long next = TestHart.BASE + 0x100;
        t.x(A1, next).x(A2, 0xFFFF & ~(1 << 10));
        t.emit(cspecialrw(T0, 0, 0)).emit(csetaddr(T0, T0, A1)).emit(cap3(0x0D, T0, T0, A2));
        t.emit(sel(0x0C, 0, T0));                            // PCC without ASR
        t.emit = next;
        t.emit(cspecialrw(T1, 1, 0));                        // DDC: no ASR needed
        t.emit(cspecialrw(T1, 28, 0));                       // MTCC: ASR violation, idx 0x20|28
        assertEquals(-1, t.step(5));
        assertEquals(1028, t.step(1));
        assertEquals((0x20 | 28) << 5 | 0x18, t.tval);
    }

    @Test
    void writingPccIsIllegal() {
        TestHart t = new TestHart();
        t.emit(cspecialrw(0, 0, T0));
        assertEquals(1002, t.step(1));
    }

    @Test
    void disassemblyUsesQemuCheriSpelling() {
        // words from the QEMU-CHERI log (reference trace sample)
        assertEquals("cspecialrw ct0,scr0,cnull", Disassembler.disassemble(0x020002db));
        assertEquals("csetaddr ct0,ct0,a0", Disassembler.disassemble(0x20a282db));
        assertEquals("csetbounds ct0,ct0,16", Disassembler.disassemble(0x0102a2db));
        assertEquals("csetoffset ct1,ct0,a1", Disassembler.disassemble(0x1eb2835b));
        assertEquals("sc ct1,0(t0)", Disassembler.disassemble(0x0062c023));
        assertEquals("lc ct2,0(t0)", Disassembler.disassemble(0x0002a38f));
        assertEquals("cgettag a0,ct0", Disassembler.disassemble(0xfe42855b));
        assertEquals("csetbounds ct0,ct0,a0", Disassembler.disassemble(csetbounds(T0, T0, A0)));
        assertEquals("jalr.cap cra,ct0", Disassembler.disassemble(sel(0x0C, 1, T0)));
        assertEquals("lbu.cap a1,ct0", Disassembler.disassemble(0xfac285db));
    }

    @Test
    void capabilityModeDisassembly() {
        assertEquals("auipcc ca0,0", Disassembler.disassemble(0x00000517, Long.MIN_VALUE, true));
        assertEquals("cjalr cnull,0(cra)", Disassembler.disassemble(0x8082, 0, true));       // c.cjr cra
        assertEquals("cjalr cra,0(ct2)", Disassembler.disassemble(0x9382, 0, true));         // c.cjalr ct2
        assertEquals("cincoffset csp,csp,-32", Disassembler.disassemble(0x713d, 0, true));   // c.cincoffset16csp
        assertEquals("cincoffset ca0,csp,16", Disassembler.disassemble(0x0808, 0, true));    // c.cincoffset4cspn
        assertEquals("clc ca1,496(ca2)", Disassembler.disassemble(0x3e6c, 0, true));         // vectors file
        assertEquals("csc ca3,336(ca4)", Disassembler.disassemble(0xaf34, 0, true));
        assertEquals("clc cra,1008(csp)", Disassembler.disassemble(0x30fe, 0, true));
        assertEquals("csc cra,1008(csp)", Disassembler.disassemble(0xbf86, 0, true));
        assertEquals("ld a3,0(ca0)", Disassembler.disassemble(Asm.load(3, A3, A0, 0), 0, true));
        assertEquals("ld a3,0(a0)", Disassembler.disassemble(Asm.load(3, A3, A0, 0), 0, false));
    }
}
