package org.cheriemu.runtime.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.cheriemu.isa.cap.Capability;
import org.cheriemu.isa.memory.Page;
import org.cheriemu.isa.memory.TaggedMemory;
import org.cheriemu.runtime.Allocator;
import org.cheriemu.runtime.InMemoryMachine;
import org.cheriemu.runtime.RuntimeConfig;
import org.cheriemu.runtime.revoke.PassStats;
import org.cheriemu.runtime.revoke.QuarantinePolicy;
import org.cheriemu.runtime.revoke.RevocationStrategy;

/**
 * The revocation sweep benchmark, with no CPU.
 *
 * <p>Setup: objects of 16–512 bytes (multiples of 16) are allocated through the {@link Allocator}
 * until they hold 3/4 of the heap. A fixed, address-hashed choice of granules (a fraction
 * {@code pointerDensity} of the granules inside objects) holds a tagged capability to a random
 * live object. Each pass: a fraction {@code quarantine} of the live objects is freed into
 * quarantine (passes run only on request here), the pass runs and is measured, the freed count
 * is allocated again, and the chosen granules of every live object that lost their capability
 * (new objects, revoked pointers) get a fresh one, so the density holds from pass to pass.
 *
 * <p>Beside it, in the same run, the host's plain read bandwidth over the same number of bytes
 * (summing a {@code long[]}, after warm-up), and the ratio of the two medians.
 */
public final class SweepBench {
    private SweepBench() {}

    /** Heap base used by the benchmark (any 16-byte aligned address works). */
    public static final long HEAP_BASE = 0x1_0000_0000L;

    /**
     * @param clusteredFrees free the objects of one contiguous address window (a fraction
     *                       {@code quarantine} of the heap's objects) instead of random objects:
     *                       what freeing one data structure looks like, and the case where
     *                       capdirty can skip clean pages
     */
    public record Params(long heapBytes, double pointerDensity, double quarantine, RevocationStrategy strategy,
                         int passes, int warmupPasses, int bandwidthRuns, long seed, boolean clusteredFrees) {
        public Params {
            if (heapBytes < (1 << 20) || (heapBytes & 0xFFF) != 0) {
                throw new IllegalArgumentException("heap must be a multiple of 4 KiB and at least 1 MiB");
            }
            if (!(pointerDensity >= 0 && pointerDensity <= 1)) {
                throw new IllegalArgumentException("pointer density must be in [0, 1]");
            }
            if (!(quarantine >= 0 && quarantine <= 1)) {
                throw new IllegalArgumentException("quarantine fraction must be in [0, 1]");
            }
            if (passes < 1 || warmupPasses < 0 || bandwidthRuns < 1) {
                throw new IllegalArgumentException("need at least one pass and one bandwidth run");
            }
        }
    }

    /**
     * @param passes           measured passes (warm-up passes excluded)
     * @param medianSweepGiBps median of bytesCovered / sweepNanos over the measured passes
     * @param medianSweepCpuGiBps median of bytesCovered / sweepCpuNanos (CPU time: robust when
     *                         the host is shared)
     * @param medianSweepMs    median sweep time
     * @param medianPassMs     median whole-pass time (paint, sweep, unpaint, release)
     * @param hostReadGiBps    median host read bandwidth over {@code bandwidthBytes}: summing a {@code long[]}
     * @param hostVarHandleReadGiBps median host read bandwidth over the same bytes held in a
     *                         {@code byte[]} and read 8 bytes at a time through a little-endian VarHandle
     *                         (the way guest memory is read)
     * @param hostReadCpuGiBps the long[] sum again, on the CPU time of the reading thread
     * @param ratio            medianSweepGiBps / hostReadGiBps
     * @param cpuRatio         medianSweepCpuGiBps / hostReadCpuGiBps
     * @param taggedFraction   tagged granules / granules of memory covered, median over passes
     */
    public record Result(Params params, long objects, long bandwidthBytes, List<PassStats> warmup,
                         List<PassStats> passes, double medianSweepGiBps, double medianSweepCpuGiBps,
                         double medianSweepMs, double medianPassMs,
                         double hostReadGiBps, double hostReadCpuGiBps, double hostVarHandleReadGiBps,
                         double ratio, double cpuRatio, double taggedFraction) {}

    public static Result run(Params p, Consumer<String> progress) {
        TaggedMemory memory = new TaggedMemory();
        InMemoryMachine machine = new InMemoryMachine(memory);
        RuntimeConfig config = RuntimeConfig.of(HEAP_BASE, p.heapBytes()).withStrategy(p.strategy())
                .withPolicy(QuarantinePolicy.MANUAL).withTraceDepth(0).withHistoryLimit(0);
        Allocator alloc = new Allocator(machine, config);
        SplittableRandom rnd = new SplittableRandom(p.seed());
        Heap heap = new Heap(memory, alloc, rnd, p.pointerDensity());

        progress.accept("building heap");
        long target = p.heapBytes() / 4 * 3;
        while (alloc.statistics().allocatedBytes() < target) {
            if (!heap.allocate()) {
                break;
            }
        }
        heap.repoint(0);
        // Registers: a few capabilities to random objects, as a running program would have.
        for (int r = 0; r < machine.registerCount(); r++) {
            machine.setRegister(r, heap.randomCap());
        }

        List<PassStats> warm = new ArrayList<>();
        List<PassStats> measured = new ArrayList<>();
        for (int i = 0; i < p.warmupPasses() + p.passes(); i++) {
            progress.accept("pass " + (i + 1));
            int toFree = (int) Math.round(heap.count * p.quarantine());
            toFree = p.clusteredFrees() ? heap.freeClustered(toFree) : heap.freeRandom(toFree);
            System.gc();   // collect the setup's garbage now, not concurrently with the measured sweep
            PassStats s = alloc.revokeNow();
            (i < p.warmupPasses() ? warm : measured).add(s);
            int from = heap.count;
            for (int k = 0; k < toFree; k++) {
                if (!heap.allocate()) {
                    break;
                }
            }
            heap.repoint(p.strategy().quarantines() ? 0 : from);
        }

        long covered = measured.get(0).bytesCovered();
        progress.accept("host read bandwidth");
        double[] bwBoth = hostReadBandwidthWallAndCpu(covered, p.bandwidthRuns());
        double bw = bwBoth[0];
        double bwVarHandle = hostVarHandleReadBandwidth(covered, p.bandwidthRuns());
        double sweep = median(measured.stream().mapToDouble(PassStats::sweepGiBPerSecond).toArray());
        double sweepCpu = median(measured.stream().mapToDouble(PassStats::sweepCpuGiBPerSecond).toArray());
        double sweepMs = median(measured.stream().mapToDouble(s -> s.sweepNanos() / 1e6).toArray());
        double passMs = median(measured.stream().mapToDouble(s -> s.hostNanos() / 1e6).toArray());
        double tagged = median(measured.stream()
                .mapToDouble(s -> s.granulesInspected() / (double) (s.bytesCovered() >>> 4)).toArray());
        return new Result(p, heap.count, covered, warm, measured, sweep, sweepCpu, sweepMs, passMs, bw, bwBoth[1],
                bwVarHandle, sweep / bw, bwBoth[1] > 0 ? sweepCpu / bwBoth[1] : 0, tagged);
    }

    /** Live objects of the benchmark heap and the pointers between them. */
    private static final class Heap {
        final TaggedMemory memory;
        final Allocator alloc;
        final SplittableRandom rnd;
        final long threshold;   // a granule holds a pointer when mix(address) < threshold (unsigned)
        final boolean all;
        Capability[] caps = new Capability[1024];
        int count;

        Heap(TaggedMemory memory, Allocator alloc, SplittableRandom rnd, double density) {
            this.memory = memory;
            this.alloc = alloc;
            this.rnd = rnd;
            this.all = density >= 1;
            this.threshold = all ? -1L : (long) (density * 0x1p63) << 1;
        }

        boolean allocate() {
            Capability c = alloc.malloc(16L * (1 + rnd.nextInt(32)));
            if (!c.tag()) {
                return false;
            }
            if (count == caps.length) {
                caps = Arrays.copyOf(caps, count * 2);
            }
            caps[count++] = c;
            return true;
        }

        Capability randomCap() {
            return caps[rnd.nextInt(count)];
        }

        /** Frees {@code n} random live objects (into quarantine); returns how many. */
        int freeRandom(int n) {
            int k = 0;
            for (; k < n && count > 0; k++) {
                removeAndFree(rnd.nextInt(count));
            }
            return k;
        }

        /** Frees the (about) {@code n} live objects with the lowest addresses from a random start, wrapping. */
        int freeClustered(int n) {
            if (n == 0 || count == 0) {
                return 0;
            }
            long[] bases = new long[count];
            for (int i = 0; i < count; i++) {
                bases[i] = caps[i].address();
            }
            Arrays.sort(bases);
            int first = rnd.nextInt(count);
            long lo = bases[first];
            long hi = bases[(first + Math.min(n, count) - 1) % count];
            boolean wraps = hi < lo;
            int freed = 0;
            for (int i = count - 1; i >= 0; i--) {
                long b = caps[i].address();
                if (wraps ? (b >= lo || b <= hi) : (b >= lo && b <= hi)) {
                    removeAndFree(i);
                    freed++;
                }
            }
            return freed;
        }

        private void removeAndFree(int i) {
            Capability c = caps[i];
            caps[i] = caps[--count];
            caps[count] = null;
            if (!alloc.free(c).ok()) {
                throw new IllegalStateException("benchmark free refused");
            }
        }

        /** Stores a fresh pointer in every chosen granule of objects [from, count) whose tag is clear. */
        void repoint(int from) {
            for (int i = from; i < count; i++) {
                Capability c = caps[i];
                long base = c.address();
                long end = base + c.length().longValue();
                for (long a = base; a < end; a += 16) {
                    if (all || Long.compareUnsigned(mix(a), threshold) < 0) {
                        Page page = memory.pageAtOrCreate(a);
                        int off = (int) a & Page.MASK;
                        if (!page.tag(off >>> 4)) {
                            Capability t = caps[rnd.nextInt(count)];
                            page.storeCap(off, t.address(), t.memoryMeta(), true);
                        }
                    }
                }
            }
        }

        private static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }
    }

    // ---------------------------------------------------------------- host bandwidth

    private static volatile long sink;

    /** Median GiB/s of summing a long[] of {@code bytes} bytes, after two warm-up runs. */
    public static double hostReadBandwidth(long bytes, int runs) {
        return hostReadBandwidthWallAndCpu(bytes, runs)[0];
    }

    /** {wall-clock median GiB/s, thread-CPU-time median GiB/s (0 if unavailable)} of summing a long[]. */
    public static double[] hostReadBandwidthWallAndCpu(long bytes, int runs) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        boolean cpu = threads.isCurrentThreadCpuTimeSupported();
        long[] data = new long[(int) Math.min(Integer.MAX_VALUE - 8, Math.max(1, bytes >>> 3))];
        for (int i = 0; i < data.length; i++) {
            data[i] = i * 0x9E3779B97F4A7C15L;
        }
        double[] rates = new double[runs];
        double[] cpuRates = new double[runs];
        for (int r = -2; r < runs; r++) {
            long c0 = cpu ? threads.getCurrentThreadCpuTime() : 0;
            long t0 = System.nanoTime();
            sink += sum(data);
            long ns = System.nanoTime() - t0;
            long cns = cpu ? threads.getCurrentThreadCpuTime() - c0 : 0;
            if (r >= 0) {
                rates[r] = data.length * 8.0 / ns * 1e9 / (1L << 30);
                cpuRates[r] = cns > 0 ? data.length * 8.0 / cns * 1e9 / (1L << 30) : 0;
            }
        }
        return new double[] {median(rates), median(cpuRates)};
    }

    private static final java.lang.invoke.VarHandle LONG_LE = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** Median GiB/s of reading a byte[] of {@code bytes} bytes 8 at a time through a VarHandle, after two warm-ups. */
    public static double hostVarHandleReadBandwidth(long bytes, int runs) {
        byte[] data = new byte[(int) Math.min(Integer.MAX_VALUE - 16, Math.max(8, bytes)) & ~7];
        for (int i = 0; i < data.length; i += 4096) {
            data[i] = (byte) i;
        }
        double[] rates = new double[runs];
        for (int r = -2; r < runs; r++) {
            long t0 = System.nanoTime();
            long s = 0;
            for (int i = 0; i < data.length; i += 8) {
                s += (long) LONG_LE.get(data, i);
            }
            sink += s;
            long ns = System.nanoTime() - t0;
            if (r >= 0) {
                rates[r] = data.length / (double) ns * 1e9 / (1L << 30);
            }
        }
        return median(rates);
    }

    private static long sum(long[] a) {
        long s0 = 0;
        long s1 = 0;
        long s2 = 0;
        long s3 = 0;
        int n = a.length & ~3;
        for (int i = 0; i < n; i += 4) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
        }
        for (int i = n; i < a.length; i++) {
            s0 += a[i];
        }
        return s0 + s1 + s2 + s3;
    }

    public static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n == 0 ? 0 : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
