package org.cheriemu.emulator.linux;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How to run a Linux guest. Defaults: the host environment is passed through (as qemu-riscv64
 * does), stdio is the emulator's own (raw bytes, unbuffered), no strace, no writable directory,
 * random AT_RANDOM/getrandom bytes, a resident-memory limit of 4 GiB (or half the JVM heap).
 */
public final class LinuxOptions {

    List<String> argv = List.of();
    List<String> env;
    Path allowWrite;
    PrintStream strace;
    InputStream stdin;
    OutputStream stdout;
    OutputStream stderr;
    boolean hostStdio = true;
    boolean ttyStdio;
    Disassembler disassembler;
    boolean trapHandlers;
    Long randomSeed;
    Long pid;
    /** Default: 4 GiB, or half the JVM's heap if that is less, so the guest hits its limit before the host does. */
    long maxMemory = Math.min(4L << 30, Runtime.getRuntime().maxMemory() / 2);
    Path cwd;

    /** Options for running with guest arguments {@code argv} (argv[0] is the program as typed). */
    public static LinuxOptions of(List<String> argv) {
        LinuxOptions o = new LinuxOptions();
        o.argv = List.copyOf(argv);
        return o;
    }

    /**
     * Guest environment strings ("NAME=value"), in guest order; default: the host's, in the
     * reverse of the host's order, which is what qemu-riscv64 (7.2) hands its guests.
     */
    public LinuxOptions env(List<String> env) {
        this.env = List.copyOf(env);
        return this;
    }

    /** The one directory tree the guest may modify (--allow-write). */
    public LinuxOptions allowWrite(Path dir) {
        this.allowWrite = dir;
        return this;
    }

    /** Trace every system call to {@code out} in qemu-riscv64 -strace format (--strace). */
    public LinuxOptions strace(PrintStream out) {
        this.strace = out;
        return this;
    }

    /**
     * Guest stdio on the given streams instead of the emulator's own (tests, embedding);
     * {@code tty} says whether TCGETS should report a terminal.
     */
    public LinuxOptions stdio(InputStream in, OutputStream out, OutputStream err, boolean tty) {
        this.stdin = in;
        this.stdout = out;
        this.stderr = err;
        this.hostStdio = false;
        this.ttyStdio = tty;
        return this;
    }

    /** Disassembles faulting instructions for trap reports. */
    public LinuxOptions disassembler(Disassembler d) {
        this.disassembler = d;
        return this;
    }

    /**
     * Runs the guest's handler for a trap's signal (SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGPROT)
     * when it installed one, as Linux does. This needs an interpreter that, when
     * {@code Environment.unhandledTrap} returns instead of throwing, resumes at the pc the
     * environment set with {@code HartView.setPc}. Off by default: without a handler, or off,
     * a trap ends the guest with 128 + signal and a report.
     */
    public LinuxOptions trapHandlers(boolean on) {
        this.trapHandlers = on;
        return this;
    }

    /** Makes AT_RANDOM and getrandom deterministic. */
    public LinuxOptions randomSeed(long seed) {
        this.randomSeed = seed;
        return this;
    }

    /** The process (and thread) id the guest sees, instead of the emulator's own (repeatable runs). */
    public LinuxOptions pid(long pid) {
        this.pid = pid;
        return this;
    }

    /** Resident guest memory limit in bytes (exceeding it kills the guest with status 137). */
    public LinuxOptions maxMemory(long bytes) {
        this.maxMemory = bytes;
        return this;
    }

    /** The guest's initial working directory (default: the emulator's). */
    public LinuxOptions cwd(Path dir) {
        this.cwd = dir;
        return this;
    }

    /** The guest environment: the one set with {@link #env}, else the host's. */
    public List<String> envOrHost() {
        if (env != null) {
            return env;
        }
        // the host's environment in its original order, as qemu-riscv64 passes environ through
        try {
            byte[] raw = java.nio.file.Files.readAllBytes(Path.of("/proc/self/environ"));
            List<String> e = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == 0) {
                    if (i > start) {
                        e.add(new String(raw, start, i - start, java.nio.charset.StandardCharsets.UTF_8));
                    }
                    start = i + 1;
                }
            }
            if (!e.isEmpty()) {
                java.util.Collections.reverse(e);
                return e;
            }
        } catch (java.io.IOException | RuntimeException ignored) {
            // fall back to the unordered map
        }
        List<String> e = new ArrayList<>(); // order unknown: no reversal can match the host's
        for (Map.Entry<String, String> kv : System.getenv().entrySet()) {
            e.add(kv.getKey() + "=" + kv.getValue());
        }
        return e;
    }

    InputStream stdinStream() {
        return stdin != null ? stdin : new FileInputStream(FileDescriptor.in);
    }

    OutputStream stdoutStream() {
        return stdout != null ? stdout : new FileOutputStream(FileDescriptor.out);
    }

    OutputStream stderrStream() {
        return stderr != null ? stderr : new FileOutputStream(FileDescriptor.err);
    }
}
