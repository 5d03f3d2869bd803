package org.cheriemu.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cheriemu.isa.cap.BoundsCodec;
import org.cheriemu.isa.cap.CapFormat;
import org.cheriemu.isa.cap.Capability;
import org.cheriemu.isa.memory.TaggedMemory;
import org.cheriemu.runtime.revoke.RevocationBitmap;
import org.cheriemu.runtime.revoke.RevocationStrategy;
import org.cheriemu.runtime.revoke.Revoker;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The sweeper against a reference: every tagged capability whose base is painted loses its tag, no other does. */
class SweeperTest {
    private static final long HEAP = 0x8000_0000L;
    private static final long HEAP_SIZE = 1 << 20;

    /** Both sweep kernels: the vector one (when the JVM has jdk.incubator.vector) and the scalar one. */
    static Stream<Arguments> densitiesAndKernels() {
        return Stream.of(0.01, 0.3, 0.7, 0.95, 1.0)
                .flatMap(d -> Stream.of(Arguments.of(d, true), Arguments.of(d, false)));
    }

    private static Revoker newRevoker(InMemoryMachine machine, RevocationBitmap bitmap, RevocationStrategy s, boolean vector) {
        String old = System.getProperty(VECTOR_PROPERTY);
        System.setProperty(VECTOR_PROPERTY, Boolean.toString(vector));
        try {
            return new Revoker(machine, bitmap, s);
        } finally {
            if (old == null) {
                System.clearProperty(VECTOR_PROPERTY);
            } else {
                System.setProperty(VECTOR_PROPERTY, old);
            }
        }
    }

    private static final String VECTOR_PROPERTY = "cheriemu.sweep.vector";

    /** Surefire runs this module with --add-modules jdk.incubator.vector: the vector kernel must really be under test. */
    @Test
    void theVectorKernelIsUnderTestWhenTheHostHasIt() {
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        Revoker r = newRevoker(new InMemoryMachine(new TaggedMemory(), 1), new RevocationBitmap(HEAP, HEAP_SIZE),
                RevocationStrategy.FULL, true);
        assertTrue(module, "tests must run with --add-modules jdk.incubator.vector");
        Assumptions.assumeTrue(jdk.incubator.vector.LongVector.SPECIES_PREFERRED.vectorBitSize() >= 512,
                "host without 512-bit vectors: the scalar kernel is the only one");
        assertTrue(r.vectorized());
        assertFalse(newRevoker(new InMemoryMachine(new TaggedMemory(), 1), new RevocationBitmap(HEAP, HEAP_SIZE),
                RevocationStrategy.FULL, false).vectorized());
    }

    /**
     * The optimized sweep against a simple reference sweep (the ISA decoder's base, looked up in
     * the list of painted ranges) on random heaps: capabilities with addresses inside, below and
     * one past the end of their bounds, large exponents, bases at and just outside the heap
     * edges, arbitrary tagged bit patterns, and untagged garbage between them.
     */
    @ParameterizedTest
    @MethodSource("densitiesAndKernels")
    void clearsExactlyTheCapabilitiesWithPaintedBases(double density, boolean vector) {
        SplittableRandom rnd = new SplittableRandom(Double.hashCode(density));
        TaggedMemory mem = new TaggedMemory();
        InMemoryMachine machine = new InMemoryMachine(mem, 32);
        // Painted ranges, disjoint, 16-byte aligned.
        List<long[]> ranges = new ArrayList<>();
        for (long a = HEAP; a < HEAP + HEAP_SIZE; ) {
            long len = 16L * (1 + rnd.nextInt(64));
            if (a + len > HEAP + HEAP_SIZE) {
                break;
            }
            // Always paint the first and the last granules of the heap (edge cases of the range check).
            if (rnd.nextInt(4) == 0 || a == HEAP || a + len + 16 * 8 > HEAP + HEAP_SIZE) {
                ranges.add(new long[] {a, a + len});
            }
            a += len + 16L * rnd.nextInt(8);
        }
        long[] flat = new long[ranges.size() * 2];
        for (int i = 0; i < ranges.size(); i++) {
            flat[2 * i] = ranges.get(i)[0];
            flat[2 * i + 1] = ranges.get(i)[1];
        }
        // Capabilities: mostly into the heap (some interior or out-of-bounds addresses, some large
        // exponents), some outside, stored over the heap and a region beyond it.
        List<Long> slots = new ArrayList<>();
        for (long a = HEAP - 8192; a < HEAP + HEAP_SIZE + 8192; a += 16) {
            if (rnd.nextDouble() < density) {
                Capability c = randomCap(rnd);
                mem.storeCap(a, c.address(), c.memoryMeta(), true);
                slots.add(a);
            } else if (rnd.nextInt(8) == 0) {
                mem.store64(a, rnd.nextLong());   // untagged garbage the dense loop reads and must ignore
                mem.store64(a + 8, rnd.nextLong());
            }
        }
        for (int r = 0; r < 32; r++) {
            machine.setRegister(r, randomCap(rnd));
        }
        List<Capability> regsBefore = new ArrayList<>();
        for (int r = 0; r < 32; r++) {
            regsBefore.add(machine.register(r));
        }
        Revoker revoker = newRevoker(machine, new RevocationBitmap(HEAP, HEAP_SIZE), RevocationStrategy.FULL, vector);
        Revoker.Result res = revoker.run(flat, true);

        long expectRevoked = 0;
        for (long slot : slots) {
            long base = BoundsCodec.base(CapFormat.fromMemory(mem.loadCapMeta(slot)), mem.loadCapAddress(slot));
            boolean painted = inRanges(ranges, base);
            assertEquals(!painted, mem.loadTag(slot), () -> "slot 0x" + Long.toHexString(slot) + " base 0x" + Long.toHexString(base));
            if (painted) {
                expectRevoked++;
            }
        }
        long expectRegs = 0;
        for (int r = 0; r < 32; r++) {
            boolean painted = inRanges(ranges, regsBefore.get(r).base());
            assertEquals(!painted, machine.register(r).tag());
            if (painted) {
                expectRegs++;
            }
        }
        assertEquals(expectRevoked, res.revokedInMemory());
        assertEquals(expectRegs, res.revokedInRegisters());
        assertEquals(slots.size(), res.granulesInspected());
        assertEquals(res.bitsPainted(), res.bitsCleared());
        assertEquals(0, revoker.bitmap().countPainted(), "the bitmap is clean after a pass");
        assertTrue(expectRevoked > 0 || density < 0.05);
    }

    private static boolean inRanges(List<long[]> ranges, long base) {
        for (long[] r : ranges) {
            if (Long.compareUnsigned(base, r[0]) >= 0 && Long.compareUnsigned(base, r[1]) < 0) {
                return true;
            }
        }
        return false;
    }

    private static Capability randomCap(SplittableRandom rnd) {
        switch (rnd.nextInt(20)) {
            case 0 -> {
                // any bit pattern (a sweep must not assume tagged memory holds only derivable capabilities)
                return new Capability(true, rnd.nextLong(), rnd.nextInt(3) == 0 ? rnd.nextLong() : HEAP + rnd.nextLong(HEAP_SIZE));
            }
            case 1 -> {
                // a base at, or just outside, an edge of the heap
                long[] edges = {HEAP - 16, HEAP, HEAP + 16, HEAP + HEAP_SIZE - 16, HEAP + HEAP_SIZE, HEAP + HEAP_SIZE + 16};
                long base = edges[rnd.nextInt(edges.length)];
                long len = 16L * rnd.nextInt(1, 64);
                Capability c = Capability.root().setAddress(base).setBounds(len).capability();
                return rnd.nextBoolean() ? c : c.setAddress(c.address() + len);   // or one past the end
            }
            case 2 -> {
                // a large exponent: bounds far wider than the heap, address in the heap
                long len = 1L << rnd.nextInt(30, 63);
                long base = (HEAP + rnd.nextLong(HEAP_SIZE)) & -len;
                Capability c = Capability.root().setAddress(base).setBounds(len).capability();
                Capability moved = c.setAddress(HEAP + rnd.nextLong(HEAP_SIZE));
                return moved.tag() ? moved : c;
            }
            case 3 -> {
                // one past the end of an object in the heap
                long base = HEAP + (rnd.nextLong(HEAP_SIZE) & -16L);
                long len = 16L * rnd.nextInt(1, 300);
                Capability c = Capability.root().setAddress(base).setBounds(len).capability();
                Capability end = c.setAddress(c.address() + len);
                return end.tag() ? end : c;
            }
            default -> { }
        }
        int k = rnd.nextInt(10);
        long base = k < 8 ? HEAP + (rnd.nextLong(HEAP_SIZE) & -16L) : rnd.nextLong();
        long len = k == 0 ? rnd.nextLong(1 << 24) : rnd.nextLong(1, 4096);
        Capability c = Capability.root().setAddress(base).setBounds(len).capability();
        long addr = switch (rnd.nextInt(4)) {
            case 0 -> c.address() + rnd.nextLong(Math.max(1, len));
            case 1 -> c.address() - rnd.nextInt(64);
            default -> c.address();
        };
        return c.setAddress(addr).tag() ? c.setAddress(addr) : c;
    }

    @ParameterizedTest
    @ValueSource(strings = {"capdirty"})
    void cleanPagesAreStillSweptWhenTheyMayPointIntoQuarantine(String name) {
        // The case that makes "skip every clean page" unsound: a capability stored before pass 1
        // to an object freed after pass 1 must still be revoked by pass 2.
        TaggedMemory mem = new TaggedMemory();
        InMemoryMachine machine = new InMemoryMachine(mem, 4);
        Allocator alloc = new Allocator(machine, RuntimeConfig.of(HEAP, HEAP_SIZE)
                .withStrategy(RevocationStrategy.parse(name)).withPolicy(org.cheriemu.runtime.revoke.QuarantinePolicy.MANUAL));
        Capability holder = alloc.malloc(64);
        Capability victim = alloc.malloc(64);
        Capability other = alloc.malloc(8192);  // on another page, unrelated
        mem.storeCap(holder.address(), victim.address(), victim.memoryMeta(), true);
        alloc.free(alloc.malloc(32));
        alloc.revokeNow();                       // pass 1: the holder's page becomes clean
        assertFalse(mem.pageAt(holder.address()).capDirty());
        assertTrue(mem.loadTag(holder.address()));
        alloc.free(victim);
        var s = alloc.revokeNow();                // pass 2
        assertFalse(mem.loadTag(holder.address()), "stale capability on a clean page survived");
        assertEquals(1, s.revokedInMemory());
        // A clean page whose capabilities point elsewhere is skipped.
        mem.storeCap(other.address(), holder.address(), holder.memoryMeta(), true);
        alloc.revokeNow();
        Capability far = alloc.malloc(16);
        alloc.free(far);
        var s2 = alloc.revokeNow();
        assertTrue(s2.pagesSkipped() + s2.pagesVisited() >= 1);
    }
}
