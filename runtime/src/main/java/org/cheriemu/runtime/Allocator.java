package org.cheriemu.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.cheriemu.isa.cap.Capability;
import org.cheriemu.isa.cap.Permission;
import org.cheriemu.isa.cap.SetBounds;
import org.cheriemu.isa.memory.Page;
import org.cheriemu.isa.memory.TaggedMemory;
import org.cheriemu.runtime.debug.FreeResult;
import org.cheriemu.runtime.debug.LeakReport;
import org.cheriemu.runtime.debug.ObjectDescription;
import org.cheriemu.runtime.debug.ObjectState;
import org.cheriemu.runtime.revoke.FastBounds;
import org.cheriemu.runtime.revoke.PassStats;
import org.cheriemu.runtime.revoke.PassTrigger;
import org.cheriemu.runtime.revoke.RevocationBitmap;
import org.cheriemu.runtime.revoke.RevocationStrategy;
import org.cheriemu.runtime.revoke.Revoker;

/**
 * The heap allocator with quarantine and revocation: the services a guest reaches by ecall.
 *
 * <p>The heap is {@code [heapBase, heapBase + heapSize)} of the machine's memory; every piece
 * of metadata lives here on the Java side. Requests up to {@link SizeClasses#MAX_SMALL} bytes
 * (with alignment ≤ 16) come from segregated size classes; larger or more aligned ones from the
 * best-fit {@link LargeHeap}. A large request of n bytes takes a chunk of CRRL(n) bytes aligned
 * to max(16, requested alignment, −CRAM(n)), so the capability's bounds are exactly n bytes
 * when n is representable and exactly the padded chunk otherwise, and never reach a neighbour.
 * Capabilities are derived from a heap root and carry LOAD, STORE, LOAD_CAP, STORE_CAP and
 * GLOBAL only.
 *
 * <p>A valid free moves the object to quarantine (unless the strategy is {@code off}); a pass
 * (see {@link Revoker}) clears every capability whose base lies in quarantined memory, and
 * only then is the memory reused. Single-threaded, like the machine.
 */
public final class Allocator {
    /** Permissions of every capability the allocator returns. */
    public static final int OBJECT_PERMS = Permission.LOAD.mask() | Permission.STORE.mask()
            | Permission.LOAD_CAP.mask() | Permission.STORE_CAP.mask() | Permission.GLOBAL.mask();

    private final Machine machine;
    private final TaggedMemory memory;
    private final RuntimeConfig config;
    private final RevocationStrategy strategy;
    private final long heapBase;
    private final long heapSize;
    private final Capability heapRoot;

    private final LargeHeap large;
    private final SizeClasses small;
    private final RevocationBitmap bitmap;
    private final Revoker revoker;

    // Live objects by base. Hash maps keep malloc and free O(1); the rare queries by an
    // address inside an object (reports) scan.
    private final HashMap<Long, Allocation> live = new HashMap<>();
    // Quarantine: objects, and their chunks merged into ranges, indexed by both ends so that a
    // chunk joins its quarantined neighbours in O(1).
    private final ArrayList<Allocation> quarantined = new ArrayList<>();
    private final HashMap<Long, Allocation> quarantinedByBase = new HashMap<>();
    private final HashMap<Long, Long> rangeEndByStart = new HashMap<>();
    private final HashMap<Long, Long> rangeStartByEnd = new HashMap<>();
    private long quarantinedBytes;
    private long paintedAtFree;
    // Freed objects after quarantine, bounded.
    private final ArrayDeque<Allocation> history = new ArrayDeque<>();
    private final Map<Long, Allocation> historyByBase = new HashMap<>();

    private Consumer<PassStats> passListener = s -> { };
    private boolean inPass;

    // Statistics.
    private long nextId = 1;
    private long mallocs;
    private long failedAllocations;
    private long frees;
    private long freedBytes;
    private long invalidFrees;
    private long doubleFrees;
    private long requestedBytes;
    private long peakRequestedBytes;
    private long allocatedBytes;
    private long peakAllocatedBytes;
    private long peakQuarantinedBytes;
    private long peakFootprint;
    private long passes;
    private long sweptBytes;
    private long bitsPainted;
    private long bitsCleared;
    private long revokedInMemory;
    private long revokedInRegisters;
    private long passNanos;
    private final ClassCounters classStats = new ClassCounters();

    /** The counters behind {@link #sizeClassStatistics}: index = size class, the last one the large heap. */
    private static final class ClassCounters {
        private final int n = SizeClasses.SIZES.length + 1;
        private final long[] mallocs = new long[n], frees = new long[n], live = new long[n], peak = new long[n],
                requested = new long[n], slots = new long[n];

        private int index(Allocation a) {
            return a.sizeClass >= 0 ? a.sizeClass : n - 1;
        }

        void allocated(Allocation a) {
            int i = index(a);
            mallocs[i]++;
            peak[i] = Math.max(peak[i], ++live[i]);
            requested[i] += a.requested;
            slots[i] += a.chunkSize;
        }

        void freed(Allocation a) {
            int i = index(a);
            frees[i]++;
            live[i]--;
            requested[i] -= a.requested;
            slots[i] -= a.chunkSize;
        }

        List<SizeClassStats> snapshot() {
            List<SizeClassStats> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (mallocs[i] != 0) {
                    out.add(new SizeClassStats(i < n - 1 ? SizeClasses.SIZES[i] : 0, mallocs[i], frees[i], live[i], peak[i],
                            requested[i], slots[i]));
                }
            }
            return out;
        }
    }
    private long maxPassNanos;

    public Allocator(Machine machine, RuntimeConfig config) {
        this.machine = machine;
        this.memory = machine.memory();
        this.config = config;
        this.strategy = config.strategy();
        this.heapBase = config.heapBase();
        this.heapSize = config.heapSize();
        Capability.SetBoundsResult root = Capability.root().setAddress(heapBase).setBounds(heapSize);
        this.heapRoot = root.capability();
        this.large = new LargeHeap(heapBase, heapSize);
        this.small = new SizeClasses(large);
        this.bitmap = new RevocationBitmap(heapBase, heapSize);
        this.revoker = new Revoker(machine, bitmap, strategy);
    }

    public RuntimeConfig config() {
        return config;
    }

    public Machine machine() {
        return machine;
    }

    /** Called at the end of every pass (after the memory has been given back). */
    public void setPassListener(Consumer<PassStats> listener) {
        this.passListener = listener == null ? s -> { } : listener;
    }

    // ================================================================ allocation services

    /** malloc: a capability to {@code size} fresh bytes, or NULL when the heap is exhausted. */
    public Capability malloc(long size) {
        return allocate(size, 16, config.zeroing());
    }

    /** calloc: {@code count × size} zeroed bytes (zeroed even when zeroing is off), NULL on overflow or exhaustion. */
    public Capability calloc(long count, long size) {
        if (count < 0 || size < 0 || (size != 0 && count > Long.MAX_VALUE / size)) {
            failedAllocations++;
            return Capability.NULL;
        }
        return allocate(count * size, 16, true);
    }

    /**
     * aligned_alloc (C11 as glibc implements it, also memalign): {@code alignment} must be a
     * power of two, else NULL. Alignments below 16 give 16.
     */
    public Capability alignedAlloc(long alignment, long size) {
        if (alignment <= 0 || Long.bitCount(alignment) != 1) {
            failedAllocations++;
            return Capability.NULL;
        }
        return allocate(size, Math.max(16, alignment), config.zeroing());
    }

    /** Result of {@link #posixMemalign}: 0 and the capability, or EINVAL (22) / ENOMEM (12) and NULL. */
    public record MemalignResult(int error, Capability capability) {}

    public static final int EINVAL = 22;
    public static final int ENOMEM = 12;

    /** posix_memalign: {@code alignment} must be a power of two and a multiple of 8 (sizeof(void*) on RV64). */
    public MemalignResult posixMemalign(long alignment, long size) {
        if (alignment < 8 || Long.bitCount(alignment) != 1) {
            return new MemalignResult(EINVAL, Capability.NULL);
        }
        Capability c = allocate(size, Math.max(16, alignment), config.zeroing());
        return c.tag() ? new MemalignResult(0, c) : new MemalignResult(ENOMEM, Capability.NULL);
    }

    /**
     * Result of {@link #realloc}: the new capability (NULL on failure or size 0), and what
     * freeing the old one did: a report when the old capability was invalid, null when the
     * allocation failed and the old object is untouched (as C's realloc leaves it).
     */
    public record ReallocResult(Capability capability, FreeResult free) {}

    /**
     * realloc: NULL in → malloc; size 0 → free, NULL out; otherwise a new object with the first
     * min(old, new) bytes copied, capability tags included, and the old one freed (into
     * quarantine). The object always moves, because its bounds change. An invalid or double
     * free of the old capability allocates nothing and returns the report.
     */
    public ReallocResult realloc(Capability old, long size) {
        if (isNullPointer(old)) {
            return new ReallocResult(malloc(size), new FreeResult.Freed(0, 0));
        }
        StackTrace site = trace();
        Check check = checkFree(old, site);
        if (check.found == null) {
            return new ReallocResult(Capability.NULL, report(check.report));
        }
        Allocation a = check.found;
        if (size == 0) {
            return new ReallocResult(Capability.NULL, release(a, site));
        }
        Capability fresh = allocate(size, 16, config.zeroing());
        if (!fresh.tag()) {
            return new ReallocResult(Capability.NULL, null);  // the old object stays live, as in C
        }
        copyWithTags(a.base, fresh.address(), Math.min(a.length, size));
        return new ReallocResult(fresh, release(a, site));
    }

    /**
     * free(cap): the capability must be tagged, unsealed, and its address the base of a live
     * object. free(NULL) (untagged, address 0) does nothing.
     */
    public FreeResult free(Capability cap) {
        if (isNullPointer(cap)) {
            return new FreeResult.Freed(0, 0);
        }
        StackTrace site = trace();
        Check check = checkFree(cap, site);
        return check.found != null ? release(check.found, site) : report(check.report);
    }

    /** free from register contents: tag, register-form metadata, address. */
    public FreeResult free(boolean tag, long meta, long address) {
        return free(new Capability(tag, meta, address));
    }

    /**
     * malloc_usable_size: the capability's length for a tagged capability whose address is the
     * base of a live object; 0 otherwise (NULL, stale, interior).
     */
    public long usableSize(Capability cap) {
        if (!cap.tag() || cap.isSealed()) {
            return 0;
        }
        Allocation a = live.get(cap.address());
        return a == null ? 0 : a.length;
    }

    /** Runs a revocation pass now (the guest's "revoke now" service). */
    public PassStats revokeNow() {
        return pass(PassTrigger.REQUESTED);
    }

    // ================================================================ load barrier

    /**
     * The load barrier's check ({@code loadbarrier} strategy): true when {@code base} lies in
     * memory freed since the last pass, so the capability just loaded must have its tag
     * cleared. Always false for the other strategies (their bitmap is painted only during a
     * pass). One subtract, one compare, two shifts and an array load.
     */
    public boolean isRevoked(long base) {
        return bitmap.isPainted(base);
    }

    /** {@link #isRevoked} for a loaded capability given as REGISTER-form metadata and address. */
    public boolean isRevokedCapability(long meta, long address) {
        return bitmap.isPainted(FastBounds.baseFromRegister(meta, address));
    }

    /** Whether the emulator must call {@link #isRevoked} on capability loads. */
    public boolean needsLoadBarrier() {
        return strategy.paintsOnFree();
    }

    // ================================================================ debugging

    /**
     * Which object an address belongs to: live, quarantined, or freed (revoked) and still in the
     * bounded history, newest first; null when no known object holds it ({@link #nearestLive}
     * gives the closest live one). A scan over the live and quarantined objects: meant for fault
     * reports, not for hot paths.
     */
    public ObjectDescription describe(long address) {
        Allocation a = containing(live.values(), address);
        if (a != null) {
            return a.describe();
        }
        a = containing(quarantined, address);
        if (a != null) {
            return a.describe();
        }
        for (Iterator<Allocation> it = history.descendingIterator(); it.hasNext(); ) {
            Allocation h = it.next();
            if (h.containsChunk(address)) {
                return h.describe();
            }
        }
        return null;
    }

    /**
     * The object a (faulting) capability was derived from. A revoked capability keeps its
     * bounds while its memory may already belong to a new object, so an untagged capability
     * whose bounds are exactly those of a freed object names that object (the newest with that
     * base); anything else is {@link #describe} of its base, then of its address.
     */
    public ObjectDescription describeCapability(Capability cap) {
        if (!cap.tag()) {
            Allocation gone = quarantinedByBase.get(cap.base());
            if (gone == null) {
                gone = historyByBase.get(cap.base());
            }
            if (gone != null && cap.length().equals(java.math.BigInteger.valueOf(gone.length))) {
                return gone.describe();
            }
        }
        ObjectDescription o = describe(cap.base());
        return o != null ? o : describe(cap.address());
    }

    /**
     * The object whose base is exactly {@code base}: the live one if there is one, else the
     * quarantined one, else the newest freed one still in the history; null if none. O(1).
     */
    public ObjectDescription objectAt(long base) {
        Allocation a = live.get(base);
        if (a == null) {
            a = quarantinedByBase.get(base);
        }
        if (a == null) {
            a = historyByBase.get(base);
        }
        return a == null ? null : a.describe();
    }

    /** The live object containing {@code address}, else the closest live one, else null. */
    public ObjectDescription nearestLive(long address) {
        Allocation a = nearest(address);
        return a == null ? null : a.describe();
    }

    /** Every live object with its allocation trace (for the leak report at exit). */
    public LeakReport leaks() {
        List<Allocation> sorted = new ArrayList<>(live.values());
        sorted.sort((x, y) -> Long.compareUnsigned(x.base, y.base));
        List<ObjectDescription> list = new ArrayList<>(sorted.size());
        long bytes = 0;
        for (Allocation a : sorted) {
            list.add(a.describe());
            bytes += a.requested;
        }
        return new LeakReport(list, bytes);
    }

    public int liveObjects() {
        return live.size();
    }

    public int quarantinedObjects() {
        return quarantined.size();
    }

    // ================================================================ statistics

    public RuntimeSummary statistics() {
        return new RuntimeSummary(strategy.name(), passes, sweptBytes, frees, freedBytes, bitsPainted, bitsCleared,
                mallocs, failedAllocations, invalidFrees, doubleFrees,
                footprint(), peakFootprint, requestedBytes, peakRequestedBytes, allocatedBytes, peakAllocatedBytes,
                quarantinedBytes, peakQuarantinedBytes, revokedInMemory, revokedInRegisters,
                passes == 0 ? 0 : passNanos / passes, maxPassNanos);
    }

    /** Per size class (in class order, then the large heap), the classes that served at least one allocation. */
    public List<SizeClassStats> sizeClassStatistics() {
        return classStats.snapshot();
    }

    /** Bytes from the heap base to the end of the highest chunk in use (live, quarantined or size-class run). */
    public long footprint() {
        return large.footprint();
    }

    // ================================================================ internals: allocation

    private static boolean isNullPointer(Capability c) {
        return !c.tag() && c.address() == 0;
    }

    private StackTrace trace() {
        int depth = config.traceDepth();
        return depth == 0 ? StackTrace.EMPTY : new StackTrace(machine.unwindStack(depth));
    }

    private Capability allocate(long size, long align, boolean zero) {
        if (size < 0 || Long.compareUnsigned(size, heapSize) > 0) {
            failedAllocations++;
            return Capability.NULL;
        }
        StackTrace site = trace();
        Allocation a = tryAllocate(size, align, site);
        if (a == null && !quarantined.isEmpty() && !inPass) {
            pass(PassTrigger.ALLOCATION_FAILURE);
            a = tryAllocate(size, align, site);
        }
        if (a == null) {
            failedAllocations++;
            return Capability.NULL;
        }
        prepare(a.base, a.length, zero);
        live.put(a.base, a);
        mallocs++;
        classStats.allocated(a);
        requestedBytes += a.requested;
        allocatedBytes += a.chunkSize;
        peakRequestedBytes = Math.max(peakRequestedBytes, requestedBytes);
        peakAllocatedBytes = Math.max(peakAllocatedBytes, allocatedBytes);
        peakFootprint = Math.max(peakFootprint, footprint());
        Capability c = heapRoot.setAddress(a.base).setBoundsExact(a.length).capability().andPerm(OBJECT_PERMS);
        if (!c.tag()) {
            throw new IllegalStateException("allocator derived an invalid capability for " + a.length + " bytes at 0x"
                    + Long.toHexString(a.base));
        }
        return c;
    }

    /** Picks a slot or chunk; null when none fits. */
    private Allocation tryAllocate(long size, long align, StackTrace site) {
        if (size <= SizeClasses.MAX_SMALL && align <= 16) {
            int c = SizeClasses.classOf(size);
            long slot = small.allocate(c);
            if (slot == -1) {
                return null;
            }
            return new Allocation(nextId++, slot, size, size, SizeClasses.SIZES[c], c, site);
        }
        long length = SetBounds.crrl(size);
        if (length == 0 && size != 0) {
            return null;                        // padded past 2^64
        }
        long chunk = (length + 15) & -16L;
        if (chunk == 0) {
            chunk = 16;
        }
        long capAlign = ~SetBounds.cram(size) + 1;   // 1 when any base will do (cram all ones)
        long a = Math.max(align, Math.max(16, capAlign));
        long base = large.allocate(chunk, a);
        if (base == -1) {
            return null;
        }
        return new Allocation(nextId++, base, length, size, chunk, -1, site);
    }

    /** New memory: zeroed (data and tags), or with only its tags cleared. */
    private void prepare(long base, long length, boolean zero) {
        long len = (length + 15) & -16L;
        if (zero) {
            memory.fill(base, len, (byte) 0);
            return;
        }
        long a = base;
        long end = base + len;
        while (a < end) {
            int off = (int) a & Page.MASK;
            long chunk = Math.min(end - a, Page.SIZE - off);
            Page p = memory.pageAt(a);
            if (p != null && p.tagCount() != 0) {
                p.clearTagRange(off >>> 4, (int) ((off + chunk - 1) >>> 4));
            }
            a += chunk;
        }
    }

    /** memcpy that keeps capability tags: 16-byte granules move with their tag. */
    private void copyWithTags(long from, long to, long length) {
        long n = length & -16L;
        for (long i = 0; i < n; i += 16) {
            boolean tag = memory.loadTag(from + i);
            memory.storeCap(to + i, memory.loadCapAddress(from + i), memory.loadCapMeta(from + i), tag);
        }
        for (long i = n; i < length; i++) {
            memory.store8(to + i, memory.load8(from + i));
        }
    }

    // ================================================================ internals: free

    /** Outcome of the checks on a free: the live object to free, or the report. */
    private record Check(Allocation found, FreeResult report) {}

    private Check checkFree(Capability cap, StackTrace site) {
        long addr = cap.address();
        Allocation a = live.get(addr);
        if (a == null) {
            Allocation gone = quarantinedByBase.get(addr);
            if (gone == null) {
                gone = historyByBase.get(addr);
            }
            if (gone != null) {
                return new Check(null, new FreeResult.DoubleFree(gone.describe(), site, cap));
            }
        }
        FreeResult.InvalidKind kind;
        if (!cap.tag()) {
            kind = FreeResult.InvalidKind.UNTAGGED;
        } else if (cap.isSealed()) {
            kind = FreeResult.InvalidKind.SEALED;
        } else if (a != null) {
            return new Check(a, null);
        } else if (containing(live.values(), addr) != null) {
            kind = FreeResult.InvalidKind.INTERIOR;
        } else if (Long.compareUnsigned(addr - heapBase, heapSize) < 0) {
            kind = FreeResult.InvalidKind.NOT_ALLOCATED;
        } else {
            kind = FreeResult.InvalidKind.FOREIGN;
        }
        Allocation near = nearest(addr);
        return new Check(null, new FreeResult.InvalidFree(kind, cap, site, near == null ? null : near.describe()));
    }

    private FreeResult report(FreeResult r) {
        if (r instanceof FreeResult.DoubleFree) {
            doubleFrees++;
        } else if (r instanceof FreeResult.InvalidFree) {
            invalidFrees++;
        }
        return r;
    }

    /** Frees a live object: into quarantine, or straight back with revocation off. */
    private FreeResult release(Allocation a, StackTrace site) {
        live.remove(a.base);
        classStats.freed(a);
        a.freeTrace = site;
        frees++;
        freedBytes += a.chunkSize;
        requestedBytes -= a.requested;
        allocatedBytes -= a.chunkSize;
        if (!strategy.quarantines()) {
            a.state = ObjectState.FREED;
            giveBack(a);
            remember(a);
            return new FreeResult.Freed(a.base, a.length);
        }
        a.state = ObjectState.QUARANTINED;
        quarantined.add(a);
        quarantinedByBase.put(a.base, a);
        quarantinedBytes += a.chunkSize;
        peakQuarantinedBytes = Math.max(peakQuarantinedBytes, quarantinedBytes);
        addQuarantineRange(a.base, a.end());
        if (strategy.paintsOnFree()) {
            paintedAtFree += bitmap.paint(a.base, a.end());
        }
        PassTrigger due = config.policy().due(quarantinedBytes, footprint());
        if (due != null && !inPass) {
            pass(due);
        }
        return new FreeResult.Freed(a.base, a.length);
    }

    /** Adds a chunk to the merged quarantine ranges (adjacent quarantined chunks merge). */
    private void addQuarantineRange(long start, long end) {
        Long lowerStart = rangeStartByEnd.remove(start);
        if (lowerStart != null) {
            rangeEndByStart.remove(lowerStart);
            start = lowerStart;
        }
        Long upperEnd = rangeEndByStart.remove(end);
        if (upperEnd != null) {
            rangeStartByEnd.remove(upperEnd);
            end = upperEnd;
        }
        rangeEndByStart.put(start, end);
        rangeStartByEnd.put(end, start);
    }

    private void giveBack(Allocation a) {
        if (a.sizeClass >= 0) {
            small.release(a.sizeClass, a.base);
        } else {
            large.release(a.base, a.chunkSize);
        }
    }

    private void remember(Allocation a) {
        int limit = config.historyLimit();
        if (limit == 0) {
            return;
        }
        if (history.size() == limit) {
            Allocation old = history.removeFirst();
            historyByBase.remove(old.base, old);
        }
        history.addLast(a);
        historyByBase.put(a.base, a);
    }

    // ================================================================ internals: passes

    private PassStats pass(PassTrigger trigger) {
        if (inPass) {
            throw new IllegalStateException("revocation pass re-entered");
        }
        inPass = true;
        try {
            long t0 = System.nanoTime();
            long c0 = Revoker.cpuNanos();
            long number = ++passes;
            long[] ranges = new long[rangeEndByStart.size() * 2];
            int i = 0;
            for (Map.Entry<Long, Long> e : rangeEndByStart.entrySet()) {
                ranges[i++] = e.getKey();
                ranges[i++] = e.getValue();
            }
            long painted = strategy.paintsOnFree() ? paintedAtFree : 0;
            paintedAtFree = 0;
            Revoker.Result r = revoker.run(ranges, !strategy.paintsOnFree());
            painted += r.bitsPainted();
            // Step 5: the chunks go back to the allocator.
            long qBytes = quarantinedBytes;
            int qObjects = quarantined.size();
            for (Allocation a : quarantined) {
                a.state = ObjectState.REVOKED;
                a.revokedInPass = number;
                giveBack(a);
                remember(a);
            }
            quarantined.clear();
            quarantinedByBase.clear();
            rangeEndByStart.clear();
            rangeStartByEnd.clear();
            quarantinedBytes = 0;
            long nanos = System.nanoTime() - t0;
            long cpu = c0 < 0 ? -1 : Revoker.cpuNanos() - c0;
            long covered = memory.pageCount() * Page.SIZE;
            PassStats s = new PassStats(number, trigger, strategy.name(), qBytes, ranges.length / 2, qObjects,
                    painted, r.bitsCleared(), covered, r.pagesVisited(), r.pagesSkipped(), r.granulesInspected(),
                    r.revokedInMemory(), r.registersInspected(), r.revokedInRegisters(), r.sweepNanos(), r.sweepCpuNanos(), nanos, cpu,
                    r.cacheLines());
            sweptBytes += covered;
            bitsPainted += painted;
            bitsCleared += r.bitsCleared();
            revokedInMemory += r.revokedInMemory();
            revokedInRegisters += r.revokedInRegisters();
            passNanos += nanos;
            maxPassNanos = Math.max(maxPassNanos, nanos);
            passListener.accept(s);
            return s;
        } finally {
            inPass = false;
        }
    }

    // ================================================================ internals: lookup

    /** The object whose chunk holds {@code address}, by a scan (report paths only). */
    private static Allocation containing(Iterable<Allocation> objects, long address) {
        for (Allocation a : objects) {
            if (a.containsChunk(address)) {
                return a;
            }
        }
        return null;
    }

    /** The live object containing {@code address}, else the one at the least distance (a scan; report paths only). */
    private Allocation nearest(long address) {
        Allocation best = null;
        long bestDistance = -1;
        for (Allocation a : live.values()) {
            if (a.containsChunk(address)) {
                return a;
            }
            long d = Long.compareUnsigned(address, a.base) < 0 ? a.base - address : address - (a.end() - 1);
            if (best == null || Long.compareUnsigned(d, bestDistance) < 0
                    || (d == bestDistance && Long.compareUnsigned(a.base, best.base) < 0)) {
                best = a;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Test hook: the merged quarantine ranges (start, end) in address order. */
    List<long[]> quarantineRanges() {
        List<long[]> out = new ArrayList<>();
        rangeEndByStart.forEach((s, e) -> out.add(new long[] {s, e}));
        out.sort((x, y) -> Long.compareUnsigned(x[0], y[0]));
        return out;
    }
}
