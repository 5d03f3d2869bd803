package org.cheriemu.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Random instruction streams from a fresh hart: every run must end normally (instruction limit
 * or a trap handed to the environment), never with a Java exception or a hang.
 */
class FuzzTest {
    static final int RUNS = 1500;
    static final int LIMIT = 2000;

    static void randomRegisters(TestHart t, SplittableRandom r) {
        for (int i = 1; i < 32; i++) {
            long v = switch (r.nextInt(4)) {
                case 0 -> TestHart.BASE + r.nextLong(TestHart.RAM);
                case 1 -> r.nextLong();
                case 2 -> r.nextInt(64) - 32;
                default -> TestHart.BASE + r.nextInt(1 << 16);
            };
            t.x(i, v);
        }
    }

    static void run(boolean linux, boolean compressed, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int run = 0; run < RUNS; run++) {
            TestHart t = new TestHart(linux);
            randomRegisters(t, r);
            for (int k = 0; k < 1024; k++) {
                if (compressed) {
                    int h = r.nextInt(1 << 16);
                    if ((h & 3) == 3) {
                        h &= ~1;        // keep it 16-bit
                    }
                    t.emit16(h);
                } else {
                    int w = r.nextInt();
                    if (r.nextInt(4) != 0) {
                        w |= 3;         // mostly 32-bit encodings
                    }
                    t.emit(w);
                }
            }
            int status;
            try {
                status = t.step(LIMIT);
            } catch (Throwable e) {
                fail("seed " + seed + " run " + run + ": " + e, e);
                return;
            }
            assertTrue(status == -1 || status >= 1000, "run " + run + " ended with status " + status);
        }
    }

    @Test
    void random32BitStreamsBareMetal() {
        run(false, false, 1);
    }

    @Test
    void random32BitStreamsLinuxUser() {
        run(true, false, 2);
    }

    @Test
    void random16BitStreams() {
        run(false, true, 3);
        run(true, true, 4);
    }

    /** With a handler that skips the faulting instruction, random code runs on after traps. */
    @Test
    void randomStreamsWithATrapHandler() {
        SplittableRandom r = new SplittableRandom(5);
        for (int run = 0; run < 300; run++) {
            TestHart t = new TestHart();
            // handler at BASE: mepc += 4 (t6 is clobbered), mret; then code sets mtvec and jumps to random code
            t.emit(Asm.csr(2, 31, 0x341, 0)).emit(Asm.addi(31, 31, 4)).emit(Asm.csr(1, 0, 0x341, 31))
                    .emit(Asm.MRET);
            t.hart.setPc(t.emit);
            t.emit(0x00000f97 | 0)                        // auipc t6,0
                    .emit(Asm.addi(31, 31, -16))            // t6 = BASE
                    .emit(Asm.csr(1, 0, 0x305, 31));         // mtvec = t6
            randomRegisters(t, r);
            for (int k = 0; k < 1024; k++) {
                t.emit(r.nextInt() | 3);
            }
            try {
                int status = t.step(20_000);
                assertTrue(status == -1 || status >= 1000, "status " + status);
            } catch (Throwable e) {
                fail("run " + run + ": " + e, e);
            }
        }
    }
}
