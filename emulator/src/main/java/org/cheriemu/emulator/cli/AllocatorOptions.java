package org.cheriemu.emulator.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.cheriemu.emulator.ExitStatus;
import org.cheriemu.emulator.cpu.GuestExit;
import org.cheriemu.emulator.linux.LinuxEnvironment;
import org.cheriemu.emulator.services.RuntimeServices;
import org.cheriemu.runtime.RuntimeJson;
import org.cheriemu.runtime.revoke.PassStats;
import org.cheriemu.runtime.revoke.QuarantinePolicy;
import org.cheriemu.runtime.revoke.RevocationStrategy;

import picocli.CommandLine.Option;

/** The {@code run} options of the allocator runtime (the guest's cheri_malloc and friends), a picocli mixin. */
final class AllocatorOptions {

    @Option(names = "--revoker", paramLabel = "full|capdirty|loadbarrier|off", defaultValue = "full",
            description = "how stale capabilities are revoked: full (sweep every page holding tags), capdirty "
                    + "(skip pages with no capability stored since the last pass, Cornucopia-style), loadbarrier "
                    + "(also untag a revoked capability when it is loaded, CHERIoT-style), off (no quarantine: "
                    + "freed memory is reused at once). Default: ${DEFAULT-VALUE}")
    String revoker = "full";

    @Option(names = "--heap", paramLabel = "SIZE", defaultValue = "256M",
            description = "address space of the runtime's heap, 64K to 16G (default ${DEFAULT-VALUE}; pages are made when"
                    + " touched)")
    String heap = "256M";

    @Option(names = "--quarantine-ratio", paramLabel = "R", defaultValue = "0.25",
            description = "start a pass when quarantined bytes exceed R × the heap footprint (default ${DEFAULT-VALUE},"
                    + " CHERIvoke's headline setting)")
    double ratio = 0.25;

    @Option(names = "--quarantine-min", paramLabel = "SIZE", defaultValue = "64K",
            description = "... and the quarantine holds at least SIZE (default ${DEFAULT-VALUE})")
    String minimum = "64K";

    @Option(names = "--quarantine-max", paramLabel = "SIZE",
            description = "start a pass whenever the quarantine reaches SIZE, whatever the ratio (default: no maximum)")
    String maximum;

    @Option(names = "--revoke-every-free", description = "run a pass after every free (debugging: a use after free faults at once)")
    boolean revokeEveryFree;

    @Option(names = "--check-revocation",
            description = "after every pass, check that no tagged capability in memory or registers still points to an "
                    + "object the pass released (a self-check of the sweep; a failure is exit status 70)")
    boolean checkRevocation;

    @Option(names = "--no-zero", description = "do not zero new allocations (tags are still cleared; for measurement)")
    boolean noZero;

    @Option(names = "--sweep-stats", paramLabel = "FILE",
            description = "write one JSON line per revocation pass to FILE (see the README for the fields)")
    Path sweepStats;

    @Option(names = "--runtime-report", paramLabel = "FILE",
            description = "also write every double free, invalid free and (with --leak-check) leaked object to FILE,"
                    + " one JSON object per line")
    Path runtimeReport;

    @Option(names = "--leak-check", description = "at exit, report every object still allocated, with its allocation trace")
    boolean leakCheck;

    @Option(names = "--bad-free", paramLabel = "abort|report", defaultValue = "abort",
            description = "after a double or invalid free report: abort (end the guest with SIGABRT, status 134; the "
                    + "default) or report (the free returns EINVAL and the guest goes on)")
    String badFree = "abort";

    /** The largest heap: its revocation bitmap (1 bit per 16 bytes) is then 128 MiB of Java heap. */
    private static final long MAX_HEAP = 16L << 30;

    private OutputStream sweepStatsOut;
    private RuntimeJson.PassLogWriter passLog;
    private PrintStream reportOut;

    /** A one-line usage error for bad values, or null. */
    String validate() {
        try {
            RevocationStrategy.parse(revoker);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (!badFree.equals("abort") && !badFree.equals("report")) {
            return "unknown --bad-free '" + badFree + "' (abort or report)";
        }
        if (!(ratio >= 0) || Double.isInfinite(ratio)) {
            return "--quarantine-ratio must be a number >= 0";
        }
        for (String[] size : new String[][] {{"--heap", heap}, {"--quarantine-min", minimum}, {"--quarantine-max", maximum}}) {
            try {
                if (size[1] != null) {
                    bytes(size[1]);
                }
            } catch (NumberFormatException e) {
                return "bad " + size[0] + " value '" + size[1] + "' (expected e.g. 64K, 256M, 1G)";
            }
        }
        long heapBytes = bytes(heap);
        if ((heapBytes & 0xFFF) != 0 || heapBytes < 64 << 10 || heapBytes > MAX_HEAP) {
            return "--heap must be a multiple of 4K from 64K to 16G";
        }
        return null;
    }

    /** A size option: RunCommand's sizes, and 0. */
    private static long bytes(String s) {
        return s.trim().equals("0") ? 0 : RunCommand.parseSize(s);
    }

    /** Opens the --sweep-stats and --runtime-report files; IOException (naming the file) when one cannot be written. */
    void open() throws IOException {
        if (sweepStats != null) {
            sweepStatsOut = new BufferedOutputStream(create(sweepStats), 1 << 16);
            passLog = new RuntimeJson.PassLogWriter(sweepStatsOut);
        }
        if (runtimeReport != null) {
            reportOut = new PrintStream(create(runtimeReport), true, StandardCharsets.UTF_8);
        }
    }

    private static OutputStream create(Path file) throws IOException {
        try {
            return Files.newOutputStream(file);
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    /**
     * The runtime over a Linux guest, configured by these options (after {@link #validate} and
     * {@link #open}). {@code stats}: run --stats is on; with it or --sweep-stats the passes are
     * compiled before the first one, so their times are not the JVM's bytecode interpreter's.
     */
    RuntimeServices services(LinuxEnvironment linux, boolean stats, PrintStream err) {
        RevocationStrategy strategy = RevocationStrategy.parse(revoker);
        QuarantinePolicy policy = QuarantinePolicy.DEFAULT.withRatio(ratio).withMinBytes(bytes(minimum))
                .withMaxBytes(maximum == null ? 0 : bytes(maximum)).withRevokeEveryFree(revokeEveryFree);
        Consumer<PassStats> log = passLog == null ? null : pass -> {
            try {
                passLog.accept(pass);
            } catch (UncheckedIOException e) {
                throw new GuestExit(ExitStatus.IO_ERROR, "cheri-emu: " + sweepStats + ": cannot write the sweep statistics: "
                        + e.getCause().getMessage());
            }
        };
        return new RuntimeServices(linux, new RuntimeServices.Settings(bytes(heap),
                c -> c.withStrategy(strategy).withPolicy(policy).withZeroing(!noZero), badFree.equals("abort"), log,
                reportOut == null ? null : reportOut::println, stats || passLog != null, checkRevocation), err);
    }

    /** Flushes and closes the --sweep-stats and --runtime-report files. */
    void close() throws IOException {
        if (reportOut != null) {
            reportOut.close();
            if (reportOut.checkError()) {       // a PrintStream keeps write errors to itself
                throw new IOException(runtimeReport + ": the runtime's reports could not all be written");
            }
        }
        if (passLog != null) {
            passLog.close();
        }
        if (sweepStatsOut != null) {
            sweepStatsOut.close();
        }
    }
}
