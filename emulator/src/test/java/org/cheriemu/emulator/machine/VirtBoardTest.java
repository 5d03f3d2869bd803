package org.cheriemu.emulator.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.cheriemu.emulator.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bare-metal virt board through {@code cheri-emu run}: the guests of guest-programs/build/baremetal
 * (built by test.sh) and tiny programs assembled here with the cross toolchain.
 */
class VirtBoardTest {
    static final Path ROOT = Path.of(System.getProperty("cheriemu.root", "."));
    static final Path BM = ROOT.resolve("guest-programs/build/baremetal");

    @TempDir
    Path tmp;

    record Result(int status, String out, String err) {
    }

    static synchronized Result run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Main.run(args);
            System.out.flush();
            return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static Path guest(String name) {
        Path p = BM.resolve(name);
        assertTrue(Files.isRegularFile(p), p + " is missing: build the guests with make -C guest-programs");
        return p;
    }

    /** Assembles a bare-metal program with the board's linker script. */
    Path assemble(String name, String source) throws IOException, InterruptedException {
        Path src = tmp.resolve(name + ".S");
        Files.writeString(src, source);
        Path out = tmp.resolve(name);
        List<String> cmd = new ArrayList<>(List.of("riscv64-linux-gnu-gcc", "-march=rv64gc", "-mabi=lp64d",
                "-nostdlib", "-nostartfiles", "-static", "-mcmodel=medany", "-Wl,--no-relax",
                "-Wl,--build-id=none", "-Wl,--no-warn-rwx-segments",
                "-T", ROOT.resolve("guest-programs/baremetal/link.ld").toString(), "-o", out.toString(), src.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "assembling " + name + ": " + log);
        return out;
    }

    static final String TOHOST = """
            .section .tohost, "aw", @progbits
            .align 6
            .globl tohost
            tohost: .dword 0
            .globl fromhost
            fromhost: .dword 0
            """;

    @Test
    void uartHelloPrintsAndTheFinisherPasses() {
        Result r = run("run", guest("uart_hello").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("Hello from bare metal"), r.out());
        assertTrue(r.out().contains("misa has I,M,A,F,D,C,U: yes"), r.out());
    }

    @Test
    void finisherFailureCodeIsTheExitStatus() {
        Result r = run("run", guest("finisher_fail").toString());
        assertEquals(3, r.status(), r.err());
        assertTrue(r.out().contains("finisher: exiting with code 3"), r.out());
    }

    @Test
    void userToMachineTrapSelfTestPassesThroughHtif() {
        Result r = run("run", guest("mu_test").toString());
        assertEquals(0, r.status(), "mu_test failed: " + r.err() + r.out());
    }

    @Test
    void htifFailureReportsTheTestCase() throws Exception {
        Path p = assemble("htif_fail", """
                .section .text.init, "ax", @progbits
                .globl _start
                _start:
                    li t0, (5 << 1) | 1
                    la t1, tohost
                    sd t0, 0(t1)
                1:  j 1b
                """ + TOHOST);
        Result r = run("run", p.toString());
        assertEquals(5, r.status());
        assertTrue(r.err().contains("test case 5 failed"), r.err());
    }

    @Test
    void htifPassWithTwoWordWrites() throws Exception {
        Path p = assemble("htif_pass", """
                .section .text.init, "ax", @progbits
                .globl _start
                _start:
                    li t0, 1
                    la t1, tohost
                    sw t0, 0(t1)
                    sw zero, 4(t1)
                1:  j 1b
                """ + TOHOST);
        Result r = run("run", p.toString());
        assertEquals(0, r.status(), r.err());
    }

    @Test
    void unhandledTrapIsReportedWithDisassemblyAndSymbol() throws Exception {
        Path p = assemble("bad", """
                .section .text.init, "ax", @progbits
                .globl _start
                .option norvc
                _start:
                    nop
                    .word 0xffffffff
                """);
        Result r = run("run", "--machine", "virt", p.toString());
        assertEquals(132, r.status());
        assertTrue(r.err().contains("illegal instruction at pc 0x80000004 <_start+0x4>: 0xffffffff \"illegal\""),
                r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void maxInsnsStopsARunawayGuest() throws Exception {
        Path p = assemble("spin", """
                .section .text.init, "ax", @progbits
                .globl _start
                _start:
                1:  j 1b
                """);
        Result r = run("run", "--max-insns", "100000", "--stats", p.toString());
        assertEquals(124, r.status());
        assertTrue(r.err().contains("stopped after 100000 instructions (--max-insns)"), r.err());
        assertTrue(r.err().contains("MIPS"), r.err());
    }

    /** A timer interrupt through the CLINT: with WFI (time skips ahead) and with a busy loop. */
    @Test
    void machineTimerInterrupt() throws Exception {
        for (String wait : new String[] {"wfi", "nop"}) {
            Path p = assemble("timer_" + wait, """
                    .section .text.init, "ax", @progbits
                    .globl _start
                    _start:
                        la t0, handler
                        csrw mtvec, t0
                        li t1, 0x200bff8
                        ld t2, 0(t1)               # mtime
                        addi t2, t2, 500
                        li t1, 0x2004000
                        sd t2, 0(t1)               # mtimecmp = mtime + 500 ticks
                        li t0, 0x80
                        csrs mie, t0               # MTIE
                        csrsi mstatus, 8           # MIE
                    1:  %s
                        j 1b
                        .align 2
                    handler:
                        csrr t0, mcause
                        li t1, 0x8000000000000007
                        bne t0, t1, fail
                        csrr t0, mip
                        andi t0, t0, 0x80
                        beqz t0, fail              # MTIP pending
                        li t1, 0x200bff8
                        ld t3, 0(t1)
                        bltu t3, t2, fail          # mtime reached mtimecmp
                        li t0, 0x100000
                        li t1, 0x5555
                        sw t1, 0(t0)
                    fail:
                        li t0, 0x100000
                        li t1, 0x73333
                        sw t1, 0(t0)
                    """.formatted(wait));
            Result r = run("run", "--compile-threshold", "1", "--max-insns", "1000000", p.toString());
            assertEquals(0, r.status(), wait + ": " + r.err());
        }
    }

    /** With interrupts off, a guest polling mtime sees it advance. */
    @Test
    void polledMtimeAdvances() throws Exception {
        Path p = assemble("poll", """
                .section .text.init, "ax", @progbits
                .globl _start
                _start:
                    li t1, 0x200bff8
                    ld t2, 0(t1)
                    addi t2, t2, 1000
                1:  ld t3, 0(t1)
                    bltu t3, t2, 1b
                    li t0, 0x100000
                    li t1, 0x5555
                    sw t1, 0(t0)
                """);
        Result r = run("run", "--max-insns", "1000000", p.toString());
        assertEquals(0, r.status(), r.err());
    }

    /** Vectored mtvec: the timer interrupt enters at BASE + 4 * 7. */
    @Test
    void vectoredTimerInterrupt() throws Exception {
        Path p = assemble("vectored", """
                .section .text.init, "ax", @progbits
                .globl _start
                .option norvc
                _start:
                    la t0, vectors
                    ori t0, t0, 1
                    csrw mtvec, t0
                    li t1, 0x200bff8
                    ld t2, 0(t1)
                    addi t2, t2, 100
                    li t1, 0x2004000
                    sd t2, 0(t1)
                    li t0, 0x80
                    csrs mie, t0
                    csrsi mstatus, 8
                1:  j 1b
                    .align 6
                vectors:
                    j fail
                    j fail
                    j fail
                    j fail
                    j fail
                    j fail
                    j fail
                    j timer
                timer:
                    li t0, 0x100000
                    li t1, 0x5555
                    sw t1, 0(t0)
                fail:
                    li t0, 0x100000
                    li t1, 0x93333
                    sw t1, 0(t0)
                """);
        Result r = run("run", "--compile-threshold", "1", "--max-insns", "100000", p.toString());
        assertEquals(0, r.status(), r.err());
    }

    @Test
    void badInputsGiveDocumentedStatuses() throws Exception {
        Path junk = tmp.resolve("junk");
        Files.writeString(junk, "not an elf");
        assertEquals(65, run("run", junk.toString()).status());
        assertEquals(65, run("run", tmp.resolve("missing").toString()).status());
        assertEquals(64, run("run", "--max-insns", "x", junk.toString()).status());
        assertEquals(64, run("run", "--machine", "bogus", guest("uart_hello").toString()).status());
        Result r = run("run", "--memory", "4K", guest("uart_hello").toString());
        assertEquals(65, r.status(), "image larger than RAM: " + r.err());
    }

    /** Corrupted images end with a documented status and a message, never an internal error. */
    @Test
    void mutatedImagesNeverCrashTheEmulator() throws Exception {
        byte[] good = Files.readAllBytes(guest("uart_hello"));
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        for (int i = 0; i < 150; i++) {
            byte[] b = good.clone();
            int flips = 1 + r.nextInt(8);
            for (int k = 0; k < flips; k++) {
                int at = r.nextInt(4) == 0 ? r.nextInt(64) : r.nextInt(b.length);   // often the header
                b[at] = (byte) r.nextInt(256);
            }
            Path p = tmp.resolve("m" + i);
            Files.write(p, b);
            Result res = run("run", "--machine", "virt", "--max-insns", "20000", p.toString());
            assertTrue(res.status() != 70 && !res.err().contains("internal error"),
                    "mutation " + i + ": status " + res.status() + " " + res.err());
        }
    }

    /** Entry not at 0x80000000, no tohost, but everything in RAM: still the virt board. */
    @Test
    void autoDetectsImagesLinkedIntoRam() throws Exception {
        Path p = assemble("entry_later", """
                .section .text.init, "ax", @progbits
                    nop
                    nop
                .globl _start
                _start:
                    li t0, 0x100000
                    li t1, 0x5555
                    sw t1, 0(t0)
                1:  j 1b
                """);
        assertTrue(org.cheriemu.emulator.cli.RunCommand.isBareMetal(
                org.cheriemu.emulator.loader.ElfFile.parse(Files.readAllBytes(p))));
        assertEquals(0, run("run", p.toString()).status());
    }

    /**
     * Random code on the board, with pointers to the devices in registers: whatever it does to the
     * UART, finisher, CLINT and RAM, the run ends with a documented status, never an internal error.
     */
    @Test
    void randomCodeOnTheBoard() throws Exception {
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        for (int prog = 0; prog < 12; prog++) {
            StringBuilder src = new StringBuilder(".section .text.init, \"ax\", @progbits\n.globl _start\n_start:\n");
            long[] bases = {0x10000000L, 0x100000L, 0x2000000L, 0x2004000L, 0x80000000L, 0x80001000L, 0x1000L};
            for (int reg = 5; reg < 32; reg++) {
                src.append("  li x").append(reg).append(", ").append(bases[r.nextInt(bases.length)] + r.nextInt(64))
                        .append('\n');
            }
            src.append("  la t0, _start\n  csrw mtvec, t0\n");
            for (int k = 0; k < 4096; k++) {
                int w = r.nextInt();
                src.append(r.nextInt(3) == 0 ? "  .2byte 0x" + Integer.toHexString(w & 0xFFFC)
                        : "  .4byte 0x" + Integer.toHexString(w | 3)).append('\n');
            }
            Path p = assemble("random" + prog, src.toString());
            Result res = run("run", "--machine", "virt", "--max-insns", "200000", p.toString());
            assertTrue(res.status() != 70 && !res.err().contains("internal error"),
                    "program " + prog + ": status " + res.status() + " " + res.err());
        }
    }

    @Test
    void autoMachineDetection() throws Exception {
        assertTrue(org.cheriemu.emulator.cli.RunCommand.isBareMetal(
                org.cheriemu.emulator.loader.ElfFile.parse(Files.readAllBytes(guest("uart_hello")))));
        assertTrue(org.cheriemu.emulator.cli.RunCommand.isBareMetal(
                org.cheriemu.emulator.loader.ElfFile.parse(Files.readAllBytes(guest("mu_test")))));
        Path linux = ROOT.resolve("guest-programs/build/linux/printf");
        if (Files.exists(linux)) {
            assertTrue(!org.cheriemu.emulator.cli.RunCommand.isBareMetal(org.cheriemu.emulator.loader.ElfFile.parse(Files.readAllBytes(linux))));
        }
    }
}
