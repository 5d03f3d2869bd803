package org.cheriemu.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compiled regions against the interpreter: the same random looping program runs on a hart that
 * interprets everything and on one that compiles every page at its first sample, stepped by the
 * same random instruction counts; after every step both must agree on every register (x and f), the pc, the
 * retired-instruction count and the scratch memory. The programs read instret mid-loop (a CSR
 * the compiler leaves to the interpreter), trap mid-block on a load, and rewrite their own code.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RegionCompilerTest {
    static final long SCRATCH = TestHart.BASE + (1 << 20);
    static final int SCRATCH_BYTES = 2048;
    /**
     * x27 points at the scratch area, x26 counts loop iterations, x21..x25 belong to the fixtures
     * (x24 accumulates what the rewritten instruction adds).
     */
    static final int[] RD = {1, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 28, 29, 30, 31};
    static final int[][] R = {{0, 0}, {0x20, 0}, {0, 1}, {0, 2}, {0, 3}, {0, 4}, {0, 5}, {0x20, 5}, {0, 6}, {0, 7},
        {1, 0}, {1, 1}, {1, 2}, {1, 3}, {1, 4}, {1, 5}, {1, 6}, {1, 7}};
    static final int[][] R32 = {{0, 0}, {0x20, 0}, {0, 1}, {0, 5}, {0x20, 5}, {1, 0}, {1, 4}, {1, 5}, {1, 6}, {1, 7}};

    /** Emits the random loop; the fixture hooks may add their own instructions to the body. */
    static void program(TestHart t, long seed, int iterations, boolean trapLoad, boolean selfModify) {
        assertTrue(iterations > 0 && iterations < 2048, "the loop count is an addi immediate");
        SplittableRandom r = new SplittableRandom(seed);
        t.emit(Asm.lui(27, (int) (SCRATCH >>> 12) & 0xFFFFF));      // sign-extends: fixed below
        t.emit(Asm.i(32, 27, 1, 27, 0x13)).emit(Asm.i(32, 27, 5, 27, 0x13));   // slli/srli 32: zero-extend
        t.emit(Asm.addi(26, 0, iterations));
        if (trapLoad) {
            // x25 walks up one page per iteration and leaves RAM before the loop ends
            t.emit(Asm.lui(24, 1));
            t.emit(Asm.auipc(25, (int) ((TestHart.RAM - 30 * 4096) >>> 12)));
        }
        t.emit(Asm.lui(21, 6)).emit(Asm.csr(2, 0, 0x300, 21));           // mstatus.FS = dirty: F and D on
        for (int reg : RD) {
            t.emit(Asm.addi(reg, 0, r.nextInt(4096) - 2048));
            if (r.nextBoolean()) {
                t.emit(Asm.i(r.nextInt(64), reg, 1, reg, 0x13));    // slli: spread the bits
            }
        }
        long loop = t.emit;
        int body = 60 + r.nextInt(140);
        for (int k = 0; k < body; k++) {
            int rd = RD[r.nextInt(RD.length)];
            int rs1 = r.nextInt(8) == 0 ? 0 : RD[r.nextInt(RD.length)];
            int rs2 = r.nextInt(8) == 0 ? 0 : RD[r.nextInt(RD.length)];
            if (trapLoad && k == body / 2) {
                t.emit(Asm.load(3, 5, 25, 0)).emit(Asm.op(0, 0, 25, 25, 24));
            }
            if (selfModify && k == body / 3) {
                // Every iteration stores to this page; every 16th store rewrites the addi after
                // the store (addi x24, x24, iterations-left), the others write its last 64 bytes,
                // which hold no code. So the store runs in compiled code when it hits code.
                t.emit(Asm.auipc(23, 0)).emit(Asm.addi(23, 23, 12 * 4));
                t.emit(Asm.i(15, 26, 7, 22, 0x13));                          // andi x22, x26, 15
                t.emit(Asm.branch(0, 22, 0, 4 * 4));                          // beq x22, x0, over the or
                t.emit(Asm.addi(21, 0, 0x7E0)).emit(Asm.i(1, 21, 1, 21, 0x13)); // x21 = 0xFC0
                t.emit(Asm.op(0, 6, 23, 23, 21));                             // or x23, x23, x21
                t.emit(Asm.i(20, 26, 1, 22, 0x13));                          // slli x22, x26, 20
                // x21 = 0xC0C13, addi x24, x24, 0
                t.emit(Asm.lui(21, 0xC1)).emit(Asm.addi(21, 21, 0xC13 - 0x1000)).emit(Asm.op(0, 0, 22, 22, 21));
                t.emit(Asm.store(2, 22, 23, 0));
                t.emit(Asm.addi(24, 24, 0));
            }
            switch (r.nextInt(16)) {
                case 0, 1, 2 -> {
                    int[] f = R[r.nextInt(R.length)];
                    t.emit(Asm.op(f[0], f[1], rd, rs1, rs2));
                }
                case 3 -> {
                    int[] f = R32[r.nextInt(R32.length)];
                    t.emit(Asm.op32(f[0], f[1], rd, rs1, rs2));
                }
                case 4, 5 -> {
                    int f3 = new int[] {0, 2, 3, 4, 6, 7}[r.nextInt(6)];
                    t.emit(Asm.i(r.nextInt(4096) - 2048, rs1, f3, rd, 0x13));
                }
                case 6 -> {
                    int kind = r.nextInt(6);
                    int f3 = kind % 3 == 0 ? 1 : 5;
                    boolean w = kind >= 3;
                    int sh = r.nextInt(w ? 32 : 64) | (kind % 3 == 2 ? 0x400 : 0);
                    t.emit(Asm.i(sh, rs1, f3, rd, w ? 0x1B : 0x13));
                }
                case 7 -> t.emit(Asm.addiw(rd, rs1, r.nextInt(4096) - 2048));
                case 8 -> t.emit(Asm.lui(rd, r.nextInt(1 << 20)));
                case 9 -> t.emit(Asm.load(new int[] {0, 1, 2, 3, 4, 5, 6}[r.nextInt(7)], rd, 27,
                        r.nextInt(SCRATCH_BYTES - 8)));
                case 10 -> t.emit(Asm.store(r.nextInt(4), rs2, 27, r.nextInt(SCRATCH_BYTES - 8)));
                case 11 -> {
                    // a forward branch over one to three instructions
                    int over = 1 + r.nextInt(3);
                    t.emit(Asm.branch(new int[] {0, 1, 4, 5, 6, 7}[r.nextInt(6)], rs1, rs2, 4 * (over + 1)));
                    for (int j = 0; j < over; j++) {
                        t.emit(Asm.addi(rd, rd, r.nextInt(100)));
                    }
                }
                case 12 -> t.emit(Asm.jal(rd, 8)).emit(Asm.addi(rd, rd, 1));
                case 13, 14 -> emitFp(t, r, rd, rs1);
                default -> t.emit(Asm.csr(2, rd, 0xC02, 0));                // csrr rd, instret
            }
        }
        t.emit(Asm.addi(26, 26, -1));
        t.emit(Asm.branch(1, 26, 0, (int) (loop - t.emit)));              // bne x26, x0, loop
        t.emit(Asm.EBREAK);
        assertTrue(!selfModify || t.emit <= TestHart.BASE + 0xF80, "the last 64 bytes of the page hold no code");
    }

    /** A double-precision instruction on f0..f7, some with an integer source or destination. */
    static void emitFp(TestHart t, SplittableRandom r, int rd, int rs1) {
        int fd = r.nextInt(8), f1 = r.nextInt(8), f2 = r.nextInt(8);
        switch (r.nextInt(9)) {
            case 0 -> t.emit(Asm.r(0x01, f2, f1, 7, fd, 0x53));                  // fadd.d (dynamic rm)
            case 1 -> t.emit(Asm.r(0x09, f2, f1, 0, fd, 0x53));                  // fmul.d
            case 2 -> t.emit(Asm.r(0x69, 2, rs1, 7, fd, 0x53));                  // fcvt.d.l fd, rs1
            case 3 -> t.emit(Asm.r(0x61, 2, f1, 1, rd, 0x53));                   // fcvt.l.d rd, f1, rtz
            case 4 -> t.emit(Asm.r(0x51, f2, f1, 2, rd, 0x53));                  // feq.d rd
            case 5 -> t.emit(Asm.r(0x71, 0, f1, 0, rd, 0x53));                   // fmv.x.d rd
            case 6 -> t.emit(Asm.r(0x79, 0, rs1, 0, fd, 0x53));                  // fmv.d.x fd, rs1
            case 7 -> t.emit(Asm.i(r.nextInt(SCRATCH_BYTES / 8 - 1) * 8, 27, 3, fd, 0x07));  // fld
            default -> t.emit(Asm.s(r.nextInt(SCRATCH_BYTES / 8 - 1) * 8, f1, 27, 3, 0x27)); // fsd
        }
    }

    static TestHart hart(long seed, int iterations, boolean trapLoad, boolean selfModify, boolean compiling) {
        TestHart t = new TestHart();
        t.hart.setCompiling(compiling, 1, Hart.SAMPLE_INTERVAL);
        program(t, seed, iterations, trapLoad, selfModify);
        for (int i = 0; i < SCRATCH_BYTES; i += 8) {
            t.mem.store64(SCRATCH + i, new SplittableRandom(seed + i).nextLong());
        }
        return t;
    }

    /** Steps both harts by the same random counts to the end; asserts they agree after every step. */
    static void runBoth(long seed, int iterations, boolean trapLoad, boolean selfModify) {
        TestHart interpreted = hart(seed, iterations, trapLoad, selfModify, false);
        TestHart compiled = hart(seed, iterations, trapLoad, selfModify, true);
        SplittableRandom steps = new SplittableRandom(~seed);
        for (int chunk = 0; ; chunk++) {
            long n = steps.nextInt(4) == 0 ? 1 + steps.nextInt(20) : 1 + steps.nextInt(30_000);
            int a = interpreted.step(n);
            int b = compiled.step(n);
            String where = "seed " + seed + ", chunk " + chunk + ", after " + interpreted.hart.instret() + " instructions";
            assertEquals(a, b, where + ": exit status");
            assertEquals(interpreted.hart.instret(), compiled.hart.instret(), where + ": instret");
            assertEquals(interpreted.hart.pc(), compiled.hart.pc(), where + ": pc");
            for (int reg = 1; reg < 32; reg++) {
                assertEquals(interpreted.x(reg), compiled.x(reg), where + ": x" + reg);
                assertEquals(interpreted.hart.getF(reg), compiled.hart.getF(reg), where + ": f" + reg);
            }
            assertEquals(interpreted.hart.getF(0), compiled.hart.getF(0), where + ": f0");
            for (int i = 0; i < SCRATCH_BYTES; i += 8) {
                assertEquals(interpreted.mem.load64(SCRATCH + i), compiled.mem.load64(SCRATCH + i),
                        where + ": scratch+" + i);
            }
            if (a != -1) {
                assertEquals(interpreted.cause, compiled.cause, where + ": trap cause");
                assertEquals(interpreted.tval, compiled.tval, where + ": trap tval");
                return;
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void randomLoopsAgreeWithTheInterpreter(long seed) {
        runBoth(seed, 2000, false, false);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {21, 22, 23, 24})
    void aLoadThatTrapsMidBlockLeavesTheSameState(long seed) {
        runBoth(seed, 1000, true, false);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {31, 32, 33})
    void codeThatRewritesItselfRunsTheNewInstruction(long seed) {
        runBoth(seed, 2000, false, true);
    }

    @Test
    void anInstructionDecodedInsideAnotherRunsAndIsNotCompiledAgainAndAgain() {
        TestHart interpreted = new TestHart(), compiled = new TestHart();
        interpreted.hart.setCompiling(false, 1, Hart.SAMPLE_INTERVAL);
        compiled.hart.setCompiling(true, 1, Hart.SAMPLE_INTERVAL);
        for (TestHart t : new TestHart[] {interpreted, compiled}) {
            // 65,536 iterations: even ones jump to the lui at A, odd ones to its upper half, a c.nop
            t.emit(Asm.lui(6, 16));
            long loop = t.emit;
            t.emit(Asm.i(1, 6, 7, 7, 0x13));                  // andi x7, x6, 1
            t.emit(Asm.i(1, 7, 1, 7, 0x13));                  // slli x7, x7, 1
            t.emit(Asm.auipc(8, 0));                          // x8 = loop + 8
            t.emit(Asm.op(0, 0, 8, 8, 7));                    // add x8, x8, x7
            t.emit(Asm.i(12, 8, 0, 0, 0x67));                 // jalr x0, 12(x8): A or A + 2
            assertEquals(TestHart.BASE + 24, t.emit);
            t.emit(Asm.lui(5, 0x10));                         // A: 0x000102b7, upper half 0x0001 = c.nop
            t.emit(Asm.addi(9, 9, 1));
            t.emit(Asm.addi(6, 6, -1));
            t.emit(Asm.branch(1, 6, 0, (int) (loop - t.emit)));
            t.emit(Asm.EBREAK);
        }
        assertEquals(1003, interpreted.step(1_000_000), "the run ended at the ebreak");
        assertEquals(1003, compiled.step(1_000_000), "the run ended at the ebreak");
        assertEquals(interpreted.hart.instret(), compiled.hart.instret());
        for (int reg = 5; reg <= 9; reg++) {
            assertEquals(interpreted.x(reg), compiled.x(reg), "x" + reg);
        }
        assertEquals(65_536, compiled.x(9));
        // the c.nop is decoded but lies inside the lui, so no region can hold it: a compile
        // sampled there must not leave it asking for another compile at every sample
        DecodedPage dp = compiled.hart.decodedPage(TestHart.BASE);
        int inner = (int) (TestHart.BASE + 26 - dp.base) >>> 1;
        RegionCompiler.compile(dp, inner);
        assertFalse(RegionCompiler.worthCompiling(dp, inner));
    }

    @Test
    void hotLoopsAreCompiledAndLeaveExactlyAtTheLimit() {
        TestHart t = hart(5, 2000, false, false, true);
        assertEquals(-1, t.step(123_457));
        assertEquals(123_457, t.hart.instret());
        DecodedPage dp = t.hart.decodedPage(TestHart.BASE);
        assertTrue(dp != null && dp.regions != null, "the loop's page was compiled");
        Hart.CompilerStats stats = t.hart.compilerStats();
        assertTrue(stats.instructions() > 100_000, "most of the run was compiled code: " + stats);
        assertTrue(stats.entries() > 0 && stats.regions() > 0 && stats.pageCompiles() > 0, stats.toString());
    }
}
