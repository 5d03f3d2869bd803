package org.cheriemu.emulator.linux;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.cheriemu.emulator.loader.TestGuests;
import org.cheriemu.isa.memory.TaggedMemory;

/**
 * A loaded Linux guest (the static hello binary) driven by direct system calls through a
 * {@link FakeHart}, with captured stdio, a fixed environment and a deterministic random seed.
 */
final class Guest {
    static final long SEED = 1234;

    final TaggedMemory memory = new TaggedMemory();
    final FakeHart hart = new FakeHart(memory);
    final LinuxEnvironment env;
    final long scratch;
    private long next;

    Guest(LinuxOptions o) throws Exception {
        env = LinuxEnvironment.load(memory, TestGuests.staticHello(), o);
        hart.pc = env.entry();
        hart.x[2] = env.initialSp();
        scratch = sys(SyscallNames.MMAP, 0, 1 << 20, 3, 0x22, -1, 0);
        next = scratch;
    }

    static LinuxOptions options(String... argv) {
        return LinuxOptions.of(argv.length == 0 ? List.of("hello") : List.of(argv))
                .env(List.of("HOME=/nonexistent", "LANG=C"))
                .randomSeed(SEED);
    }

    static Guest start() throws Exception {
        return captured(options());
    }

    /** Options with captured stdio and strace into this guest's buffers (set up before load). */
    static Guest captured(LinuxOptions o) throws Exception {
        Capture c = new Capture();
        o.stdio(new ByteArrayInputStream("input line\n".getBytes()), c.out, c.err, false)
                .strace(new PrintStream(c.trace, true));
        Guest g = new Guest(o);
        g.capture = c;
        return g;
    }

    /** Captured streams of {@link #captured}. */
    static final class Capture {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final ByteArrayOutputStream trace = new ByteArrayOutputStream();
    }

    Capture capture;

    String stdout() {
        return capture.out.toString(StandardCharsets.UTF_8);
    }

    String trace() {
        return capture.trace.toString(StandardCharsets.UTF_8);
    }

    long sys(int nr, long... args) {
        hart.x[17] = nr;
        for (int i = 0; i < 6; i++) {
            hart.x[10 + i] = i < args.length ? args[i] : 0;
        }
        env.ecall(hart);
        return hart.x[10];
    }

    /** Copies bytes into fresh scratch memory; returns their address. */
    long put(byte[] b) {
        long a = next;
        env.addressSpace().writeUnchecked(a, b, 0, b.length);
        next += (b.length + 15) & ~15L;
        return a;
    }

    long str(String s) {
        byte[] b = (s + "\0").getBytes(StandardCharsets.UTF_8);
        return put(b);
    }

    long alloc(int n) {
        long a = next;
        next += (n + 15) & ~15L;
        return a;
    }

    byte[] bytes(long addr, int n) {
        byte[] b = new byte[n];
        memory.read(addr, b, 0, n);
        return b;
    }

    String cstr(long addr) {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = memory.load8(addr)) != 0; addr++) {
            sb.append((char) c);
        }
        return sb.toString();
    }

    static Path exe() {
        return TestGuests.staticHello();
    }
}
