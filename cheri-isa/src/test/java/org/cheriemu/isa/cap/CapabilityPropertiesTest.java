package org.cheriemu.isa.cap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Property tests over millions of seeded random capabilities. Seeds are fixed, so a failure
 * message (which prints the inputs) reproduces.
 */
class CapabilityPropertiesTest {

    private static final int N = 1_000_000;

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    @Test
    void memoryFormRoundTrip() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < 4 * N; i++) {
            long meta = rnd.nextLong();
            long addr = rnd.nextLong();
            boolean tag = rnd.nextBoolean();
            long mem = CapFormat.toMemory(meta);
            assertEquals(meta, CapFormat.fromMemory(mem));
            Capability c = new Capability(tag, meta, addr);
            assertEquals(c, Capability.decode(c.memoryMeta(), addr, tag, true));
            assertEquals(c, Capability.decode(meta, addr, tag, false));
            assertEquals(mem, CapOps.getHigh(meta));
        }
        assertEquals(0L, CapFormat.toMemory(CapFormat.NULL_META));
    }

    /** The production decoder agrees with the unbounded-integer model, malformed encodings included. */
    @Test
    void decodeAgreesWithModel() {
        RandomCaps gen = new RandomCaps(2);
        long[] out = new long[4];
        for (int i = 0; i < N; i++) {
            long meta = i % 2 == 0 ? gen.anyMeta() : gen.boundedAnywhere().meta();
            long addr = i % 4 == 3 ? gen.randomInWindow(new Capability(false, meta, gen.value())) : gen.value();
            BigModel.Bounds want = BigModel.decode(meta, addr);
            Capability c = new Capability(false, meta, addr);
            Supplier<String> what = () -> "meta " + hex(meta) + " addr " + hex(addr);
            assertEquals(want.base(), c.baseBig(), what);
            assertEquals(want.top(), c.top(), what);
            BoundsCodec.decode(meta, addr, out, 1);
            assertEquals(c.base(), out[1 + BoundsCodec.BASE], what);
            assertEquals(c.topLow(), out[1 + BoundsCodec.TOP_LOW], what);
            assertEquals(c.topHigh() ? 1 : 0, out[1 + BoundsCodec.TOP_HIGH], what);
            // CGetLen / CGetTop saturation
            BigInteger max = BigModel.TWO_64.subtract(BigInteger.ONE);
            BigInteger len = want.top().subtract(want.base()).mod(BigModel.TWO_65);
            assertEquals(len.min(max), BigModel.u(c.saturatedLength()), what);
            assertEquals(want.top().min(max), BigModel.u(c.saturatedTop()), what);
        }
    }

    @Test
    void setBoundsAgreesWithModel() {
        RandomCaps gen = new RandomCaps(3);
        for (int i = 0; i < N; i++) {
            long base = gen.value();
            BigInteger b = BigModel.u(base);
            BigInteger t = i % 8 == 0
                    ? b.add(BigModel.u(gen.length())).add(BigModel.TWO_64).min(BigModel.TWO_65.subtract(BigInteger.ONE))
                    : b.add(BigModel.u(gen.length()));
            BigModel.Encoded want = BigModel.encode(b, t);
            long got = SetBounds.encode(base, t.longValue(), t.testBit(64));
            Supplier<String> what = () -> "base " + hex(base) + " top 0x" + t.toString(16);
            assertEquals(want.ebt(), SetBounds.ebt(got), what);
            assertEquals(want.exact(), SetBounds.isExact(got), what);
            assertEquals(0, got & ~(SetBounds.EXACT | CapFormat.EBT_MASK), what);
        }
    }

    /** Set-bounds rounds outwards, is exact exactly when it says so, and yields derivable, aligned bounds. */
    @Test
    void setBoundsContainsRequestAndReportsExactness() {
        RandomCaps gen = new RandomCaps(4);
        for (int i = 0; i < N; i++) {
            long base = gen.value();
            long len = gen.length();
            long encoded = SetBounds.encode(base, len);
            long meta = SetBounds.applyTo(CapFormat.ROOT_META, encoded);
            long end = base + len;
            if (Long.compareUnsigned(end, base) < 0 && end != 0) {
                // top beyond 2^64: never inside a source's bounds; rounding may even wrap 2^65
                CapResult r = new CapResult();
                CapOps.setBounds(true, CapFormat.ROOT_META, base, len, r);
                assertFalse(r.tag, "request beyond 2^64 loses the tag: " + hex(base) + " " + hex(len));
                continue;
            }
            BigInteger reqBase = BigModel.u(base);
            BigInteger reqTop = reqBase.add(BigModel.u(len));
            Capability atBase = new Capability(true, meta, base);
            Supplier<String> what = () -> "base " + hex(base) + " len " + hex(len) + " -> " + atBase;
            BigInteger gotBase = atBase.baseBig();
            BigInteger gotTop = atBase.top();
            assertTrue(gotBase.compareTo(reqBase) <= 0, what);
            assertTrue(gotTop.compareTo(reqTop) >= 0, what);
            boolean equal = gotBase.equals(reqBase) && gotTop.equals(reqTop);
            assertEquals(equal, SetBounds.isExact(encoded), what);
            assertTrue(BoundsCodec.isDerivable(meta), what);
            if (atBase.ie()) { // §1.6 alignment: multiples of 2^(E+3)
                long align = (1L << (atBase.exponent() + 3)) - 1;
                assertEquals(0, atBase.base() & align, what);
                assertEquals(0, atBase.topLow() & align, what);
            }
            // the whole requested region stays representable: decoding at its last byte agrees
            if (len != 0) {
                Capability atEnd = atBase.withAddress(base + len - 1);
                assertEquals(gotBase, atEnd.baseBig(), what);
                assertEquals(gotTop, atEnd.top(), what);
            }
        }
    }

    /** Set-bounds on a CRAM-aligned base with length CRRL(len) is exact (§1.7). */
    @Test
    void cramAndCrrlGiveExactBounds() {
        RandomCaps gen = new RandomCaps(5);
        for (int i = 0; i < N; i++) {
            long len = gen.length();
            long cram = SetBounds.cram(len);
            long crrl = SetBounds.crrl(len);
            Supplier<String> what = () -> "len " + hex(len);
            assertEquals((len + ~cram) & cram, crrl, what);
            assertEquals(-1L, cram | (cram - 1), what);
            if (crrl == 0) { // wrapped: the rounded length would be 2^64 or more
                assertTrue(len == 0 || Long.compareUnsigned(len, -cram) > 0, what);
                continue;
            }
            assertTrue(Long.compareUnsigned(crrl, len) >= 0, what);
            long base = gen.value() & cram;
            assertTrue(SetBounds.isExact(SetBounds.encode(base, crrl)),
                    () -> "aligned base " + hex(base) + " with CRRL " + hex(crrl) + ": len " + hex(len));
            assertEquals(crrl, SetBounds.crrl(crrl), what);
        }
    }

    /**
     * Any address in the representable window keeps the bounds, and the precise check says so;
     * outside the window (when it is smaller than 2^64) the bounds change and the check says so.
     * The fast check is conservative: fast ⇒ precise.
     */
    @Test
    void addressMovesWithinRepresentableWindowKeepBounds() {
        RandomCaps gen = new RandomCaps(6);
        CapResult r = new CapResult();
        int fastFalsePreciseTrue = 0;
        for (int i = 0; i < N; i++) {
            Capability c = gen.boundedAnywhere();
            long meta = c.meta();
            long old = c.address();
            int e = BoundsCodec.decodeExponent(meta);
            long inside = gen.randomInWindow(c);
            Supplier<String> what = () -> c + " -> " + hex(inside);
            assertEquals(c.base(), BoundsCodec.base(meta, inside), what);
            assertEquals(c.topLow(), BoundsCodec.topLow(meta, inside), what);
            assertEquals(c.topHigh(), BoundsCodec.topHigh(meta, inside), what);
            assertTrue(Representability.isRepresentablePrecise(meta, old, inside), what);
            CapOps.setAddr(true, meta, old, inside, r);
            assertTrue(r.tag, what);

            long anywhere = i % 2 == 0 ? gen.random().nextLong() : old + gen.value();
            boolean precise = Representability.isRepresentablePrecise(meta, old, anywhere);
            boolean sameBounds = c.base() == BoundsCodec.base(meta, anywhere)
                    && c.topLow() == BoundsCodec.topLow(meta, anywhere)
                    && c.topHigh() == BoundsCodec.topHigh(meta, anywhere);
            Supplier<String> whatAnywhere = () -> c + " -> " + hex(anywhere);
            assertEquals(sameBounds, precise, whatAnywhere);
            if (e + 14 < 64) {
                boolean inWindow = Long.compareUnsigned(anywhere - RandomCaps.windowStart(c), 1L << (e + 14)) < 0;
                assertEquals(inWindow, precise, whatAnywhere);
            }
            for (long target : new long[] {inside, anywhere}) {
                boolean fast = Representability.isRepresentableFast(meta, old, target - old);
                if (fast) {
                    assertTrue(Representability.isRepresentablePrecise(meta, old, target),
                            () -> "fast ⇒ precise: " + c + " -> " + hex(target));
                } else if (Representability.isRepresentablePrecise(meta, old, target)) {
                    fastFalsePreciseTrue++;
                }
                CapOps.incOffset(true, meta, old, target - old, r);
                assertEquals(fast, r.tag, whatAnywhere);
                assertEquals(target, r.address);
                assertEquals(meta, r.meta);
            }
        }
        assertTrue(fastFalsePreciseTrue > 0, "the generator should reach the conservative corner");
    }

    /** Small moves around the base and top, where the fast check is most delicate. */
    @Test
    void fastCheckImpliesPreciseNearBounds() {
        RandomCaps gen = new RandomCaps(7);
        SplittableRandom rnd = gen.random();
        int checked = 0;
        int fastTrue = 0;
        int negative = 0;
        for (int i = 0; i < N; i++) {
            Capability c = gen.boundedAnywhere();
            int e = BoundsCodec.decodeExponent(c.meta());
            long scale = 1L << Math.min(e + rnd.nextInt(16), 62);
            long from = rnd.nextBoolean() ? c.base() : c.topLow();
            long old = from + (rnd.nextLong() % scale);
            long target = from + (rnd.nextLong() % scale);
            if (!Representability.isRepresentablePrecise(c.meta(), c.address(), old)) {
                continue; // the fast check assumes a representable starting point
            }
            checked++;
            if (Representability.isRepresentableFast(c.meta(), old, target - old)) {
                fastTrue++;
                negative += target - old < 0 ? 1 : 0;
                assertTrue(Representability.isRepresentablePrecise(c.meta(), old, target),
                        () -> c + " from " + hex(old) + " to " + hex(target));
            }
        }
        // not vacuous: most samples start representable, many moves pass, in both directions
        assertTrue(checked > N / 2, "checked " + checked);
        assertTrue(fastTrue > N / 10, "fast true " + fastTrue);
        assertTrue(negative > N / 50, "negative increments " + negative);
    }

    /** Every manipulation of a sealed capability clears the tag (§1.8, §3.9). */
    @Test
    void sealedInputsLoseTheTag() {
        RandomCaps gen = new RandomCaps(8);
        SplittableRandom rnd = gen.random();
        CapResult r = new CapResult();
        Capability authority = Capability.ROOT.withAddress(0); // unsealed, all permissions
        for (int i = 0; i < N / 4; i++) {
            Capability s = gen.sealed(gen.boundedAnywhere());
            boolean t = s.tag();
            long m = s.meta();
            long a = s.address();
            long x = rnd.nextLong();
            Supplier<String> what = s::toString;
            CapOps.andPerm(t, m, a, x, r);
            assertFalse(r.tag, () -> "CAndPerm " + what.get());
            CapOps.setFlags(t, m, a, x, r);
            assertFalse(r.tag, () -> "CSetFlags " + what.get());
            CapOps.setAddr(t, m, a, a, r);
            assertFalse(r.tag, () -> "CSetAddr " + what.get());
            CapOps.incOffset(t, m, a, 0, r);
            assertFalse(r.tag, () -> "CIncOffset " + what.get());
            CapOps.setOffset(t, m, a, s.offset(), r);
            assertFalse(r.tag, () -> "CSetOffset " + what.get());
            CapOps.setBounds(t, m, a, 0, r);
            assertFalse(r.tag, () -> "CSetBounds " + what.get());
            CapOps.setBoundsExact(t, m, a, 0, r);
            assertFalse(r.tag, () -> "CSetBoundsExact " + what.get());
            CapOps.sealEntry(t, m, a, r);
            assertFalse(r.tag, () -> "CSealEntry " + what.get());
            CapOps.seal(t, m, a, true, authority.meta(), rnd.nextInt(Otype.MAX_SEALABLE + 1), r);
            assertFalse(r.tag, () -> "CSeal " + what.get());
            CapOps.copyType(t, m, a, true, CapFormat.withOtype(CapFormat.ROOT_META, 5), 0, r);
            assertFalse(r.tag, () -> "CCopyType " + what.get());
            // a sealed capability is no authority either
            CapOps.buildCap(t, m, a, false, m, a, r);
            assertFalse(r.tag, () -> "CBuildCap with sealed authority " + what.get());
            CapOps.seal(true, CapFormat.ROOT_META, 0, t, m, a, r);
            assertFalse(r.tag, () -> "CSeal with sealed authority " + what.get());
            // CCSeal does not manipulate a sealed cs1: it passes it through unchanged
            CapOps.conditionalSeal(t, m, a, true, CapFormat.ROOT_META, 7, r);
            assertEquals(s, r.toCapability(), () -> "CCSeal passes sealed cs1 through " + what.get());
        }
    }
}
