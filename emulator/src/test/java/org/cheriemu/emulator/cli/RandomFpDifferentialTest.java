package org.cheriemu.emulator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random F/D programs under {@code cheri-emu run} and qemu-riscv64: the final f and x registers
 * and fflags must be identical. Singles and doubles share registers on purpose, so NaN-boxing,
 * sign injection, moves, rounding modes and conversions are all exercised (the arithmetic itself
 * is the FPU's). The program runs {@link #ROUNDS} times over and cheri-emu compiles every page at
 * its first sample, so most rounds run as compiled code.
 */
class RandomFpDifferentialTest {
    static final int LENGTH = 1500;
    static final int ROUNDS = 4;

    @TempDir
    Path tmp;

    static final String[] RM = {"rne", "rtz", "rdn", "rup", "rmm", "dyn"};
    static final String[] BIN = {"fadd", "fsub", "fmul", "fdiv"};
    static final String[] BIN_NORM = {"fsgnj", "fsgnjn", "fsgnjx", "fmin", "fmax"};
    static final String[] FMA = {"fmadd", "fmsub", "fnmsub", "fnmadd"};
    static final String[] CMP = {"feq", "flt", "fle"};
    static final String[] TO_INT = {"w", "wu", "l", "lu"};
    static final int[] XRD = {5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26};

    static final double[] SPECIAL = {0.0, -0.0, 1.0, -1.0, 0.5, 3.0, 1e308, -1e308, 4.9e-324, 2.2250738585072014e-308,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 2147483647.5, -2147483648.5,
        9.223372036854776e18, 1.8446744073709552e19, 0.1, 1.0 / 3, 65504.0};

    static String source(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder s = new StringBuilder(".globl _start\n_start:\n  la s11, data\n");
        for (int f = 0; f < 32; f++) {
            s.append(r.nextBoolean() ? "  fld f" : "  flw f").append(f).append(", ").append(8 * f).append("(s11)\n");
        }
        for (int x : XRD) {
            s.append("  ld x").append(x).append(", ").append(256 + 8 * (x % 16)).append("(s11)\n");
        }
        s.append("  li t3, ").append(ROUNDS).append("\n2:\n");
        for (int k = 0; k < LENGTH; k++) {
            String p = r.nextBoolean() ? ".s" : ".d";
            int fd = r.nextInt(32), f1 = r.nextInt(32), f2 = r.nextInt(32), f3 = r.nextInt(32);
            int xd = XRD[r.nextInt(XRD.length)], x1 = XRD[r.nextInt(XRD.length)];
            String rm = RM[r.nextInt(RM.length)];
            switch (r.nextInt(10)) {
                case 0, 1 -> s.append("  ").append(BIN[r.nextInt(4)]).append(p).append(" f").append(fd).append(", f")
                        .append(f1).append(", f").append(f2).append(", ").append(rm).append('\n');
                case 2 -> s.append("  ").append(BIN_NORM[r.nextInt(5)]).append(p).append(" f").append(fd)
                        .append(", f").append(f1).append(", f").append(f2).append('\n');
                case 3 -> s.append("  ").append(FMA[r.nextInt(4)]).append(p).append(" f").append(fd).append(", f")
                        .append(f1).append(", f").append(f2).append(", f").append(f3).append(", ").append(rm)
                        .append('\n');
                case 4 -> s.append("  fsqrt").append(p).append(" f").append(fd).append(", f").append(f1)
                        .append(", ").append(rm).append('\n');
                case 5 -> s.append("  ").append(CMP[r.nextInt(3)]).append(p).append(" x").append(xd).append(", f")
                        .append(f1).append(", f").append(f2).append('\n');
                case 6 -> s.append("  fcvt.").append(TO_INT[r.nextInt(4)]).append(p).append(" x").append(xd)
                        .append(", f").append(f1).append(", ").append(rm).append('\n');
                case 7 -> {
                    String from = TO_INT[r.nextInt(4)];
                    boolean exact = p.equals(".d") && from.startsWith("w");   // gas takes no rm there
                    s.append("  fcvt").append(p).append('.').append(from).append(" f").append(fd).append(", x")
                            .append(x1).append(exact ? "" : ", " + rm).append('\n');
                }
                case 8 -> {
                    switch (r.nextInt(5)) {
                        case 0 -> s.append(p.equals(".s") ? "  fcvt.s.d f" : "  fcvt.d.s f").append(fd).append(", f")
                                .append(f1).append(p.equals(".s") ? ", " + rm : "").append('\n');
                        case 1 -> s.append(p.equals(".s") ? "  fmv.x.w x" : "  fmv.x.d x").append(xd).append(", f")
                                .append(f1).append('\n');
                        case 2 -> s.append(p.equals(".s") ? "  fmv.w.x f" : "  fmv.d.x f").append(fd).append(", x")
                                .append(x1).append('\n');
                        case 3 -> s.append("  fclass").append(p).append(" x").append(xd).append(", f").append(f1)
                                .append('\n');
                        default -> s.append("  csrwi frm, ").append(r.nextInt(5)).append('\n');
                    }
                }
                default -> s.append(r.nextBoolean() ? "  fsd f" : "  fsw f").append(f1).append(", ")
                        .append(512 + 8 * r.nextInt(32)).append("(s11)\n")
                        .append(r.nextBoolean() ? "  fld f" : "  flw f").append(fd).append(", ")
                        .append(512 + 8 * r.nextInt(32)).append("(s11)\n");
            }
        }
        s.append("  addi t3, t3, -1\n  beqz t3, 3f\n  j 2b\n3:\n");
        s.append("  la x4, dump\n");
        for (int f = 0; f < 32; f++) {
            s.append("  fsd f").append(f).append(", ").append(8 * f).append("(x4)\n");
        }
        for (int x : XRD) {
            s.append("  sd x").append(x).append(", ").append(256 + 8 * x).append("(x4)\n");
        }
        s.append("  frflags t0\n  sd t0, 512(x4)\n");
        s.append("  li a7, 64\n  li a0, 1\n  mv a1, x4\n  li a2, 520\n  ecall\n  li a7, 93\n  li a0, 0\n  ecall\n");
        s.append(".data\n.align 4\ndata:\n");
        for (int i = 0; i < 32 + 16; i++) {
            long bits = switch (r.nextInt(4)) {
                case 0 -> Double.doubleToRawLongBits(SPECIAL[r.nextInt(SPECIAL.length)]);
                case 1 -> 0xFFFFFFFF00000000L | Float.floatToRawIntBits((float) SPECIAL[r.nextInt(SPECIAL.length)]);
                case 2 -> Double.doubleToRawLongBits(r.nextDouble() * 1000 - 500);
                default -> r.nextLong();
            };
            s.append("  .dword ").append(bits).append('\n');
        }
        s.append("  .zero 256\ndump:\n  .zero 520\n");
        return s.toString();
    }

    byte[] run(List<String> cmd) throws Exception {
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
    @ValueSource(longs = {1, 2, 3, 4})
    void sameResultsAsQemu(long seed) throws Exception {
        Path src = tmp.resolve("f" + seed + ".S");
        Files.writeString(src, source(seed));
        Path exe = tmp.resolve("f" + seed);
        Process cc = new ProcessBuilder("riscv64-linux-gnu-gcc", "-march=rv64gc", "-mabi=lp64d", "-static",
                "-nostdlib", "-o", exe.toString(), src.toString()).redirectErrorStream(true).start();
        String log = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, cc.waitFor(), log);
        byte[] qemu = run(List.of("qemu-riscv64", exe.toString()));
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        byte[] ours = run(new ArrayList<>(List.of(javaBin, "-cp", System.getProperty("java.class.path"),
                "org.cheriemu.emulator.cli.Main", "run", "--compile-threshold", "1", exe.toString())));
        assertEquals(520, qemu.length);
        StringBuilder diff = new StringBuilder();
        for (int i = 0; i + 8 <= Math.min(qemu.length, ours.length); i += 8) {
            long q = ByteBuffer.wrap(qemu, i, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            long o = ByteBuffer.wrap(ours, i, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (q != o) {
                diff.append(i < 256 ? "f" + i / 8 : i < 512 ? "x" + (i - 256) / 8 : "fflags")
                        .append(String.format(": qemu %016x ours %016x%n", q, o));
            }
        }
        if (diff.length() > 0 || qemu.length != ours.length) {
            fail("seed " + seed + " differs:\n" + diff);
        }
    }
}
