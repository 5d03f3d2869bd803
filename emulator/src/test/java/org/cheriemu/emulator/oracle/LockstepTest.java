package org.cheriemu.emulator.oracle;

import org.cheriemu.emulator.ExitStatus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.cheriemu.emulator.cpu.Environment;
import org.cheriemu.emulator.cpu.GuestExit;
import org.cheriemu.emulator.cpu.Hart;
import org.cheriemu.emulator.cpu.HartView;
import org.cheriemu.emulator.nativelib.NativeTestSupport;
import org.cheriemu.emulator.nativelib.Unicorn;
import org.cheriemu.isa.memory.Page;
import org.cheriemu.isa.memory.TaggedMemory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Lockstep on small programs: agreement, a real divergence and its report, a CHERI stop, the limit. */
class LockstepTest {

    static final long CODE = 0x10000, DATA = 0x20000;

    /** A minimal user-mode environment: ecall exits with a0; pages below 0x100000 exist on demand. */
    static final class TinyEnv implements Environment {
        final TaggedMemory memory;

        TinyEnv(TaggedMemory memory) {
            this.memory = memory;
        }

        @Override
        public void ecall(HartView hart) {
            if (hart.getX(17) == 64) {              // write(fd, buf, len): pretend, and store a marker into buf
                hart.memory().store8(hart.getX(11), 'W');
                hart.setX(10, hart.getX(12));
                return;
            }
            if (hart.getX(17) == 129 && handler >= 0) {  // kill(self): the handler runs when the call returns
                hart.setX(10, 9);
                ((Hart) hart).setPc(handler);
                return;
            }
            throw new GuestExit((int) hart.getX(10), null);
        }

        @Override
        public Page resolvePage(long pageNumber, int access) {
            return pageNumber < (0x100000 >>> Page.SHIFT) ? memory.pageOrCreate(pageNumber) : null;
        }

        /** When set, a trap "delivers a signal": a0 = cause, pc = handler. */
        long handler = -1;

        @Override
        public void unhandledTrap(HartView hart, long cause, long tval) {
            if (handler >= 0) {
                hart.setX(10, cause);
                ((Hart) hart).setPc(handler);
                return;
            }
            throw new GuestExit(128 + 11, "trap " + cause + " at 0x" + Long.toHexString(hart.pc()));
        }
    }

    @BeforeEach
    void needsUnicorn() {
        NativeTestSupport.requireUnicorn();
    }

    static Lockstep.Result run(long limit, int... words) {
        return runInjected(limit, -1, 0, words);
    }

    static Lockstep.Result runInjected(long limit, long injectAt, int injectRegister, int... words) {
        return runWith(limit, injectAt, injectRegister, -1, words);
    }

    static Lockstep.Result runWith(long limit, long injectAt, int injectRegister, long handler, int... words) {
        TaggedMemory mem = new TaggedMemory();
        for (int i = 0; i < words.length; i++) {
            mem.store32(CODE + 4L * i, words[i]);
        }
        TinyEnv env = new TinyEnv(mem);
        env.handler = handler;
        Hart hart = new Hart(mem, env, null, true, 0);
        hart.setPc(CODE);
        hart.setX(2, DATA + 0x800);
        try (Unicorn uc = Unicorn.open()) {
            Lockstep l = new Lockstep(hart, env, uc);
            if (injectAt >= 0) {
                l.injectDivergence(injectAt, injectRegister);
            }
            return l.run(limit);
        }
    }

    static int addi(int rd, int rs1, int imm) {
        return (imm & 0xFFF) << 20 | rs1 << 15 | rd << 7 | 0x13;
    }

    static int lui(int rd, int imm20) {
        return imm20 << 12 | rd << 7 | 0x37;
    }

    static final int ECALL = 0x73;

    @Test
    void agreeingProgramExitsWithItsStatus() {
        Lockstep.Result r = run(Long.MAX_VALUE,
                lui(11, 0x20), addi(12, 0, 5), addi(17, 0, 64), ECALL,   // write(.., 0x20000, 5): our env stores 'W'
                0x0005C503,                                               // lbu a0, 0(a1): both must see 'W'
                0x00A5B423,                                               // sd a0, 8(a1)
                addi(10, 10, -'W' + 7), addi(17, 0, 93), ECALL);          // exit(7)
        assertEquals(Lockstep.Outcome.GUEST_EXIT, r.outcome(), r.report());
        assertEquals(7, r.status());
        assertEquals(9, r.instructions());
        assertEquals(Map.of(), r.errataRepaired());
    }

    @Test
    void divergenceStopsTheRunWithAReport() {
        // Unicorn's a0 is disturbed after the 2nd instruction: the comparison before the 3rd must see it.
        Lockstep.Result r = runInjected(Long.MAX_VALUE, 2, 10, addi(5, 0, 1), addi(10, 0, 40), addi(10, 10, 2),
                addi(17, 0, 93), ECALL);
        assertEquals(Lockstep.Outcome.DIVERGED, r.outcome());
        assertEquals(ExitStatus.LOCKSTEP_DIVERGED, r.status());
        assertEquals(2, r.instructions());
        String report = r.report();
        assertTrue(report.startsWith("cheri-emu: lockstep: divergence after 2 instructions: registers differ: a0"), report);
        assertTrue(report.contains("last instruction: 0x10004: 02800513  [addi a0,zero,40]  [capstone: addi a0, zero, 0x28]"), report);
        assertTrue(report.contains("a0     0000000000000028   0000000000000029   <-- differs"), report);
        assertTrue(report.contains("t0     0000000000000001   0000000000000001"), report);
    }

    @Test
    void counterReadsAreInputsNotDivergences() {
        // rdcycle / rdtime / rdinstret: our hart derives them from instret, Unicorn from the host clock.
        Lockstep.Result r = run(Long.MAX_VALUE, 0xC0002573, 0xC01025F3, 0xC0202673, addi(10, 0, 0), addi(17, 0, 93), ECALL);
        assertEquals(Lockstep.Outcome.GUEST_EXIT, r.outcome(), r.report());
        assertEquals(2, r.counterReads(), "cycle and instret");
        assertEquals(Map.of(UnicornErrata.TIME_CSR_ILLEGAL, 1L), r.errataRepaired(), "time");
    }

    @Test
    void faultsDeliveredToAGuestHandlerAreFollowed() {
        // A load from an unmapped page, then an illegal instruction: each time the environment
        // "delivers a signal" (pc = handler, a0 = cause); the handler adds a0 to s0 and returns
        // to s1, set before each fault. Exit status s0 = 5 + 2.
        Lockstep.Result r = runWith(Long.MAX_VALUE, -1, 0, CODE + 0x28,
                lui(11, 0x400),          // 0x10000 a1 = 0x400000 (no page)
                0x00000497,              // 0x10004 auipc s1, 0
                addi(9, 9, 12),          // 0x10008 s1 = 0x10010
                0x0005B503,              // 0x1000c ld a0, 0(a1): load access fault
                0x00000497,              // 0x10010 auipc s1, 0
                addi(9, 9, 12),          // 0x10014 s1 = 0x1001c
                0x00000000,              // 0x10018 illegal instruction
                addi(10, 8, 0),          // 0x1001c a0 = s0
                addi(17, 0, 93),         // 0x10020
                ECALL,                   // 0x10024 exit(a0)
                0x00A40433,              // 0x10028 handler: add s0, s0, a0
                0x00048067);             // 0x1002c jr s1
        assertEquals(Lockstep.Outcome.GUEST_EXIT, r.outcome(), r.report());
        assertEquals(7, r.status());
        assertEquals(2, r.resyncs());
    }

    @Test
    void aHandlerEnteredAtSystemCallReturnIsFollowed() {
        Lockstep.Result r = runWith(Long.MAX_VALUE, -1, 0, CODE + 0x1C,
                0x00000497,              // 0x10000 auipc s1, 0
                addi(9, 9, 16),          // 0x10004 s1 = 0x10010
                addi(17, 0, 129),        // 0x10008
                ECALL,                   // 0x1000c kill: handler with a0 = 9
                addi(10, 8, 0),          // 0x10010 a0 = s0
                addi(17, 0, 93),         // 0x10014
                ECALL,                   // 0x10018 exit(a0)
                0x00A40433,              // 0x1001c handler: add s0, s0, a0
                0x00048067);             // 0x10020 jr s1
        assertEquals(Lockstep.Outcome.GUEST_EXIT, r.outcome(), r.report());
        assertEquals(9, r.status());
        assertEquals(1, r.resyncs());
    }

    @Test
    void selfModifyingCodeStaysInStep() {
        // Overwrite the instruction at 0x10018 (addi a0,zero,1) with addi a0,zero,42, fence.i, run it, exit(a0).
        int patched = addi(10, 0, 42);
        Lockstep.Result r = run(Long.MAX_VALUE,
                lui(11, 0x10),                               // a1 = 0x10000
                lui(12, (patched + 0x800) >>> 12),           // a2 = patched (lui + addi)
                addi(12, 12, patched << 20 >> 20),
                0x00C5AC23,                                  // sw a2, 24(a1)
                0x0000100F,                                  // fence.i
                0x00000013,                                  // nop
                addi(10, 0, 1),                              // 0x10018: patched to addi a0,zero,42
                addi(17, 0, 93), ECALL);
        assertEquals(Lockstep.Outcome.GUEST_EXIT, r.outcome(), r.report());
        assertEquals(42, r.status());
    }

    @Test
    void cheriInstructionStopsTheRun() {
        // CGetTag a0, a1 (0x5b major opcode) after one plain instruction.
        Lockstep.Result r = run(Long.MAX_VALUE, addi(5, 0, 1), 0xFE05855B);
        assertEquals(Lockstep.Outcome.CHERI_INSTRUCTION, r.outcome());
        assertEquals(ExitStatus.CHERI_NOT_SUPPORTED_BY_ORACLE, r.status());
        assertTrue(r.report().contains("CHERI instruction fe05855b at pc 0x10004"), r.report());
    }

    @Test
    void instructionLimit() {
        Lockstep.Result r = run(3, addi(5, 5, 1), addi(5, 5, 1), 0xFF9FF06F);   // loop: j -8
        assertEquals(Lockstep.Outcome.LIMIT, r.outcome());
        assertEquals(3, r.instructions());
    }

    @Test
    void faultsEndTheRunAsOnOurInterpreter() {
        Lockstep.Result r = run(Long.MAX_VALUE, lui(11, 0x400), 0x0005B503);     // ld a0, 0(a1) at 0x400000: no page
        assertEquals(Lockstep.Outcome.GUEST_EXIT, r.outcome(), r.report());
        assertEquals(139, r.status());
    }

    @Test
    void cheriEncodings() {
        assertTrue(CheriEncodings.isCheri(0xFE05855B));
        assertTrue(CheriEncodings.isCheri(0x0005A50F));    // lc: MISC-MEM, funct3 010
        assertTrue(CheriEncodings.isCheri(0x00A5C023));    // sc: STORE, funct3 100
        assertFalse(CheriEncodings.isCheri(0x0000000F));   // fence
        assertFalse(CheriEncodings.isCheri(0x00A5B023));   // sd
        assertFalse(CheriEncodings.isCheri(0x4515));       // c.li a0,5
    }
}
