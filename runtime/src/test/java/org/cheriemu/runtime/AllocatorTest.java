package org.cheriemu.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.cheriemu.isa.cap.Capability;
import org.cheriemu.isa.cap.SetBounds;
import org.cheriemu.isa.memory.TaggedMemory;
import org.cheriemu.runtime.debug.FreeResult;
import org.cheriemu.runtime.debug.LeakReport;
import org.cheriemu.runtime.debug.ObjectDescription;
import org.cheriemu.runtime.debug.ObjectState;
import org.cheriemu.runtime.revoke.PassStats;
import org.cheriemu.runtime.revoke.PassTrigger;
import org.cheriemu.runtime.revoke.QuarantinePolicy;
import org.cheriemu.runtime.revoke.RevocationStrategy;
import org.junit.jupiter.api.Test;

class AllocatorTest {
    private static final long HEAP = 0x2000_0000L;
    private static final long HEAP_SIZE = 64L << 20;

    private final TaggedMemory mem = new TaggedMemory();
    private final InMemoryMachine machine = new InMemoryMachine(mem, 8);

    private Allocator allocator(RevocationStrategy s, QuarantinePolicy p) {
        return new Allocator(machine, RuntimeConfig.of(HEAP, HEAP_SIZE).withStrategy(s).withPolicy(p));
    }

    private Allocator manual() {
        return allocator(RevocationStrategy.FULL, QuarantinePolicy.MANUAL);
    }

    /** The length exactly requested when representable at some alignment, else CRRL; base aligned per CRAM. */
    private static void assertBounds(Capability c, long size) {
        assertTrue(c.tag(), "tagged");
        assertFalse(c.isSealed());
        assertEquals(c.base(), c.address(), "address at base");
        assertEquals(0, c.base() & 15, "16-byte aligned");
        assertEquals(Allocator.OBJECT_PERMS, c.perms(), "LOAD STORE LOAD_CAP STORE_CAP GLOBAL only");
        assertEquals(0, c.uperms());
        long len = c.length().longValueExact();
        assertEquals(SetBounds.crrl(size), len, "length = CRRL(size) (= size when representable)");
        if (SetBounds.crrl(size) == size) {
            assertEquals(size, len, "exact");
        }
        assertEquals(0, c.base() & ~SetBounds.cram(size), "base aligned as CRAM requires");
        assertTrue(c.setBoundsExact(len).exact(), "bounds exact on the (padded) region");
    }

    @Test
    void boundsAreExactOrPaddedAndNeverOverlap() {
        Allocator a = manual();
        TreeMap<Long, Long> spans = new TreeMap<>();
        List<Long> sizes = new ArrayList<>();
        for (long s = 0; s <= 5000; s += 7) {
            sizes.add(s);
        }
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < 300; i++) {
            sizes.add(rnd.nextLong(4096, 1 << 17));
        }
        sizes.add(0x12345L);
        sizes.add((1L << 20) + 1);
        for (long size : sizes) {
            Capability c = a.malloc(size);
            assertBounds(c, size);
            long len = Math.max(1, c.length().longValueExact());
            var lo = spans.floorEntry(c.base() + len - 1);
            assertTrue(lo == null || lo.getValue() <= c.base(), "overlap at size " + size);
            spans.put(c.base(), c.base() + len);
            assertEquals(c.length().longValueExact(), a.usableSize(c));
        }
        assertTrue(sizes.stream().anyMatch(s -> SetBounds.crrl(s) != s), "some sizes need padding");
    }

    @Test
    void alignment() {
        Allocator a = manual();
        for (int shift = 0; shift <= 16; shift++) {
            long align = 1L << shift;
            for (long size : new long[] {1, 24, 100, 3000, 70_000}) {
                Capability c = a.alignedAlloc(align, size);
                assertTrue(c.tag());
                assertEquals(0, c.base() % Math.max(16, align), "align " + align + " size " + size);
                assertEquals(size, c.length().longValueExact() >= size ? size : -1);
            }
        }
        assertFalse(a.alignedAlloc(24, 16).tag(), "not a power of two");
        assertEquals(Allocator.EINVAL, a.posixMemalign(4, 16).error(), "below sizeof(void *)");
        assertEquals(Allocator.EINVAL, a.posixMemalign(48, 16).error());
        Allocator.MemalignResult ok = a.posixMemalign(4096, 10);
        assertEquals(0, ok.error());
        assertEquals(0, ok.capability().base() % 4096);
        assertEquals(Allocator.ENOMEM, a.posixMemalign(16, HEAP_SIZE * 2).error());
    }

    @Test
    void newMemoryIsZeroedWithoutTags() {
        Allocator a = manual();
        Capability c = a.malloc(256);
        Capability other = a.malloc(32);
        mem.store64(c.address() + 8, 0x1122334455667788L);
        mem.storeCap(c.address() + 32, other.address(), other.memoryMeta(), true);
        a.free(c);
        a.revokeNow();
        Capability again = a.malloc(256);
        assertEquals(c.address(), again.address(), "size-class slot reused after the pass (LIFO)");
        for (long off = 0; off < 256; off += 8) {
            assertEquals(0, mem.load64(again.address() + off));
        }
        assertEquals(0, mem.loadTags(again.address(), 16));
    }

    @Test
    void withZeroingOffOnlyTheTagsAreCleared() {
        Allocator a = new Allocator(machine, RuntimeConfig.of(HEAP, HEAP_SIZE).withPolicy(QuarantinePolicy.MANUAL).withZeroing(false));
        Capability c = a.malloc(64);
        Capability other = a.malloc(64);
        mem.store64(c.address(), 42);
        mem.storeCap(c.address() + 16, other.address(), other.memoryMeta(), true);
        a.free(other);       // its capability stays in c's memory, and is revoked by the pass
        a.free(c);
        a.revokeNow();
        Capability again = a.malloc(64);
        assertEquals(c.address(), again.address());
        assertEquals(42, mem.load64(again.address()), "data kept");
        assertEquals(0, mem.loadTags(again.address(), 4), "no stale tag");
        // calloc zeroes regardless.
        a.free(again);
        a.revokeNow();
        Capability z = a.calloc(8, 8);
        assertEquals(c.address(), z.address());
        assertEquals(0, mem.load64(z.address()));
    }

    @Test
    void quarantinedMemoryIsNotReusedAndAdjacentChunksMerge() {
        Allocator a = manual();
        Capability x = a.malloc(48);
        Capability y = a.malloc(48);
        Capability z = a.malloc(48);
        assertEquals(x.address() + 48, y.address());
        a.free(x);
        a.free(y);
        a.free(z);
        List<long[]> ranges = a.quarantineRanges();
        assertEquals(1, ranges.size(), "three neighbours merge");
        assertArrayEquals(new long[] {x.address(), z.address() + 48}, ranges.get(0));
        for (int i = 0; i < 100; i++) {
            long p = a.malloc(48).address();
            assertTrue(p < x.address() || p >= z.address() + 48, "quarantined slot handed out");
        }
        PassStats s = a.revokeNow();
        assertEquals(1, s.quarantinedChunks());
        assertEquals(3, s.quarantinedObjects());
        assertEquals(144, s.quarantinedBytes());
        assertEquals(9, s.bitsPainted());
        assertEquals(9, s.bitsCleared());
    }

    @Test
    void largeChunksCoalesceAfterRevocationButNeverWithQuarantine() {
        Allocator a = manual();
        Capability p = a.malloc(10_000);
        Capability q = a.malloc(10_000);
        Capability guard = a.malloc(10_000);
        a.free(p);
        Capability mid = a.malloc(20_000);
        assertTrue(mid.address() > guard.address(), "quarantined chunk not merged with free memory");
        a.free(q);
        a.revokeNow();
        Capability big = a.malloc(20_000);
        assertEquals(p.address(), big.address(), "p and q coalesced after the pass (best fit)");
    }

    @Test
    void passRevokesCapabilitiesInMemoryAndRegisters() {
        Allocator a = manual();
        Capability obj = a.malloc(100);
        Capability holder = a.malloc(64);
        mem.storeCap(holder.address(), obj.address() + 40, obj.memoryMeta(), true);   // interior pointer
        machine.setRegister(3, obj);
        machine.setRegister(4, holder);
        a.free(obj);
        assertTrue(mem.loadTag(holder.address()), "still tagged while in quarantine (full strategy)");
        PassStats s = a.revokeNow();
        assertFalse(mem.loadTag(holder.address()));
        assertFalse(machine.register(3).tag());
        assertTrue(machine.register(4).tag());
        assertEquals(1, s.revokedInMemory());
        assertEquals(1, s.revokedInRegisters());
        assertEquals(PassTrigger.REQUESTED, s.trigger());
    }

    @Test
    void loadBarrierSeesFreedObjectsAtOnce() {
        Allocator a = allocator(RevocationStrategy.LOADBARRIER, QuarantinePolicy.MANUAL);
        assertTrue(a.needsLoadBarrier());
        Capability obj = a.malloc(100);
        assertFalse(a.isRevoked(obj.base()));
        a.free(obj);
        assertTrue(a.isRevoked(obj.base()));
        assertTrue(a.isRevokedCapability(obj.meta(), obj.address() + 50));
        a.revokeNow();
        assertFalse(a.isRevoked(obj.base()));
        Allocator full = allocator(RevocationStrategy.FULL, QuarantinePolicy.MANUAL);
        assertFalse(full.needsLoadBarrier());
        Capability o2 = full.malloc(100);
        full.free(o2);
        assertFalse(full.isRevoked(o2.base()), "no barrier outside loadbarrier");
    }

    @Test
    void offReusesAtOnce() {
        Allocator a = allocator(RevocationStrategy.OFF, QuarantinePolicy.DEFAULT);
        Capability c = a.malloc(64);
        a.free(c);
        assertEquals(0, a.quarantinedObjects());
        assertEquals(c.address(), a.malloc(64).address());
        assertEquals(ObjectState.LIVE, a.describe(c.address()).state());
    }

    @Test
    void doubleFreeHasThreeTraces() {
        Allocator a = manual();
        machine.setStack(0x100, 0x101);
        Capability c = a.malloc(40);
        machine.setStack(0x200, 0x201);
        assertTrue(a.free(c).ok());
        machine.setStack(0x300, 0x301);
        FreeResult r = a.free(c);
        FreeResult.DoubleFree d = assertInstanceOf(FreeResult.DoubleFree.class, r);
        assertEquals(new StackTrace(new long[] {0x100, 0x101}), d.object().allocTrace());
        assertEquals(new StackTrace(new long[] {0x200, 0x201}), d.object().freeTrace());
        assertEquals(new StackTrace(new long[] {0x300, 0x301}), d.secondFree());
        assertEquals(ObjectState.QUARANTINED, d.object().state());
        // After the pass the (now untagged) capability is still recognised as a double free.
        a.revokeNow();
        FreeResult r2 = a.free(c.withTag(false));
        FreeResult.DoubleFree d2 = assertInstanceOf(FreeResult.DoubleFree.class, r2);
        assertEquals(ObjectState.REVOKED, d2.object().state());
        assertEquals(1, d2.object().revokedInPass());
        assertEquals(2, a.statistics().doubleFrees());
        assertEquals(1, a.statistics().frees());
    }

    @Test
    void tracesFormatWithTheMachinesSymbols() {
        StackTrace t = new StackTrace(new long[] {0x300, 0x301});
        assertEquals(List.of("#0 0x300 main+0x10", "#1 0x301"), t.format(pc -> pc == 0x300 ? "main+0x10" : null));
        assertEquals(List.of("#0 0x300", "#1 0x301"), t.format(machine::symbolize));
    }

    @Test
    void invalidFrees() {
        Allocator a = manual();
        machine.setStack(0x10);
        Capability c = a.malloc(100);
        machine.setStack(0x20);
        FreeResult.InvalidFree untagged = assertInstanceOf(FreeResult.InvalidFree.class, a.free(c.withTag(false)));
        assertEquals(FreeResult.InvalidKind.UNTAGGED, untagged.kind());
        assertEquals(c.base(), untagged.nearest().base());
        assertEquals(new StackTrace(new long[] {0x20}), untagged.freeTrace());
        assertEquals(new StackTrace(new long[] {0x10}), untagged.nearest().allocTrace());

        FreeResult.InvalidFree interior = assertInstanceOf(FreeResult.InvalidFree.class, a.free(c.incrementOffset(16)));
        assertEquals(FreeResult.InvalidKind.INTERIOR, interior.kind());
        assertEquals(c.base(), interior.nearest().base());

        FreeResult.InvalidFree foreign = assertInstanceOf(FreeResult.InvalidFree.class,
                a.free(Capability.root().setAddress(0x1000)));
        assertEquals(FreeResult.InvalidKind.FOREIGN, foreign.kind());

        FreeResult.InvalidFree unallocated = assertInstanceOf(FreeResult.InvalidFree.class,
                a.free(Capability.root().setAddress(HEAP + HEAP_SIZE - 4096)));
        assertEquals(FreeResult.InvalidKind.NOT_ALLOCATED, unallocated.kind());

        Capability sealed = c.seal(Capability.root().setAddress(7));
        assertTrue(sealed.tag() && sealed.isSealed());
        FreeResult.InvalidFree s = assertInstanceOf(FreeResult.InvalidFree.class, a.free(sealed));
        assertEquals(FreeResult.InvalidKind.SEALED, s.kind());

        assertEquals(5, a.statistics().invalidFrees());
        assertTrue(a.free(c).ok(), "the object is still live and freeable");
        assertTrue(a.free(Capability.NULL).ok(), "free(NULL) is a no-op");
        assertEquals(1, a.statistics().frees());
    }

    @Test
    void leakReportListsLiveObjectsWithTraces() {
        Allocator a = manual();
        machine.setStack(1, 2, 3);
        Capability x = a.malloc(10);
        machine.setStack(4);
        Capability y = a.malloc(20_000);
        Capability z = a.malloc(30);
        a.free(z);
        LeakReport r = a.leaks();
        assertEquals(2, r.objects().size());
        assertEquals(20_010, r.bytes());
        assertEquals(x.base(), r.objects().get(0).base());
        assertEquals(new StackTrace(new long[] {1, 2, 3}), r.objects().get(0).allocTrace());
        assertEquals(y.base(), r.objects().get(1).base());
        assertNull(r.objects().get(1).freeTrace());
    }

    @Test
    void tracesAreBoundedByTheConfiguredDepth() {
        Allocator a = new Allocator(machine, RuntimeConfig.of(HEAP, HEAP_SIZE).withTraceDepth(4));
        long[] deep = new long[40];
        for (int i = 0; i < deep.length; i++) {
            deep[i] = 0x1000 + i;
        }
        machine.setStack(deep);
        Capability c = a.malloc(16);
        assertEquals(4, a.describe(c.address()).allocTrace().depth());
    }

    @Test
    void describeFollowsAnObjectThroughItsLife() {
        Allocator a = manual();
        Capability c = a.malloc(100);
        ObjectDescription live = a.describe(c.address() + 99);
        assertEquals(ObjectState.LIVE, live.state());
        assertEquals(c.base(), live.base());
        assertEquals(100, live.requested());
        a.free(c);
        assertEquals(ObjectState.QUARANTINED, a.describe(c.address() + 5).state());
        a.revokeNow();
        ObjectDescription gone = a.describe(c.address() + 5);
        assertEquals(ObjectState.REVOKED, gone.state());
        assertEquals(1, gone.revokedInPass());
        Capability reuse = a.malloc(100);
        assertEquals(c.address(), reuse.address());
        assertEquals(ObjectState.LIVE, a.describe(c.address()).state(), "live object wins over history");
        assertNotEquals(gone.id(), a.describe(c.address()).id());
        assertNull(a.describe(HEAP + HEAP_SIZE - 16));
    }

    @Test
    void reallocCopiesDataAndCapabilities() {
        Allocator a = manual();
        Capability c = a.malloc(64);
        Capability t = a.malloc(16);
        mem.store64(c.address(), 77);
        mem.storeCap(c.address() + 16, t.address(), t.memoryMeta(), true);
        mem.store8(c.address() + 63, 9);
        Allocator.ReallocResult r = a.realloc(c, 5000);
        assertTrue(r.free().ok());
        Capability n = r.capability();
        assertBounds(n, 5000);
        assertEquals(77, mem.load64(n.address()));
        assertTrue(mem.loadTag(n.address() + 16));
        assertEquals(t.address(), mem.loadCapAddress(n.address() + 16));
        assertEquals(9, mem.load8(n.address() + 63));
        assertEquals(ObjectState.QUARANTINED, a.describe(c.address()).state());
        assertInstanceOf(FreeResult.DoubleFree.class, a.realloc(c, 10).free());
        Allocator.ReallocResult zero = a.realloc(n, 0);
        assertFalse(zero.capability().tag());
        assertTrue(zero.free().ok());
        assertTrue(a.realloc(Capability.NULL, 8).capability().tag(), "realloc(NULL) = malloc");
    }

    @Test
    void failedReallocLeavesTheOldObjectLive() {
        Allocator a = manual();
        Capability c = a.malloc(64);
        Allocator.ReallocResult r = a.realloc(c, HEAP_SIZE);
        assertFalse(r.capability().tag());
        assertNull(r.free());
        assertEquals(ObjectState.LIVE, a.describe(c.address()).state());
        assertTrue(a.free(c).ok());
    }

    @Test
    void callocOverflowAndExhaustion() {
        Allocator a = manual();
        assertFalse(a.calloc(Long.MAX_VALUE, 2).tag());
        assertFalse(a.malloc(HEAP_SIZE + 1).tag());
        assertFalse(a.malloc(-1).tag());
        assertEquals(3, a.statistics().failedAllocations());
    }

    @Test
    void allocationFailureRunsAPassFirst() {
        Allocator a = new Allocator(machine, RuntimeConfig.of(HEAP, 1 << 20).withPolicy(QuarantinePolicy.MANUAL));
        Capability big = a.malloc(600_000);
        a.free(big);
        List<PassStats> passes = new ArrayList<>();
        a.setPassListener(passes::add);
        Capability again = a.malloc(600_000);
        assertTrue(again.tag());
        assertEquals(1, passes.size());
        assertEquals(PassTrigger.ALLOCATION_FAILURE, passes.get(0).trigger());
    }

    @Test
    void policyTriggers() {
        List<PassStats> passes = new ArrayList<>();
        Allocator every = allocator(RevocationStrategy.FULL, QuarantinePolicy.DEFAULT.withRevokeEveryFree(true));
        every.setPassListener(passes::add);
        every.free(every.malloc(16));
        assertEquals(PassTrigger.EVERY_FREE, passes.get(0).trigger());

        passes.clear();
        Allocator max = allocator(RevocationStrategy.FULL, new QuarantinePolicy(1e9, 0, 1024, false));
        max.setPassListener(passes::add);
        for (int i = 0; i < 63; i++) {
            max.free(max.malloc(16));
        }
        assertTrue(passes.isEmpty(), "1008 bytes < 1024");
        max.free(max.malloc(16));
        assertEquals(PassTrigger.MAXIMUM, passes.get(0).trigger());
        assertEquals(1024, passes.get(0).quarantinedBytes());

        passes.clear();
        Allocator ratio = allocator(RevocationStrategy.FULL, new QuarantinePolicy(0.25, 4096, 0, false));
        ratio.setPassListener(passes::add);
        List<Capability> objs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            objs.add(ratio.malloc(256));
        }
        long footprint = ratio.footprint();
        long freed = 0;
        for (Capability c : objs) {
            ratio.free(c);
            freed += 256;
            if (!passes.isEmpty()) {
                break;
            }
            assertTrue(freed <= 0.25 * footprint || freed < 4096, "pass late");
        }
        assertEquals(PassTrigger.RATIO, passes.get(0).trigger());
        assertTrue(passes.get(0).quarantinedBytes() > 0.25 * footprint);
    }

    @Test
    void statisticsArithmetic() {
        Allocator a = manual();
        Capability x = a.malloc(10);      // class 16
        Capability y = a.malloc(100);     // class 112
        Capability z = a.malloc(5000);    // large, 5008-byte chunk (16-rounded)
        RuntimeSummary s = a.statistics();
        assertEquals(3, s.mallocs());
        assertEquals(5110, s.requestedBytes());
        assertEquals(16 + 112 + 5008, s.allocatedBytes());
        a.free(y);
        a.free(z);
        s = a.statistics();
        assertEquals(2, s.frees());
        assertEquals(112 + 5008, s.freedBytes());
        assertEquals(10, s.requestedBytes());
        assertEquals(5110, s.peakRequestedBytes());
        assertEquals(16, s.allocatedBytes());
        assertEquals(5136, s.peakAllocatedBytes());
        assertEquals(5120, s.quarantinedBytes());
        PassStats p = a.revokeNow();
        assertEquals(5120, p.quarantinedBytes());
        assertEquals(5120 / 16, p.bitsPainted());
        s = a.statistics();
        assertEquals(0, s.quarantinedBytes());
        assertEquals(5120, s.peakQuarantinedBytes());
        assertEquals(1, s.sweeps());
        assertEquals(p.bytesCovered(), s.sweptBytes());
        assertEquals(320, s.bitsPainted());
        assertEquals(320, s.bitsCleared());
        assertEquals(p.hostNanos(), s.maxPassNanos());
        assertEquals(p.hostNanos(), s.meanPassNanos());
        assertTrue(s.peakFootprint() >= s.footprint() && s.footprint() > 0);
        assertSame(x, x);
    }
}
