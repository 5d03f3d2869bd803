package org.cheriemu.emulator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.cheriemu.runtime.bench.SweepBench;
import org.cheriemu.runtime.revoke.PassStats;
import org.cheriemu.runtime.revoke.RevocationStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cheri-emu sweep-bench}: revocation sweep cost on a synthetic heap, with no CPU, beside
 * the host's plain read bandwidth over the same bytes measured in the same run.
 */
@Command(name = "sweep-bench", mixinStandardHelpOptions = true,
        description = "Measure revocation passes over a synthetic heap against host read bandwidth.")
final class SweepBenchCommand implements Callable<Integer> {

    @Option(names = "--heap", defaultValue = "256M", paramLabel = "SIZE",
            description = "heap size: bytes, or with K, M or G (default ${DEFAULT-VALUE})")
    String heap;

    @Option(names = "--pointer-density", defaultValue = "0.01", paramLabel = "D",
            description = "fraction of object granules holding a tagged capability (default ${DEFAULT-VALUE})")
    double density;

    @Option(names = "--quarantine", defaultValue = "0.25", paramLabel = "R",
            description = "fraction of live objects freed into quarantine before each pass (default ${DEFAULT-VALUE})")
    double quarantine;

    @Option(names = "--revoker", defaultValue = "full", paramLabel = "S",
            description = "full, capdirty, loadbarrier or off (default ${DEFAULT-VALUE})")
    String revoker;

    @Option(names = "--passes", defaultValue = "10", paramLabel = "N", description = "measured passes (default ${DEFAULT-VALUE})")
    int passes;

    @Option(names = "--warmup", defaultValue = "2", paramLabel = "N",
            description = "warm-up passes, not in the medians (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--bandwidth-runs", defaultValue = "7", paramLabel = "N",
            description = "host read-bandwidth runs (default ${DEFAULT-VALUE})")
    int bandwidthRuns;

    @Option(names = "--free-pattern", defaultValue = "random", paramLabel = "P",
            description = "random: free random objects; clustered: free the objects of one address window (default ${DEFAULT-VALUE})")
    String freePattern;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--json", description = "one JSON object with every pass and the medians")
    boolean json;

    @Override
    public Integer call() throws Exception {
        RevocationStrategy strategy;
        SweepBench.Params params;
        try {
            strategy = RevocationStrategy.parse(revoker);
            if (!freePattern.equals("random") && !freePattern.equals("clustered")) {
                throw new IllegalArgumentException("--free-pattern must be random or clustered");
            }
            params = new SweepBench.Params(parseSize(heap), density, quarantine, strategy, passes, warmup,
                    bandwidthRuns, seed, freePattern.equals("clustered"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("sweep-bench: " + e.getMessage());
        }
        PrintStream err = System.err;
        SweepBench.Result r = SweepBench.run(params, json ? s -> { } : s -> err.println("sweep-bench: " + s));
        if (json) {
            ObjectMapper mapper = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
            ObjectNode tree = mapper.valueToTree(r);
            ((ObjectNode) tree.get("params")).put("strategy", strategy.name());
            System.out.println(mapper.writeValueAsString(tree));
        } else {
            print(r, System.out);
        }
        return 0;
    }

    static long parseSize(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        long mul = 1;
        if (t.endsWith("IB")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        if (t.endsWith("K")) {
            mul = 1L << 10;
        } else if (t.endsWith("M")) {
            mul = 1L << 20;
        } else if (t.endsWith("G")) {
            mul = 1L << 30;
        }
        if (mul != 1) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            return Math.multiplyExact(Long.parseLong(t), mul);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new UsageException("sweep-bench: --heap '" + text + "' is not a size (e.g. 256M, 1G)");
        }
    }

    private static void print(SweepBench.Result r, PrintStream out) {
        SweepBench.Params p = r.params();
        out.printf(Locale.ROOT, "sweep-bench: heap %d MiB, pointer density %.4f, quarantine %.2f (%s frees), revoker %s, %d objects%n",
                p.heapBytes() >> 20, p.pointerDensity(), p.quarantine(), p.clusteredFrees() ? "clustered" : "random",
                p.strategy().name(), r.objects());
        out.printf(Locale.ROOT, "%5s %9s %7s %7s %7s %11s %10s %9s %9s %9s %9s %8s %11s%n",
                "pass", "quar MiB", "chunks", "pages", "skipped", "inspected", "revoked", "sweep ms", "pass ms",
                "GiB/s", "cpu GiB/s", "tagged", "cache lines");
        for (PassStats s : r.warmup()) {
            row(out, s, " (warm-up)");
        }
        for (PassStats s : r.passes()) {
            row(out, s, "");
        }
        out.printf(Locale.ROOT, "median sweep: %.2f GiB/s (%.2f ms sweep, %.2f ms whole pass) over %d MiB; tagged granules %.4f%n",
                r.medianSweepGiBps(), r.medianSweepMs(), r.medianPassMs(), r.bandwidthBytes() >> 20, r.taggedFraction());
        out.printf(Locale.ROOT, "median sweep on thread CPU time: %.2f GiB/s%n", r.medianSweepCpuGiBps());
        out.printf(Locale.ROOT, "host read bandwidth (long[] sum, same bytes, median of %d): %.2f GiB/s (%.2f GiB/s on CPU time)%n",
                p.bandwidthRuns(), r.hostReadGiBps(), r.hostReadCpuGiBps());
        out.printf(Locale.ROOT, "host read bandwidth (byte[] through a little-endian VarHandle, 8 bytes at a time): %.2f GiB/s%n",
                r.hostVarHandleReadGiBps());
        out.printf(Locale.ROOT, "sweep / host read (long[] sum): %.2f wall, %.2f CPU time%n", r.ratio(), r.cpuRatio());
    }

    private static void row(PrintStream out, PassStats s, String note) {
        out.printf(Locale.ROOT, "%5d %9.2f %7d %7d %7d %11d %10d %9.3f %9.3f %9.2f %9.2f %8.4f %11d%s%n",
                s.pass(), s.quarantinedBytes() / 1048576.0, s.quarantinedChunks(), s.pagesVisited(), s.pagesSkipped(),
                s.granulesInspected(), s.revokedInMemory() + s.revokedInRegisters(), s.sweepNanos() / 1e6,
                s.hostNanos() / 1e6, s.sweepGiBPerSecond(), s.sweepCpuGiBPerSecond(),
                s.granulesInspected() / (double) (s.bytesCovered() >>> 4),
                s.cacheLines(), note);
    }
}
