package org.cheriemu.emulator.services;

import java.io.PrintStream;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.cheriemu.emulator.ExitStatus;
import org.cheriemu.emulator.cpu.Environment;
import org.cheriemu.emulator.cpu.GuestExit;
import org.cheriemu.emulator.cpu.Hart;
import org.cheriemu.emulator.cpu.HartView;
import org.cheriemu.emulator.linux.AddressSpace;
import org.cheriemu.emulator.linux.Errno;
import org.cheriemu.emulator.linux.ErrnoException;
import org.cheriemu.emulator.linux.LinuxEnvironment;
import org.cheriemu.emulator.linux.Signals;
import org.cheriemu.isa.cap.Capability;
import org.cheriemu.isa.memory.Page;
import org.cheriemu.runtime.Allocator;
import org.cheriemu.runtime.RuntimeConfig;
import org.cheriemu.runtime.RuntimeSummary;
import org.cheriemu.runtime.WarmUp;
import org.cheriemu.runtime.debug.FreeResult;
import org.cheriemu.runtime.debug.LeakReport;
import org.cheriemu.runtime.debug.ObjectDescription;
import org.cheriemu.runtime.debug.ObjectState;
import org.cheriemu.runtime.debug.ReportJson;
import org.cheriemu.runtime.debug.RevocationCheck;
import org.cheriemu.runtime.debug.Reports;
import org.cheriemu.runtime.revoke.PassStats;

/**
 * A Linux guest's environment with the allocator runtime in it: ecalls whose a7 is in
 * {@link ServiceAbi}'s range go to the {@link Allocator}, everything else to the Linux layer.
 *
 * <p>The heap is created at the first service call: {@code heapSize} bytes of address space
 * mapped read-write where the next mmap would go, named {@code [cheri-heap]} in
 * /proc/self/maps. A guest that never calls the runtime therefore has exactly the memory layout
 * it has under qemu-riscv64. Allocator metadata stays in Java, out of the guest's reach.
 *
 * <p>A double or invalid free prints its report on stderr (and as JSON to the report log) and,
 * by default, ends the guest with SIGABRT (status 134), as glibc's allocator does; without
 * {@code abortOnBadFree} the free returns EINVAL and the guest goes on.
 */
public final class RuntimeServices implements Environment {
    private final LinuxEnvironment linux;
    private final Settings settings;
    private final PrintStream err;
    private RecordingLoadBarrier loadBarrier;
    private Hart hart;
    private HartMachine machine;
    private Allocator allocator;
    /** Compiles the passes on a private heap before the guest's first pass (see {@link WarmUp}); null once joined. */
    private Thread warmUp;

    /**
     * How the runtime is set up.
     *
     * @param heapSize       bytes of heap address space
     * @param tune           applied to {@code RuntimeConfig.of(heapBase, heapSize)} (strategy, policy, zeroing)
     * @param abortOnBadFree end the guest with SIGABRT after a double or invalid free report
     * @param passLog        receives every pass's statistics (the --sweep-stats log), or null
     * @param reportLog      receives every report as one JSON object (the --runtime-report log), or null
     * @param measured       pass times are being recorded: compile the passes before the first one
     *                       ({@link WarmUp}), at a cost of about 0.1–0.4 s of wall time
     * @param checkRevocation after every pass, check that no tagged capability still points to an
     *                       object it released ({@link RevocationCheck}); a violation ends the run with
     *                       status 70, since it is the emulator's fault
     */
    public record Settings(long heapSize, UnaryOperator<RuntimeConfig> tune, boolean abortOnBadFree,
                           Consumer<PassStats> passLog, Consumer<String> reportLog, boolean measured,
                           boolean checkRevocation) {}

    /** @param err where text reports go */
    public RuntimeServices(LinuxEnvironment linux, Settings settings, PrintStream err) {
        this.linux = linux;
        this.settings = settings;
        this.err = err;
    }

    /** The hart this environment serves (its registers are swept). Call before running it. */
    public void attach(Hart h) {
        this.hart = h;
        this.machine = new HartMachine(h, linux.addressSpace(), linux.symbols());
    }

    /** The allocator, or null while the guest has made no service call. */
    public Allocator allocator() {
        return allocator;
    }

    /** Statistics, or null when the runtime was never used. */
    public RuntimeSummary statistics() {
        return allocator == null ? null : allocator.statistics();
    }

    /** The machine view, for symbolizing and unwinding in reports. */
    public HartMachine machine() {
        return machine;
    }

    // ------------------------------------------------------------------ Environment

    @Override
    public void ecall(HartView view) {
        long nr = view.getX(17);
        if (!ServiceAbi.isService(nr)) {
            linux.ecall(view);
            return;
        }
        if (!linux.straced()) {
            serve(view, nr - ServiceAbi.BASE);
            return;
        }
        String call = ServiceCallText.call(view, nr);
        try {
            serve(view, nr - ServiceAbi.BASE);
        } catch (GuestExit e) {
            linux.straceLine(call + " = ? (the guest ends)");
            throw e;
        }
        linux.straceLine(call + " = " + ServiceCallText.result(view, nr - ServiceAbi.BASE));
    }

    @Override
    public Page resolvePage(long pageNumber, int access) {
        return linux.resolvePage(pageNumber, access);
    }

    @Override
    public void unhandledTrap(HartView view, long cause, long tval) {
        linux.unhandledTrap(view, cause, tval);
    }

    // ------------------------------------------------------------------ services

    private void serve(HartView h, long service) {
        Allocator a = allocator();
        if (a == null) {
            a = start();
        }
        if (service == ServiceAbi.FREE || service == ServiceAbi.REALLOC || service == ServiceAbi.REVOKE) {
            awaitWarmUp();      // these may start a pass
        }
        switch ((int) service) {
            case ServiceAbi.MALLOC -> h.setCap(10, a.malloc(h.getX(10)));
            case ServiceAbi.CALLOC -> h.setCap(10, a.calloc(h.getX(10), h.getX(11)));
            case ServiceAbi.REALLOC -> {
                Allocator.ReallocResult r = a.realloc(h.cap(10), h.getX(11));
                if (r.free() == null) {
                    h.setCap(10, Capability.NULL);          // out of memory: the old object stays
                } else {
                    boolean ok = badFreeCheck(r.free());
                    h.setCap(10, ok ? r.capability() : Capability.NULL);
                }
            }
            case ServiceAbi.FREE -> h.setX(10, badFreeCheck(a.free(h.cap(10))) ? 0 : Errno.EINVAL);
            case ServiceAbi.ALIGNED_ALLOC -> h.setCap(10, a.alignedAlloc(h.getX(10), h.getX(11)));
            case ServiceAbi.POSIX_MEMALIGN -> {
                Allocator.MemalignResult r = a.posixMemalign(h.getX(10), h.getX(11));
                h.setCap(10, r.capability());
                h.setX(11, r.error());
            }
            case ServiceAbi.USABLE_SIZE -> h.setX(10, a.usableSize(h.cap(10)));
            case ServiceAbi.REVOKE -> h.setX(10, a.revokeNow().pass());
            case ServiceAbi.STATISTICS -> h.setX(10, writeStatistics(a.statistics(), h.getX(10), h.getX(11)));
            default -> h.setX(10, -Errno.ENOSYS);
        }
    }

    /**
     * Waits for the warm-up thread (started with the heap when passes are measured) before the
     * first call that may start a pass, so passes are timed as compiled code; it runs while the
     * guest's first objects are allocated.
     */
    private void awaitWarmUp() {
        if (warmUp == null) {
            return;
        }
        try {
            warmUp.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        warmUp = null;
    }

    /** Reports a double or invalid free; false when the free was refused (and the guest goes on). */
    private boolean badFreeCheck(FreeResult r) {
        String report = switch (r) {
            case FreeResult.Freed f -> null;
            case FreeResult.DoubleFree d -> {
                json(ReportJson.doubleFree(d, machine::symbolize));
                yield Reports.doubleFree(d, machine::symbolize);
            }
            case FreeResult.InvalidFree f -> {
                json(ReportJson.invalidFree(f, machine::symbolize));
                yield Reports.invalidFree(f, machine::symbolize);
            }
        };
        if (report == null) {
            return true;
        }
        if (settings.abortOnBadFree()) {
            throw new GuestExit(128 + Signals.SIGABRT, report + "\ncheri-emu: guest aborted (SIGABRT, exit status "
                    + (128 + Signals.SIGABRT) + "); --bad-free report lets it continue");
        }
        err.println(report);
        return false;
    }

    private void json(String report) {
        if (settings.reportLog() != null) {
            settings.reportLog().accept(report);
        }
    }

    /** The leak check at exit: the text report on stderr, and one JSON object per leaked object. */
    public void reportLeaks() {
        if (allocator == null) {
            err.println(Reports.leaks(new LeakReport(List.of(), 0), machine::symbolize));
            return;
        }
        LeakReport leaks = allocator.leaks();
        err.println(Reports.leaks(leaks, machine::symbolize));
        for (ObjectDescription o : leaks.objects()) {
            json(ReportJson.leak(o, machine::symbolize));
        }
    }

    /**
     * The statistics query: {@link StatisticsLayout#FIELDS} as little-endian uint64 values, at most
     * {@code size} bytes of them; returns the bytes written or -EFAULT.
     */
    private long writeStatistics(RuntimeSummary s, long buffer, long size) {
        byte[] bytes = StatisticsLayout.encode(s);
        int n = Long.compareUnsigned(size, bytes.length) < 0 ? (int) size : bytes.length;  // size is a size_t
        try {
            linux.addressSpace().check(buffer, n, Environment.Access.WRITE);
            linux.addressSpace().write(buffer, bytes, 0, n);
        } catch (ErrnoException e) {
            return -Errno.EFAULT;
        }
        return n;
    }

    /** Maps the heap and creates the allocator (the first service call). */
    private Allocator start() {
        AddressSpace space = linux.addressSpace();
        long heapSize = settings.heapSize();
        long base = space.findFree(space.mmapBase(), heapSize);
        if (base == -1) {
            throw new GuestExit(ExitStatus.USAGE, "cheri-emu: no room for a " + (heapSize >> 20)
                    + " MiB runtime heap in the guest's address space: lower --heap");
        }
        space.map(base, base + heapSize, AddressSpace.PROT_READ | AddressSpace.PROT_WRITE, "[cheri-heap]");
        RuntimeConfig config = settings.tune().apply(RuntimeConfig.of(base, heapSize));
        if (settings.measured()) {
            warmUp = Thread.ofPlatform().daemon().name("revocation warm-up").start(() -> WarmUp.run(config.strategy()));
            machine.visitCapabilityRegisters((meta, address) -> false);   // loads the register sweep's classes
        }
        allocator = new Allocator(machine, config);
        Allocator a = allocator;
        allocator.setPassListener(stats -> {
            if (settings.passLog() != null) {
                settings.passLog().accept(stats);
            }
            if (settings.checkRevocation() && config.strategy().quarantines()) {
                List<RevocationCheck.Violation> stale = RevocationCheck.afterPass(a);
                if (!stale.isEmpty()) {
                    throw new GuestExit(ExitStatus.INTERNAL, "cheri-emu: revocation check failed after pass " + stats.pass()
                            + ": " + stale.size() + " stale capabilities, the first: " + stale.getFirst().text());
                }
            }
        });
        if (allocator.needsLoadBarrier()) {
            loadBarrier = new RecordingLoadBarrier(allocator);
            hart.setLoadBarrier(loadBarrier);
        }
        return allocator;
    }

    // ------------------------------------------------------------------ fault reports

    /**
     * The heap object behind a faulting capability ({@link Allocator#describeCapability}, or the
     * object the accessed address lies in), and how its capability lost its tag: "the load
     * barrier" when the barrier cleared this capability as it was loaded, "revocation pass N" when
     * a pass revoked the object and the capability is untagged, else null. Null when no heap
     * object is known.
     */
    public FaultObject describeFault(Capability cap, long accessed) {
        if (allocator == null) {
            return null;
        }
        ObjectDescription o = allocator.describeCapability(cap);
        if (o == null) {
            o = allocator.describe(accessed);
        }
        if (o == null || o.state() == ObjectState.UNKNOWN) {
            return null;
        }
        String revokedBy = null;
        if (!cap.tag() && loadBarrier != null && loadBarrier.stopped(cap)) {
            revokedBy = "the load barrier";
        } else if (!cap.tag() && o.revokedInPass() >= 0) {
            revokedBy = "revocation pass " + o.revokedInPass();
        }
        ObjectDescription now = o.state() == ObjectState.LIVE ? null : allocator.describe(o.base());
        return new FaultObject(o, revokedBy, now != null && now.state() == ObjectState.LIVE ? now : null);
    }

    /**
     * A heap object named by a capability fault, what revoked the capability ("revocation pass N",
     * "the load barrier" or null), and the live object that has reused its memory, or null.
     */
    public record FaultObject(ObjectDescription object, String revokedBy, ObjectDescription reusedBy) {}
}
