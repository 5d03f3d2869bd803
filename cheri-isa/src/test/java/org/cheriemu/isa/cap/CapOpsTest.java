package org.cheriemu.isa.cap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** §3.9 semantics of the capability-manipulation instructions, written from the reference. */
class CapOpsTest {

    static final Capability ROOT = Capability.ROOT;
    /** Sealing authority: [0x100, 0x200), address 0x150, all permissions. */
    static final Capability SEALER = bounded(0x100, 0x100).withAddress(0x150);
    /** A data capability: [0x80001000, 0x80001100), Load|Store|Global|LoadCap. */
    static final Capability DATA = bounded(0x8000_1000L, 0x100)
            .andPerm(Permission.LOAD.mask() | Permission.STORE.mask() | Permission.GLOBAL.mask()
                    | Permission.LOAD_CAP.mask());

    static Capability bounded(long base, long len) {
        Capability.SetBoundsResult r = ROOT.withAddress(base).setBounds(len);
        assertTrue(r.exact() && r.capability().tag());
        return r.capability();
    }

    /** Root's metadata with the stored exponent 60 instead of 52 (E[5:3] = 7, E[2:0] = 4). */
    static long rootWithStoredE60() {
        long m = ROOT.meta() & ~((7L << 14) | 7L);
        m |= (7L << 14) | 4L;
        assertEquals(60, CapFormat.exponent(m));
        return m;
    }

    static Capability without(Capability c, Permission p) {
        return c.andPerm(~(long) p.mask());
    }

    static Capability withOtype(Capability c, int otype) {
        return new Capability(c.tag(), CapFormat.withOtype(c.meta(), otype), c.address());
    }

    static Capability ccseal(Capability c1, Capability c2) {
        CapResult r = new CapResult();
        CapOps.conditionalSeal(c1.tag(), c1.meta(), c1.address(), c2.tag(), c2.meta(), c2.address(), r);
        return r.toCapability();
    }

    static Capability buildCap(Capability auth, Capability req) {
        CapResult r = new CapResult();
        CapOps.buildCap(auth.tag(), auth.meta(), auth.address(), req.tag(), req.meta(), req.address(), r);
        return r.toCapability();
    }

    static Capability copyType(Capability c1, Capability c2) {
        CapResult r = new CapResult();
        CapOps.copyType(c1.tag(), c1.meta(), c1.address(), c2.tag(), c2.meta(), c2.address(), r);
        return r.toCapability();
    }

    static boolean testSubset(Capability c1, Capability c2) {
        return CapOps.testSubset(c1.tag(), c1.meta(), c1.address(), c2.tag(), c2.meta(), c2.address());
    }

    static boolean setEqualExact(Capability c1, Capability c2) {
        return CapOps.setEqualExact(c1.tag(), c1.meta(), c1.address(), c2.tag(), c2.meta(), c2.address());
    }

    @Nested
    class Seal {
        @Test
        void sealsWithAuthorityAddress() {
            Capability s = DATA.seal(SEALER);
            assertTrue(s.tag());
            assertTrue(s.isSealed());
            assertEquals(0x150, s.otype());
            assertEquals(0x150L, s.type());
            assertEquals(DATA.address(), s.address());
            assertEquals(DATA.meta(), CapFormat.withOtype(s.meta(), Otype.UNSEALED), "only otype changes");
        }

        @Test
        void clearsTagWhenNotPermitted() {
            assertFalse(DATA.seal(SEALER.withTag(false)).tag(), "authority untagged");
            assertFalse(DATA.seal(SEALER.sealEntry()).tag(), "authority sealed");
            assertFalse(DATA.seal(without(SEALER, Permission.SEAL)).tag(), "no Permit_Seal");
            assertFalse(DATA.seal(SEALER.withAddress(0x200)).tag(), "address at top");
            assertFalse(DATA.seal(SEALER.withAddress(0xFF)).tag(), "address below base");
            assertFalse(DATA.seal(ROOT.withAddress(0x3FFFC)).tag(), "reserved otype");
            assertTrue(DATA.seal(ROOT.withAddress(0x3FFFB)).tag(), "largest sealable otype");
            assertFalse(DATA.seal(ROOT.withAddress(1L << 18)).tag(), "above the otype range");
            assertFalse(DATA.seal(SEALER).seal(SEALER).tag(), "already sealed");
            assertFalse(DATA.withTag(false).seal(SEALER).tag(), "untagged stays untagged");
        }
    }

    @Nested
    class Unseal {
        static final Capability SEALED = DATA.seal(SEALER);

        @Test
        void unsealsBackToTheOriginal() {
            assertEquals(DATA, SEALED.unseal(SEALER));
        }

        @Test
        void globalIsTheAndOfBoth() {
            Capability u = SEALED.unseal(without(SEALER, Permission.GLOBAL));
            assertTrue(u.tag());
            assertFalse(u.has(Permission.GLOBAL));
            assertEquals(without(DATA, Permission.GLOBAL), u);
            Capability localSealed = without(DATA, Permission.GLOBAL).seal(SEALER);
            assertFalse(localSealed.unseal(SEALER).has(Permission.GLOBAL));
        }

        @Test
        void clearsTagWhenNotPermitted() {
            assertFalse(SEALED.unseal(SEALER.withAddress(0x151)).tag(), "address != otype");
            assertFalse(DATA.unseal(SEALER).tag(), "cs1 not sealed");
            assertFalse(DATA.sealEntry().unseal(ROOT.withAddress(Otype.SENTRY)).tag(), "reserved otype");
            assertFalse(SEALED.unseal(SEALER.withTag(false)).tag(), "authority untagged");
            assertFalse(SEALED.unseal(SEALER.sealEntry()).tag(), "authority sealed");
            assertFalse(SEALED.unseal(without(SEALER, Permission.UNSEAL)).tag(), "no Permit_Unseal");
            Capability narrow = bounded(0x100, 0x50).withAddress(0x150); // address == top
            assertFalse(SEALED.unseal(narrow).tag(), "address out of authority bounds");
            assertFalse(SEALED.withTag(false).unseal(SEALER).tag());
            Capability u = SEALED.unseal(SEALER.withAddress(0x151));
            assertFalse(u.isSealed(), "result is unsealed even when the tag is cleared");
        }
    }

    @Nested
    class ConditionalSeal {
        @Test
        void passesThroughUnchanged() {
            assertEquals(DATA, ccseal(DATA, SEALER.withTag(false)), "authority untagged");
            Capability sealed = DATA.seal(ROOT.withAddress(7));
            assertEquals(sealed, ccseal(sealed, SEALER), "cs1 already sealed, tag kept");
            assertEquals(DATA, ccseal(DATA, SEALER.withAddress(0x200)), "address out of bounds");
            assertEquals(DATA, ccseal(DATA, ROOT.withAddress(-1L)), "address -1");
        }

        @Test
        void sealsWhenPermitted() {
            assertEquals(DATA.seal(SEALER), ccseal(DATA, SEALER));
            assertTrue(ccseal(DATA, SEALER).tag());
        }

        @Test
        void sealsButClearsTagWhenNotPermitted() {
            Capability r = ccseal(DATA, without(SEALER, Permission.SEAL));
            assertFalse(r.tag());
            assertEquals(0x150, r.otype());
            Capability sealedAuth = withOtype(SEALER, 3);
            r = ccseal(DATA, sealedAuth);
            assertFalse(r.tag());
            assertEquals(0x150, r.otype());
            r = ccseal(DATA, ROOT.withAddress(Otype.SENTRY));
            assertFalse(r.tag(), "reserved otype");
            assertEquals(Otype.SENTRY, r.otype());
        }
    }

    @Nested
    class SealEntry {
        @Test
        void makesSentryWithoutAuthority() {
            Capability s = DATA.sealEntry();
            assertTrue(s.tag());
            assertTrue(s.isSentry());
            assertEquals(-2L, s.type());
            assertFalse(s.sealEntry().tag(), "sealed input");
        }
    }

    @Nested
    class BuildCap {
        /** A capability derived from root, then detagged (e.g. swapped out to disk). */
        static final Capability DERIVED = DATA.withAddress(0x8000_1010L);

        @Test
        void rederivesBitForBit() {
            Capability r = buildCap(ROOT, DERIVED.withTag(false));
            assertEquals(DERIVED, r);
            assertTrue(r.tag());
            assertEquals(DERIVED, buildCap(bounded(0x8000_0000L, 0x10000), DERIVED.withTag(false)));
            assertEquals(DERIVED, buildCap(DERIVED, DERIVED.withTag(false)), "authority equal to request");
        }

        @Test
        void keepsSentryUnsealsOthers() {
            Capability sentry = DERIVED.sealEntry().withTag(false);
            Capability r = buildCap(ROOT, sentry);
            assertTrue(r.tag());
            assertTrue(r.isSentry());
            Capability otherSeal = withOtype(DERIVED, 0x42).withTag(false);
            r = buildCap(ROOT, otherSeal);
            assertTrue(r.tag());
            assertFalse(r.isSealed());
            assertEquals(DERIVED, r);
        }

        @Test
        void refusesWhatTheAuthorityDoesNotCover() {
            Capability req = DERIVED.withTag(false);
            assertEquals(req, buildCap(ROOT.withTag(false), req), "authority untagged");
            assertEquals(req, buildCap(ROOT.sealEntry(), req), "authority sealed");
            assertEquals(req, buildCap(bounded(0x8000_1000L, 0x80), req), "top beyond authority");
            assertEquals(req, buildCap(bounded(0x8000_1040L, 0x1000), req), "base below authority");
            assertEquals(req, buildCap(without(ROOT, Permission.STORE), req), "perms not a subset");
            Capability noUser = ROOT.andPerm(Permission.ALL_HARDWARE);
            Capability reqUser = DERIVED.andPerm(-1L).withTag(false);
            assertEquals(Capability.ROOT.uperms(), 0xF);
            Capability withUserPerm = new Capability(false, CapFormat.withUperms(req.meta(), 1), req.address());
            assertFalse(buildCap(noUser, withUserPerm).tag(), "uperms not a subset");
            assertTrue(buildCap(noUser, reqUser.andPerm(Permission.ALL_HARDWARE)).tag());
            Capability sealedReq = withOtype(req, 5);
            assertEquals(sealedReq, buildCap(ROOT.withTag(false), sealedReq), "failure returns cs2 as is, untagged");
        }

        @Test
        void refusesNonDerivableEncodings() {
            // stored E = 60 decodes like E = 52 (clamped) and passes §1.5, but set-bounds never makes it
            Capability nonCanonical = new Capability(false, rootWithStoredE60(), 0);
            assertTrue(nonCanonical.isDerivable());
            assertEquals(ROOT.base(), nonCanonical.base());
            assertEquals(ROOT.top(), nonCanonical.top());
            assertFalse(buildCap(ROOT, nonCanonical).tag(), "not rebuilt bit for bit");
            // §1.5: E = 52 with B[13:12] != 0
            long malformed = CapFormat.withEbt(ROOT.meta(), 0x4018004L | (1L << 12));
            assertFalse(BoundsCodec.isDerivable(malformed));
            assertFalse(buildCap(ROOT, new Capability(false, malformed, 0)).tag());
            // reserved bits cannot be rebuilt from a clean authority
            Capability reserved = new Capability(false, DERIVED.meta() | (1L << 46), DERIVED.address());
            assertFalse(buildCap(ROOT, reserved).tag());
        }

        @Test
        void refusesBaseAboveTop() {
            // such values only come from arbitrary bits (e.g. CSetHigh); find some with a seeded search
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(11);
            int found = 0;
            for (int i = 0; i < 1_000_000 && found < 20; i++) {
                long meta = CapFormat.withOtype(ROOT.meta() & ~(3L << 46), Otype.UNSEALED);
                meta = CapFormat.withEbt(meta, rnd.nextLong());
                Capability c = new Capability(false, meta, rnd.nextLong());
                if (c.top().compareTo(c.baseBig()) < 0) {
                    found++;
                    assertFalse(buildCap(ROOT, c).tag(), c.toString());
                }
            }
            assertTrue(found > 0, "no base > top encoding found");
        }
    }

    @Nested
    class CopyType {
        @Test
        void copiesOtypeIntoAddress() {
            Capability auth = bounded(0, 0x1000);
            Capability sealed = DATA.seal(SEALER);
            Capability r = copyType(auth, sealed);
            assertTrue(r.tag());
            assertEquals(0x150L, r.address());
            assertEquals(auth.meta(), r.meta());
        }

        @Test
        void reservedOtypesGiveSignExtendedUntaggedAddress() {
            Capability auth = bounded(0, 0x1000);
            Capability r = copyType(auth, DATA);
            assertFalse(r.tag());
            assertEquals(-1L, r.address());
            r = copyType(auth, DATA.sealEntry());
            assertFalse(r.tag());
            assertEquals(-2L, r.address());
        }

        @Test
        void clearsTagWhenSealedOrUnrepresentable() {
            Capability sealed = DATA.seal(SEALER);
            assertFalse(copyType(bounded(0, 0x1000).sealEntry(), sealed).tag(), "cs1 sealed");
            assertFalse(copyType(bounded(0x8000_0000L, 0x10), sealed).tag(), "outside representable window");
            // precise check only (§3.9): outside bounds but inside the window keeps the tag
            Capability small = bounded(0x100, 0x40);
            Capability r = copyType(small, sealed);
            assertTrue(r.tag());
            assertFalse(r.inBounds(r.address(), 1));
        }
    }

    @Nested
    class TestSubset {
        @Test
        void subsetOfBoundsAndPermissions() {
            assertTrue(testSubset(ROOT, DATA));
            assertTrue(testSubset(DATA, DATA));
            assertFalse(testSubset(DATA, ROOT));
            assertTrue(testSubset(ROOT, DATA.seal(SEALER)), "otype ignored");
            assertFalse(testSubset(ROOT, DATA.withTag(false)), "tags differ");
            assertTrue(testSubset(ROOT.withTag(false), DATA.withTag(false)), "both untagged");
            assertFalse(testSubset(DATA, bounded(0x8000_0FF0L, 0x20).andPerm(0)), "base below");
            assertFalse(testSubset(DATA, bounded(0x8000_10F0L, 0x20).andPerm(0)), "top above");
            assertFalse(testSubset(without(ROOT, Permission.EXECUTE), bounded(0, 0x10)), "perms");
            Capability noUser = ROOT.andPerm(Permission.ALL_HARDWARE);
            assertFalse(testSubset(noUser, bounded(0, 0x10)), "user perms count");
        }
    }

    @Nested
    class SetEqualExact {
        @Test
        void comparesTagAndAll128Bits() {
            assertTrue(setEqualExact(DATA, DATA.withAddress(DATA.address())));
            assertFalse(setEqualExact(DATA, DATA.withTag(false)));
            assertFalse(setEqualExact(DATA, DATA.withAddress(DATA.address() + 1)));
            Capability reserved = new Capability(true, DATA.meta() | (1L << 46), DATA.address());
            assertEquals(DATA.base(), reserved.base());
            assertFalse(setEqualExact(DATA, reserved), "reserved bits count");
            // same bounds, different encodings
            Capability a = ROOT;
            Capability b = new Capability(true, rootWithStoredE60(), 0);
            assertEquals(a.base(), b.base());
            assertEquals(a.top(), b.top());
            assertFalse(setEqualExact(a, b));
        }
    }

    @Nested
    class SingleSource {
        final CapResult r = new CapResult();

        @Test
        void andPermMasksHardwareAndUserPermissions() {
            CapOps.andPerm(true, ROOT.meta(), 0, 0x8_0000L | 0x8000L | 0x4L | 0x7000L, r);
            assertTrue(r.tag);
            assertEquals(0x8004L, CapOps.getPerm(r.meta), "user perm 0 and LOAD; bits 12-14 and 19 ignored");
        }

        @Test
        void setFlagsTakesBitZero() {
            CapOps.setFlags(true, ROOT.meta(), 0, 3, r);
            assertEquals(1L, CapOps.getFlags(r.meta));
            assertTrue(r.tag);
            CapOps.setFlags(true, r.meta, 0, 2, r);
            assertEquals(0L, CapOps.getFlags(r.meta));
        }

        @Test
        void setOffsetIsRelativeToBase() {
            CapOps.setOffset(true, DATA.meta(), DATA.address(), 0x20, r);
            assertTrue(r.tag);
            assertEquals(0x8000_1020L, r.address);
            CapOps.setOffset(true, DATA.meta(), DATA.address(), 1L << 40, r);
            assertFalse(r.tag, "far outside the representable window");
        }

        @Test
        void setBoundsChecksSourceBoundsAndExactness() {
            boolean exact = CapOps.setBounds(true, DATA.meta(), 0x8000_1010L, 0x10, r);
            assertTrue(exact);
            assertTrue(r.tag);
            assertEquals(0x8000_1010L, r.address);
            CapOps.setBounds(true, DATA.meta(), 0x8000_1010L, 0x100, r);
            assertFalse(r.tag, "top beyond source top");
            CapOps.setBounds(true, DATA.meta(), 0x8000_0FF0L, 0x10, r);
            assertFalse(r.tag, "base below source base");
            CapOps.setBounds(true, DATA.meta(), 0x8000_10F0L, 0x10, r);
            assertTrue(r.tag, "region ending exactly at the source top");
            // inexact: 0x80001234 + 0x1000 (§1.6 table) from root
            exact = CapOps.setBounds(true, ROOT.meta(), 0x8000_1234L, 0x1000, r);
            assertFalse(exact);
            assertTrue(r.tag, "CSetBounds ignores inexactness");
            exact = CapOps.setBoundsExact(true, ROOT.meta(), 0x8000_1234L, 0x1000, r);
            assertFalse(exact);
            assertFalse(r.tag, "CSetBoundsExact clears the tag when inexact");
            assertEquals(0x8000_1230L, BoundsCodec.base(r.meta, r.address), "bounds still rounded");
        }

        @Test
        void getTypeSignExtendsReservedOtypes() {
            assertEquals(-1L, CapOps.getType(ROOT.meta()));
            assertEquals(-2L, CapOps.getType(CapFormat.withOtype(0, Otype.SENTRY)));
            assertEquals(-3L, CapOps.getType(CapFormat.withOtype(0, Otype.RESERVED_INDIRECT_PAIR)));
            assertEquals(-4L, CapOps.getType(CapFormat.withOtype(0, Otype.RESERVED_INDIRECT_SENTRY)));
            assertEquals(0x3FFFBL, CapOps.getType(CapFormat.withOtype(0, Otype.MAX_SEALABLE)));
            assertEquals(0L, CapOps.getType(CapFormat.withOtype(0, 0)));
        }

        @Test
        void getLenAndGetTopSaturate() {
            assertEquals(-1L, CapOps.getLen(ROOT.meta(), 0));
            assertEquals(-1L, CapOps.getTop(ROOT.meta(), 0));
            Capability top = bounded(0xFFFF_FFFF_FF00_0000L, 0x100_0000L); // top = 2^64
            assertTrue(top.topHigh());
            assertEquals(0x100_0000L, CapOps.getLen(top.meta(), top.address()));
            assertEquals(-1L, CapOps.getTop(top.meta(), top.address()));
            assertEquals(0x100L, CapOps.getLen(DATA.meta(), DATA.address()));
            assertEquals(0x8000_1100L, CapOps.getTop(DATA.meta(), DATA.address()));
            assertEquals(0x8000_1000L, CapOps.getBase(DATA.meta(), DATA.address() + 5));
            assertEquals(5L, CapOps.getOffset(DATA.meta(), DATA.address() + 5));
        }

        @Test
        void getHighAndSetHighUseMemoryForm() {
            assertEquals(0xFFFF_0000_0000_0000L, CapOps.getHigh(ROOT.meta()));
            assertEquals(0L, CapOps.getHigh(CapFormat.NULL_META));
            CapOps.setHigh(ROOT.meta(), 0x1234, CapOps.getHigh(DATA.meta()), r);
            assertFalse(r.tag, "CSetHigh always clears the tag");
            assertEquals(DATA.meta(), r.meta);
            assertEquals(0x1234L, r.address);
        }

        @Test
        void integersAreNullDerived() {
            CapOps.fromInteger(42, r);
            assertEquals(new Capability(false, CapFormat.NULL_META, 42), r.toCapability());
            assertEquals(Capability.ofInteger(42), r.toCapability());
            assertNotEquals(Capability.NULL, r.toCapability());
        }
    }
}
