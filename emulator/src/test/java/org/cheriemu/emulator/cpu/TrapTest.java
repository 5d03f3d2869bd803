package org.cheriemu.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Privileged behaviour: CSRs, M/U traps, mret (privileged spec §3). */
class TrapTest {
    static final long B = TestHart.BASE;

    static int csrrw(int rd, int csr, int rs1) {
        return Asm.csr(1, rd, csr, rs1);
    }

    static int csrrs(int rd, int csr, int rs1) {
        return Asm.csr(2, rd, csr, rs1);
    }

    static int csrrc(int rd, int csr, int rs1) {
        return Asm.csr(3, rd, csr, rs1);
    }

    /** M-mode code that installs a handler at B+64, drops to U-mode at B+48 and reads the trap CSRs there. */
    static TestHart uToM(int userInsn) {
        TestHart t = new TestHart();
        t.emit(0x00000297)                       // 0: auipc t0,0
                .emit(Asm.addi(5, 5, 64))        // 4: t0 = handler
                .emit(csrrw(0, 0x305, 5))        // 8: mtvec = t0
                .emit(0x00000397)                // 12: auipc t2,0
                .emit(Asm.addi(7, 7, 36))        // 16: t2 = B+48
                .emit(csrrw(0, 0x341, 7))        // 20: mepc = t2
                .emit(0x00002337)                // 24: lui t1,2
                .emit(Asm.addi(6, 6, -2048))     // 28: t1 = 0x1800
                .emit(csrrc(0, 0x300, 6))        // 32: MPP = U
                .emit(Asm.MRET)                  // 36
                .emit(Asm.addi(0, 0, 0))         // 40
                .emit(Asm.addi(0, 0, 0))         // 44
                .emit(userInsn)                  // 48: in U-mode
                .emit(Asm.addi(0, 0, 0))         // 52
                .emit(Asm.addi(0, 0, 0))         // 56
                .emit(Asm.addi(0, 0, 0))         // 60
                .emit(csrrs(9, 0x342, 0))        // 64: s1 = mcause
                .emit(csrrs(18, 0x341, 0))       // s2 = mepc
                .emit(csrrs(19, 0x343, 0))       // s3 = mtval
                .emit(csrrs(20, 0x300, 0))       // s4 = mstatus
                .emit(0x0000006f);               // j .
        return t;
    }

    @Test
    void illegalCsrAccessFromUserModeTrapsToMachineMode() {
        int insn = csrrs(10, 0x300, 0);          // csrr a0, mstatus
        TestHart t = uToM(insn);
        assertEquals(-1, t.step(15));
        assertEquals(2L, t.x(9), "mcause: illegal instruction");
        assertEquals(B + 48, t.x(18), "mepc");
        assertEquals(insn & 0xFFFFFFFFL, t.x(19), "mtval: the instruction bits");
        assertEquals(0L, (t.x(20) >>> 11) & 3, "MPP = U");
        assertEquals(Hart.PRIV_M, t.hart.privilege());
    }

    @Test
    void ecallFromUserMode() {
        TestHart t = uToM(Asm.ECALL);
        assertEquals(-1, t.step(15));
        assertEquals(8L, t.x(9));
        assertEquals(B + 48, t.x(18));
        assertEquals(0L, t.x(19));
    }

    @Test
    void mretFromUserModeIsIllegal() {
        TestHart t = uToM(Asm.MRET);
        assertEquals(-1, t.step(15));
        assertEquals(2L, t.x(9));
        assertEquals(0x30200073L, t.x(19));
    }

    @Test
    void wfiInUserModeWaitsUnlessTrapped() {
        TestHart t = uToM(0x10500073);            // wfi in U-mode, mstatus.TW = 0: no trap
        assertEquals(-1, t.step(11));             // 10 M-mode instructions, then the wfi
        assertEquals(B + 52, t.hart.pc(), "wfi completed");
        assertEquals(Hart.PRIV_U, t.hart.privilege());
        TestHart l = new TestHart(true).emit(0x10500073);
        assertEquals(1002, l.step(1), "Linux user mode: SIGILL, as qemu-riscv64");
    }

    @Test
    void userModeMayReadCountersOnlyWhenEnabled() {
        TestHart t = uToM(csrrs(10, 0xC00, 0));  // rdcycle in U with mcounteren = 0
        assertEquals(-1, t.step(15));
        assertEquals(2L, t.x(9));
    }

    @Test
    void machineCsrsReadBack() {
        TestHart t = new TestHart().x(1, 0x1234_5679L)
                .emit(csrrw(0, 0x340, 1))           // mscratch
                .emit(csrrs(2, 0x340, 0))
                .emit(csrrw(0, 0x341, 1))           // mepc: bit 0 reads 0
                .emit(csrrs(3, 0x341, 0))
                .emit(csrrs(4, 0x301, 0))           // misa
                .emit(csrrs(5, 0xF14, 0))           // mhartid
                .emit(csrrw(0, 0x305, 1))           // mtvec = ...79: mode 1 (vectored), base aligned
                .emit(csrrs(6, 0x305, 0))
                .emit(csrrs(7, 0xC02, 0));          // instret
        assertEquals(-1, t.step(9));
        assertEquals(0x1234_5679L, t.x(2));
        assertEquals(0x1234_5678L, t.x(3));
        assertEquals(Hart.MISA, t.x(4));
        assertEquals(0L, t.x(5));
        assertEquals(0x1234_5679L, t.x(6));
        assertEquals(8L, t.x(7), "instret counts the instructions before this one");
    }

    @Test
    void writingAReadOnlyCsrIsIllegal() {
        TestHart t = new TestHart().x(1, 5).emit(csrrw(0, 0xF14, 1));
        assertEquals(1002, t.step(1));
        TestHart u = new TestHart().emit(csrrs(2, 0x7C0, 0));   // a custom CSR that does not exist
        assertEquals(1002, u.step(1));
    }

    @Test
    void floatingPointIsOffUntilMstatusFsIsSet() {
        int fmvxd = 0xe2050553;                      // fmv.x.d a0,fa0
        TestHart t = new TestHart().emit(fmvxd);
        assertEquals(1002, t.step(1));
        TestHart on = new TestHart().x(1, 1L << 13)
                .emit(Asm.csr(2, 0, 0x300, 1))       // mstatus.FS = Initial
                .emit(fmvxd);
        assertEquals(-1, on.step(2));
        assertEquals(3L, (on.hart.getX(0) | 3), "sanity");
    }

    @Test
    void linuxModeHandsTrapsToTheEnvironment() {
        TestHart t = new TestHart(true).emit(0xFFFFFFFF);
        assertEquals(1002, t.step(1));
        assertEquals(0xFFFFFFFFL, t.tval);
        TestHart e = new TestHart(true).emit(Asm.ECALL).emit(Asm.ECALL);
        assertEquals(-1, e.step(2));
        assertEquals(2, e.ecalls);
        TestHart b = new TestHart(true).emit(Asm.EBREAK);
        assertEquals(1003, b.step(1));
        TestHart s = new TestHart(true).x(1, 0x1000).emit(Asm.load(3, 2, 1, 0));
        assertEquals(1005, s.step(1), "load from unmapped memory: load access fault");
        assertEquals(0x1000L, s.tval);
    }

    @Test
    void environmentMayMoveThePcDuringAnEcall() {
        TestHart t = new TestHart(true).x(17, 1234)
                .emit(Asm.ECALL).emit(Asm.addi(5, 0, 1)).emit(Asm.addi(6, 0, 2));
        assertEquals(-1, t.step(2));
        assertEquals(0L, t.x(5), "skipped");
        assertEquals(2L, t.x(6));
        assertEquals(1L, t.x(10), "a0 written by the environment");
    }

    @Test
    void environmentMayResumeAfterAnUnhandledTrap() {
        TestHart t = new TestHart(true).x(17, 4321)
                .emit(0xFFFFFFFF).emit(Asm.addi(5, 0, 9));
        assertEquals(-1, t.step(2));
        assertEquals(2L, t.x(10), "the handler saw the cause");
        assertEquals(9L, t.x(5), "execution resumed at the pc the environment set");
    }

    @Test
    void trapWithoutHandlerEndsTheRun() {
        TestHart t = new TestHart().emit(0);          // c.illegal
        assertEquals(1002, t.step(1));
        assertEquals(0L, t.tval);
    }

    @Test
    void selfModifyingCodeIsSeen() {
        // 0: addi a0,zero,1 ; 4: sw t1, 8(t0) (patches the instruction at 12) ; 8: nop ; 12: addi a0,zero,2
        TestHart t = new TestHart().x(5, B).x(6, Asm.addi(10, 0, 7));
        t.emit(Asm.addi(10, 0, 1)).emit(Asm.store(2, 6, 5, 12)).emit(Asm.addi(0, 0, 0)).emit(Asm.addi(10, 0, 2));
        assertEquals(-1, t.step(4));
        assertEquals(7L, t.x(10), "the patched instruction ran");
    }
}
