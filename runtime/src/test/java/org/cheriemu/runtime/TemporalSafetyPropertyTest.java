package org.cheriemu.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.cheriemu.isa.cap.Capability;
import org.cheriemu.isa.memory.Page;
import org.cheriemu.isa.memory.TaggedMemory;
import org.cheriemu.runtime.debug.FreeResult;
import org.cheriemu.runtime.revoke.PassStats;
import org.cheriemu.runtime.revoke.QuarantinePolicy;
import org.cheriemu.runtime.revoke.RevocationStrategy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The temporal-safety invariant under a million random operations per strategy: mallocs, frees,
 * capability stores into heap memory and registers, capability loads, data stores and passes.
 *
 * <p>The test keeps its own shadow: which object every capability it stored was derived from.
 * After every completed pass, no tagged capability in memory or in a register may belong to an
 * object freed before the pass (so none can reach memory handed out again), and no allocation
 * may ever overlap a live or quarantined object. With the load barrier, a capability to a
 * quarantined object never loads tagged. With revocation off the invariant must fail: that
 * checks the check.
 */
class TemporalSafetyPropertyTest {
    private static final long HEAP = 0x4000_0000L;
    private static final long HEAP_SIZE = 512 << 10;
    private static final int REGISTERS = 16;
    private static final int OPS = 1_000_000;

    private static final class Obj {
        final long id;
        final Capability cap;
        final long base;
        final long length;
        boolean freed;
        boolean released;     // given back to the allocator by a pass (or at once with "off")

        Obj(long id, Capability cap) {
            this.id = id;
            this.cap = cap;
            this.base = cap.base();
            this.length = cap.length().longValueExact();
        }

        long end() {
            return base + Math.max(length, 1);
        }
    }

    private TaggedMemory memory;
    private InMemoryMachine machine;
    private Allocator alloc;
    private final List<Obj> live = new ArrayList<>();
    private final TreeMap<Long, Obj> occupied = new TreeMap<>();   // live and quarantined, by base
    private final List<Obj> quarantined = new ArrayList<>();
    private final Map<Long, Obj> shadowMemory = new HashMap<>();
    private final Obj[] shadowRegister = new Obj[REGISTERS];
    private long passesChecked;
    private long capsRevokedSeen;
    private long pagesSkipped;
    private long nextId;

    @ParameterizedTest
    @ValueSource(strings = {"full", "capdirty", "loadbarrier"})
    void noStaleCapabilitySurvivesAPass(String strategyName) {
        run(RevocationStrategy.parse(strategyName), 0x5EED + strategyName.hashCode());
        assertTrue(passesChecked > 100, "too few passes to mean anything: " + passesChecked);
        assertTrue(capsRevokedSeen > 1000, "too few revocations to mean anything: " + capsRevokedSeen);
        if (strategyName.equals("capdirty")) {
            assertTrue(pagesSkipped > 100, "capdirty never skipped a clean page: " + pagesSkipped);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"off"})
    void withoutRevocationStaleCapabilitiesReachReusedMemory(String strategyName) {
        run(RevocationStrategy.parse(strategyName), 0xBAD);
        // Count tagged capabilities (memory and registers) to freed objects whose memory is live again.
        long stale = 0;
        for (Map.Entry<Long, Obj> e : shadowMemory.entrySet()) {
            if (memory.loadTag(e.getKey()) && e.getValue().freed && overlapsLive(e.getValue())) {
                stale++;
            }
        }
        assertTrue(stale > 0, "the invariant check could not fail: no stale capability found with revocation off");
    }

    private boolean overlapsLive(Obj o) {
        Map.Entry<Long, Obj> lo = occupied.lowerEntry(o.end());
        return lo != null && lo.getValue().end() > o.base && lo.getValue() != o;
    }

    private void run(RevocationStrategy strategy, long seed) {
        memory = new TaggedMemory();
        machine = new InMemoryMachine(memory, REGISTERS);
        QuarantinePolicy policy = new QuarantinePolicy(0.25, 0, 0, false);
        alloc = new Allocator(machine, RuntimeConfig.of(HEAP, HEAP_SIZE).withStrategy(strategy).withPolicy(policy)
                .withTraceDepth(2).withHistoryLimit(64));
        boolean quarantines = strategy.quarantines();
        alloc.setPassListener(s -> afterPass(s, quarantines));
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int op = 0; op < OPS; op++) {
            machine.setStack(0x1000 + op % 7, 0x2000 + op % 3);
            int k = rnd.nextInt(100);
            if (k < 14 || live.isEmpty()) {
                malloc(rnd);
            } else if (k < 26) {
                free(live.get(rnd.nextInt(live.size())), quarantines);
            } else if (k < 50) {
                storeCapToMemory(rnd);
            } else if (k < 62) {
                Obj o = live.get(rnd.nextInt(live.size()));
                int r = rnd.nextInt(REGISTERS);
                machine.setRegister(r, o.cap);
                shadowRegister[r] = o;
            } else if (k < 82) {
                load(rnd, strategy);
            } else if (k < 90) {
                dataStore(rnd);
            } else if (k < 90 + 1 && rnd.nextInt(20) == 0) {
                alloc.revokeNow();
            } else {
                malloc(rnd);
            }
        }
        alloc.revokeNow();
    }

    private void malloc(SplittableRandom rnd) {
        long size;
        int k = rnd.nextInt(100);
        if (k < 80) {
            size = rnd.nextLong(0, 300);
        } else if (k < 95) {
            size = rnd.nextLong(300, 2049);
        } else {
            size = rnd.nextLong(2049, 20_000);   // large path, often not representable exactly
        }
        Capability c = rnd.nextInt(10) == 0 ? alloc.alignedAlloc(1L << rnd.nextInt(4, 10), size) : alloc.malloc(size);
        if (!c.tag()) {
            return;                                   // heap full: fine
        }
        Obj o = new Obj(nextId++, c);
        assertTrue(o.length >= size, "capability shorter than the request");
        assertEquals(c.address(), o.base, "address is the base");
        // Never overlaps a live or quarantined object.
        Map.Entry<Long, Obj> lo = occupied.lowerEntry(o.end());
        if (lo != null && lo.getValue().end() > o.base) {
            fail("allocation [0x" + Long.toHexString(o.base) + ", 0x" + Long.toHexString(o.end())
                    + ") overlaps object " + lo.getValue().id + " (freed " + lo.getValue().freed + ")");
        }
        occupied.put(o.base, o);
        live.add(o);
    }

    private void free(Obj o, boolean quarantines) {
        live.remove(o);
        o.freed = true;
        if (quarantines) {
            quarantined.add(o);
        } else {
            o.released = true;
            occupied.remove(o.base);
        }
        FreeResult r = alloc.free(o.cap);
        assertTrue(r.ok(), () -> "valid free refused: " + r);
    }

    private void storeCapToMemory(SplittableRandom rnd) {
        Obj dst = live.get(rnd.nextInt(live.size()));
        if (dst.length < 16) {
            return;
        }
        long slot = dst.base + (rnd.nextLong(dst.length / 16) << 4);
        if (rnd.nextBoolean()) {
            int r = rnd.nextInt(REGISTERS);           // may be stale: copying dangling pointers around
            Capability c = machine.register(r);
            memory.storeCap(slot, c.address(), c.memoryMeta(), c.tag());
            shadowMemory.put(slot, shadowRegister[r]);
        } else {
            Obj src = live.get(rnd.nextInt(live.size()));
            memory.storeCap(slot, src.cap.address(), src.cap.memoryMeta(), true);
            shadowMemory.put(slot, src);
        }
    }

    private void load(SplittableRandom rnd, RevocationStrategy strategy) {
        Obj src = live.get(rnd.nextInt(live.size()));
        if (src.length < 16) {
            return;
        }
        long slot = src.base + (rnd.nextLong(src.length / 16) << 4);
        boolean tag = memory.loadTag(slot);
        long memMeta = memory.loadCapMeta(slot);
        long address = memory.loadCapAddress(slot);
        Capability c = Capability.fromMemory(memMeta, address, tag);
        if (tag && alloc.needsLoadBarrier() && alloc.isRevokedCapability(c.meta(), c.address())) {
            c = c.withTag(false);
        }
        Obj target = shadowMemory.get(slot);
        if (strategy.paintsOnFree() && c.tag() && target != null && target.freed) {
            fail("load barrier returned a tagged capability to freed object " + target.id);
        }
        int r = rnd.nextInt(REGISTERS);
        machine.setRegister(r, c);
        shadowRegister[r] = target;
    }

    private void dataStore(SplittableRandom rnd) {
        Obj o = live.get(rnd.nextInt(live.size()));
        if (o.length < 8) {
            return;
        }
        memory.store64(o.base + (rnd.nextLong(o.length / 8) << 3), rnd.nextLong());
    }

    private void afterPass(PassStats s, boolean quarantines) {
        passesChecked++;
        capsRevokedSeen += s.revokedInMemory() + s.revokedInRegisters();
        pagesSkipped += s.pagesSkipped();
        for (Obj q : quarantined) {
            q.released = true;
            occupied.remove(q.base);
        }
        quarantined.clear();
        if (!quarantines) {
            return;
        }
        memory.forEachTaggedGranule((Page p, int g) -> {
            long addr = p.baseAddress() + ((long) g << 4);
            Obj o = shadowMemory.get(addr);
            if (o != null && o.freed) {
                fail("pass " + s.pass() + " left a tagged capability to freed object " + o.id + " at 0x"
                        + Long.toHexString(addr));
            }
        });
        for (int r = 0; r < REGISTERS; r++) {
            Obj o = shadowRegister[r];
            if (machine.register(r).tag() && o != null && o.freed) {
                fail("pass " + s.pass() + " left a tagged capability to freed object " + o.id + " in register " + r);
            }
        }
        assertFalse(s.bitsCleared() != s.bitsPainted(), "every painted bit is cleared: " + s);
    }
}
