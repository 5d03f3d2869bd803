package org.cheriemu.emulator.fpu;

import org.cheriemu.emulator.testing.HostTools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Differential test against real RISC-V instructions: a small C program, cross-compiled with
 * riscv64-linux-gnu-gcc and run under qemu-riscv64, executes each operation with the rounding
 * mode written to frm and reports the result and fflags. Skipped when the tools are missing; the
 * exact {@link Ref} in {@link FpuRandomTest} is the primary reference.
 */
class FpuQemuDifferentialTest {
    /** Operand tuples per operation (each in every rounding mode); -Dfpu.qemuCases overrides. */
    static final int CASES = Integer.getInteger("fpu.qemuCases", 5_000);

    /** Instruction for each operation of {@link Ops#all()}. */
    static final Map<String, String> INSN = Map.ofEntries(
            Map.entry("add64", "fadd.d"), Map.entry("sub64", "fsub.d"), Map.entry("mul64", "fmul.d"),
            Map.entry("div64", "fdiv.d"), Map.entry("sqrt64", "fsqrt.d"), Map.entry("fmadd64", "fmadd.d"),
            Map.entry("fmsub64", "fmsub.d"), Map.entry("fnmsub64", "fnmsub.d"), Map.entry("fnmadd64", "fnmadd.d"),
            Map.entry("min64", "fmin.d"), Map.entry("max64", "fmax.d"), Map.entry("eq64", "feq.d"),
            Map.entry("lt64", "flt.d"), Map.entry("le64", "fle.d"), Map.entry("classify64", "fclass.d"),
            Map.entry("toInt32From64", "fcvt.w.d"), Map.entry("toUInt32From64", "fcvt.wu.d"),
            Map.entry("toInt64From64", "fcvt.l.d"), Map.entry("toUInt64From64", "fcvt.lu.d"),
            Map.entry("fromInt32To64", "fcvt.d.w"), Map.entry("fromUInt32To64", "fcvt.d.wu"),
            Map.entry("fromInt64To64", "fcvt.d.l"), Map.entry("fromUInt64To64", "fcvt.d.lu"),
            Map.entry("doubleToSingle", "fcvt.s.d"),
            Map.entry("add32", "fadd.s"), Map.entry("sub32", "fsub.s"), Map.entry("mul32", "fmul.s"),
            Map.entry("div32", "fdiv.s"), Map.entry("sqrt32", "fsqrt.s"), Map.entry("fmadd32", "fmadd.s"),
            Map.entry("fmsub32", "fmsub.s"), Map.entry("fnmsub32", "fnmsub.s"), Map.entry("fnmadd32", "fnmadd.s"),
            Map.entry("min32", "fmin.s"), Map.entry("max32", "fmax.s"), Map.entry("eq32", "feq.s"),
            Map.entry("lt32", "flt.s"), Map.entry("le32", "fle.s"), Map.entry("classify32", "fclass.s"),
            Map.entry("toInt32From32", "fcvt.w.s"), Map.entry("toUInt32From32", "fcvt.wu.s"),
            Map.entry("toInt64From32", "fcvt.l.s"), Map.entry("toUInt64From32", "fcvt.lu.s"),
            Map.entry("fromInt32To32", "fcvt.s.w"), Map.entry("fromUInt32To32", "fcvt.s.wu"),
            Map.entry("fromInt64To32", "fcvt.s.l"), Map.entry("fromUInt64To32", "fcvt.s.lu"),
            Map.entry("singleToDouble", "fcvt.d.s"));

    /** C type letter of an operand: d double, s float, x integer register. */
    static char type(String t) {
        return switch (t) {
            case "d" -> 'd';
            case "s" -> 's';
            default -> 'x';
        };
    }

    static String cType(char t) { return t == 'd' ? "double" : t == 's' ? "float" : "int64_t"; }
    static String load(char t, String v) { return t == 'd' ? "ld(" + v + ")" : t == 's' ? "lf(" + v + ")" : "(int64_t)" + v; }
    static String store(char t, String v) { return t == 'd' ? "bd(" + v + ")" : t == 's' ? "bf(" + v + ")" : "(uint64_t)" + v; }
    static String constraint(char t) { return t == 'x' ? "r" : "f"; }

    static String program(List<Ops.Op> ops) {
        StringBuilder cases = new StringBuilder();
        for (int i = 0; i < ops.size(); i++) {
            String insn = INSN.get(ops.get(i).name());
            String[] parts = insn.split("\\.");
            char dst, src;
            int arity;
            if (parts[0].equals("fcvt")) {
                dst = type(parts[1]);
                src = type(parts[2]);
                arity = 1;
            } else {
                src = type(parts[1]);
                boolean toInt = parts[0].equals("feq") || parts[0].equals("flt") || parts[0].equals("fle") || parts[0].equals("fclass");
                dst = toInt ? 'x' : src;
                arity = switch (parts[0]) {
                    case "fsqrt", "fclass" -> 1;
                    case "fmadd", "fmsub", "fnmsub", "fnmadd" -> 3;
                    default -> 2;
                };
            }
            String[] names = {"x", "y", "z"};
            String[] raw = {"in.a", "in.b", "in.c"};
            cases.append("    case ").append(i).append(": {");
            StringBuilder operands = new StringBuilder(), regs = new StringBuilder();
            for (int k = 0; k < arity; k++) {
                cases.append(' ').append(cType(src)).append(' ').append(names[k]).append(" = ").append(load(src, raw[k])).append(';');
                operands.append(k == 0 ? "" : ", ").append('"').append(constraint(src)).append("\"(").append(names[k]).append(')');
                regs.append(",%").append(k + 1);
            }
            cases.append(' ').append(cType(dst)).append(" r; ");
            cases.append("asm volatile(\"").append(insn).append(" %0").append(regs).append("\" : \"=").append(constraint(dst))
                    .append("\"(r) : ").append(operands).append(");");
            cases.append(" out = ").append(store(dst, "r")).append("; break; }\n");
        }
        return """
                #include <stdint.h>
                #include <stdio.h>
                #include <string.h>
                typedef struct { uint32_t op, rm; uint64_t a, b, c; } rec;
                typedef struct { uint64_t r, flags; } res;
                static double ld(uint64_t v) { double d; memcpy(&d, &v, 8); return d; }
                static float lf(uint64_t v) { uint32_t u = (uint32_t) v; float f; memcpy(&f, &u, 4); return f; }
                static uint64_t bd(double d) { uint64_t v; memcpy(&v, &d, 8); return v; }
                static uint64_t bf(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
                int main(void) {
                  rec in;
                  while (fread(&in, sizeof in, 1, stdin) == 1) {
                    uint64_t out = 0, flags, rm = in.rm;
                    asm volatile("csrw frm, %0" :: "r"(rm));
                    asm volatile("csrw fflags, zero");
                    switch (in.op) {
                """ + cases + """
                    }
                    asm volatile("csrr %0, fflags" : "=r"(flags));
                    res o = { out, flags };
                    fwrite(&o, sizeof o, 1, stdout);
                  }
                  return 0;
                }
                """;
    }


    static void run(Path dir, List<String> cmd, Path in, Path out) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.redirectInput(in == null ? ProcessBuilder.Redirect.from(new File("/dev/null")) : ProcessBuilder.Redirect.from(in.toFile()));
        Path err = dir.resolve("stderr.txt");
        pb.redirectOutput(out == null ? ProcessBuilder.Redirect.to(err.toFile()) : ProcessBuilder.Redirect.to(out.toFile()));
        pb.redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("timed out: " + cmd);
        }
        assertEquals(0, p.exitValue(), () -> cmd + " failed: " + readQuietly(err));
    }

    static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void matchesRiscvInstructionsUnderQemu() throws Exception {
        HostTools.require("qemu-riscv64", "riscv64-linux-gnu-gcc");
        List<Ops.Op> ops = Ops.all();
        Path dir = Files.createTempDirectory("fpu-qemu");
        try {
            Files.writeString(dir.resolve("oracle.c"), program(ops));
            run(dir, List.of("riscv64-linux-gnu-gcc", "-O1", "-static", "-march=rv64gc", "-o", "oracle", "oracle.c"), null, null);
            // operands: op, rm, a, b, c
            List<long[]> records = new ArrayList<>();
            for (int i = 0; i < ops.size(); i++) {
                Ops.Op op = ops.get(i);
                Gen g = new Gen(op.fmt(), 0x9e3779b9L + i + FpuRandomTest.EXTRA_SEED);
                for (int k = 0; k < CASES; k++) {
                    long[] x = op.operands().next(g);
                    for (int rm = 0; rm < (op.usesRm() ? 5 : 1); rm++) records.add(new long[] {i, rm, x[0], x[1], x[2]});
                }
            }
            ByteBuffer buf = ByteBuffer.allocate(records.size() * 32).order(ByteOrder.LITTLE_ENDIAN);
            for (long[] r : records) buf.putInt((int) r[0]).putInt((int) r[1]).putLong(r[2]).putLong(r[3]).putLong(r[4]);
            Path in = dir.resolve("in.bin"), out = dir.resolve("out.bin");
            Files.write(in, buf.array());
            run(dir, List.of("qemu-riscv64", "./oracle"), in, out);
            ByteBuffer res = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(records.size() * 16, res.capacity(), "result count");
            Fpu fpu = new Fpu();
            int bad = 0;
            StringBuilder msg = new StringBuilder();
            for (long[] r : records) {
                Ops.Op op = ops.get((int) r[0]);
                long want = res.getLong() & op.resultMask();
                int wantFlags = (int) res.getLong();
                fpu.flags = 0;
                long got = op.impl().apply(fpu, r[2], r[3], r[4], (int) r[1]) & op.resultMask();
                if (got != want || fpu.flags != wantFlags) {
                    if (bad++ < 15) {
                        msg.append(String.format("%s(%x, %x, %x) rm=%d: Fpu %x %s, qemu %x %s%n", op.name(), r[2], r[3], r[4], r[1],
                                got, FpuTestSupport.flagString(fpu.flags), want, FpuTestSupport.flagString(wantFlags)));
                    }
                }
            }
            if (bad > 0) fail(bad + " of " + records.size() + " differ from qemu:\n" + msg);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
