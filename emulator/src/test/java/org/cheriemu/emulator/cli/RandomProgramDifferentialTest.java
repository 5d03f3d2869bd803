package org.cheriemu.emulator.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random integer programs (RV64IMA, forward branches, with whatever the assembler compresses),
 * assembled with the cross toolchain and run under {@code cheri-emu run} and qemu-riscv64: the
 * final registers and a scratch buffer, written to stdout, must be identical. The program runs
 * {@link #ROUNDS} times over, and cheri-emu compiles every page at its first sample, so most
 * rounds run as compiled code.
 */
class RandomProgramDifferentialTest {
    static final int LENGTH = 3000;
    static final int SCRATCH = 1024;
    static final int ROUNDS = 4;

    @TempDir
    Path tmp;

    static final String[] R = {"add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra", "or", "and", "addw", "subw",
        "sllw", "srlw", "sraw", "mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu", "mulw", "divw",
        "divuw", "remw", "remuw"};
    static final String[] I = {"addi", "slti", "sltiu", "xori", "ori", "andi", "addiw"};
    static final String[] SH = {"slli", "srli", "srai"};
    static final String[] SHW = {"slliw", "srliw", "sraiw"};
    static final String[] LOADS = {"ld", "lw", "lwu", "lh", "lhu", "lb", "lbu"};
    static final String[] STORES = {"sd", "sw", "sh", "sb"};
    static final String[] BRANCHES = {"beq", "bne", "blt", "bge", "bltu", "bgeu"};
    static final String[] AMO = {"amoswap", "amoadd", "amoxor", "amoand", "amoor", "amomin", "amomax", "amominu",
        "amomaxu"};
    /** Registers the program may write: everything but zero, ra, sp, gp, tp and s11 (the buffer). */
    static final int[] RD = {5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 28, 29,
        30, 31};

    static String source(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder s = new StringBuilder();
        s.append(".globl _start\n_start:\n  la s11, scratch\n");
        for (int reg : RD) {
            long v = switch (r.nextInt(4)) {
                case 0 -> r.nextLong();
                case 1 -> r.nextInt(64) - 32;
                case 2 -> Long.MIN_VALUE >> r.nextInt(64);
                default -> r.nextInt();
            };
            s.append("  li x").append(reg).append(", ").append(v).append('\n');
        }
        s.append("  li tp, ").append(ROUNDS).append("\n2:\n");
        for (int k = 0; k < LENGTH; k++) {
            int rd = RD[r.nextInt(RD.length)];
            int rs1 = r.nextInt(8) == 0 ? 0 : RD[r.nextInt(RD.length)];
            int rs2 = r.nextInt(8) == 0 ? 0 : RD[r.nextInt(RD.length)];
            if (r.nextInt(12) == 0) {
                // a forward conditional branch over one instruction
                s.append("  ").append(BRANCHES[r.nextInt(BRANCHES.length)]).append(" x").append(rs1).append(", x")
                        .append(rs2).append(", 1f\n");
                s.append("  ").append(R[r.nextInt(R.length)]).append(" x").append(rd).append(", x").append(rs2)
                        .append(", x").append(rs1).append("\n1:\n");
                continue;
            }
            switch (r.nextInt(10)) {
                case 0, 1, 2 -> s.append("  ").append(R[r.nextInt(R.length)]).append(" x").append(rd).append(", x")
                        .append(rs1).append(", x").append(rs2).append('\n');
                case 3, 4 -> s.append("  ").append(I[r.nextInt(I.length)]).append(" x").append(rd).append(", x")
                        .append(rs1).append(", ").append(r.nextInt(4096) - 2048).append('\n');
                case 5 -> {
                    boolean w = r.nextBoolean();
                    s.append("  ").append((w ? SHW : SH)[r.nextInt(3)]).append(" x").append(rd).append(", x")
                            .append(rs1).append(", ").append(r.nextInt(w ? 32 : 64)).append('\n');
                }
                case 6 -> s.append("  lui x").append(rd).append(", ").append(r.nextInt(1 << 20)).append('\n');
                case 7 -> s.append("  ").append(LOADS[r.nextInt(LOADS.length)]).append(" x").append(rd)
                        .append(", ").append(r.nextInt(SCRATCH - 8)).append("(s11)\n");
                case 8 -> s.append("  ").append(STORES[r.nextInt(STORES.length)]).append(" x").append(rs2)
                        .append(", ").append(r.nextInt(SCRATCH - 8)).append("(s11)\n");
                default -> {
                    boolean d = r.nextBoolean();
                    int off = r.nextInt(SCRATCH / 8 - 1) * 8 + (d ? 0 : 4 * r.nextInt(2));
                    s.append("  addi x31, s11, ").append(off).append('\n');
                    s.append("  ").append(AMO[r.nextInt(AMO.length)]).append(d ? ".d" : ".w").append(" x")
                            .append(rd == 31 ? 30 : rd).append(", x").append(rs2).append(", (x31)\n");
                }
            }
        }
        s.append("  addi tp, tp, -1\n  beqz tp, 3f\n  j 2b\n3:\n");
        // dump x1..x31 after the scratch buffer, then write(1, scratch, SCRATCH + 31*8) and exit(0)
        s.append("  la x4, dump\n");
        for (int reg = 5; reg < 32; reg++) {
            if (reg != 27) {
                s.append("  sd x").append(reg).append(", ").append(8 * reg).append("(x4)\n");
            }
        }
        s.append("  li a7, 64\n  li a0, 1\n  mv a1, s11\n  li a2, ").append(SCRATCH + 256).append("\n  ecall\n");
        s.append("  li a7, 93\n  li a0, 0\n  ecall\n");
        s.append(".data\n.align 4\nscratch:\n");
        for (int i = 0; i < SCRATCH / 8; i++) {
            s.append("  .dword ").append(r.nextLong()).append('\n');
        }
        s.append("dump:\n  .zero 256\n");
        return s.toString();
    }

    byte[] run(List<String> cmd) throws IOException, InterruptedException {
        Path out = tmp.resolve("out"), err = tmp.resolve("err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timeout: " + cmd);
        }
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + Files.readString(err));
        return Files.readAllBytes(out);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void sameResultsAsQemu(long seed) throws Exception {
        Path src = tmp.resolve("p" + seed + ".S");
        Files.writeString(src, source(seed));
        Path exe = tmp.resolve("p" + seed);
        Process cc = new ProcessBuilder("riscv64-linux-gnu-gcc", "-march=rv64gc", "-mabi=lp64d", "-static",
                "-nostdlib", "-o", exe.toString(), src.toString()).redirectErrorStream(true).start();
        String log = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, cc.waitFor(), log);
        byte[] qemu = run(List.of("qemu-riscv64", exe.toString()));
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> emu = new ArrayList<>(List.of(javaBin, "-cp", System.getProperty("java.class.path"),
                "org.cheriemu.emulator.cli.Main", "run", "--compile-threshold", "1", exe.toString()));
        byte[] ours = run(emu);
        assertEquals(SCRATCH + 256, qemu.length);
        if (!Arrays.equals(qemu, ours)) {
            StringBuilder diff = new StringBuilder();
            for (int i = 0; i + 8 <= Math.min(qemu.length, ours.length) && diff.length() < 2000; i += 8) {
                long q = ByteBuffer.wrap(qemu, i, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
                long o = ByteBuffer.wrap(ours, i, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
                if (q != o) {
                    diff.append(i < SCRATCH ? "scratch+" + i : "x" + (i - SCRATCH) / 8)
                            .append(String.format(": qemu %016x ours %016x%n", q, o));
                }
            }
            assertArrayEquals(qemu, ours, "seed " + seed + " differs:\n" + diff);
        }
    }
}
