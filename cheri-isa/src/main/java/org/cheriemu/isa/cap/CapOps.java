package org.cheriemu.isa.cap;

import static org.cheriemu.isa.cap.CapFormat.isSealed;

/**
 * ISAv9 capability-manipulation semantics (reference §3.9) on primitives, for the interpreter.
 *
 * <p>A capability operand is three arguments {@code (tag, meta, addr)} with {@code meta} in
 * register form. Operations that yield a capability write it to a caller-owned
 * {@link CapResult} and allocate nothing. ISAv9 manipulations never trap: bad inputs clear the
 * result's tag. "Clear if sealed" ({@code tag &= !sealed(cs1)}) is applied as §3.9 lists it.
 */
public final class CapOps {
    private CapOps() {}

    // ---- getters ----

    /** CGetPerm: uperms &lt;&lt; 15 | hardware perms. */
    public static long getPerm(long meta) {
        return CapFormat.architecturalPerms(meta);
    }

    /** CGetType: reserved otypes sign-extended, others zero-extended (§2.2). */
    public static long getType(long meta) {
        return Otype.toArchitectural(CapFormat.otype(meta));
    }

    public static long getBase(long meta, long addr) {
        return BoundsCodec.base(meta, addr);
    }

    /** CGetLen: saturates at 2^64 − 1. */
    public static long getLen(long meta, long addr) {
        return BoundsCodec.saturatedLength(meta, addr);
    }

    /** CGetTop: saturates at 2^64 − 1. */
    public static long getTop(long meta, long addr) {
        return BoundsCodec.saturatedTop(meta, addr);
    }

    /** CGetOffset: (address − base) mod 2^64. */
    public static long getOffset(long meta, long addr) {
        return addr - BoundsCodec.base(meta, addr);
    }

    public static long getSealed(long meta) {
        return isSealed(meta) ? 1 : 0;
    }

    public static long getFlags(long meta) {
        return CapFormat.flags(meta);
    }

    /** CGetHigh: the memory-form metadata word (§1.10). */
    public static long getHigh(long meta) {
        return CapFormat.toMemory(meta);
    }

    // ---- integer values and plain copies ----

    /** An integer written to a register: NULL with address = value (§1.9). */
    public static void fromInteger(long value, CapResult out) {
        out.set(false, CapFormat.NULL_META, value);
    }

    /** CSetHigh: metadata from the memory-form word {@code memMeta}, address kept, tag 0. */
    public static void setHigh(long meta, long addr, long memMeta, CapResult out) {
        out.set(false, CapFormat.fromMemory(memMeta), addr);
    }

    // ---- single-source manipulations ----

    /** CAndPerm: perms &amp;= mask[11:0], uperms &amp;= mask[18:15]. */
    public static void andPerm(boolean tag, long meta, long addr, long mask, CapResult out) {
        long m = CapFormat.withPerms(meta, CapFormat.perms(meta) & (int) (mask & Permission.ALL_HARDWARE));
        m = CapFormat.withUperms(m, CapFormat.uperms(m) & (int) ((mask >>> Permission.UPERMS_SHIFT) & 0xF));
        out.set(tag && !isSealed(meta), m, addr);
    }

    /** CSetFlags: flags := rs2[0]. */
    public static void setFlags(boolean tag, long meta, long addr, long rs2, CapResult out) {
        out.set(tag && !isSealed(meta), CapFormat.withFlags(meta, (int) (rs2 & 1)), addr);
    }

    /** CSealEntry: otype := sentry; no permission needed. */
    public static void sealEntry(boolean tag, long meta, long addr, CapResult out) {
        out.set(tag && !isSealed(meta), CapFormat.withOtype(meta, Otype.SENTRY), addr);
    }

    /** CSetAddr: address := newAddr; precise representability check (§1.8). */
    public static void setAddr(boolean tag, long meta, long addr, long newAddr, CapResult out) {
        boolean keep = tag && !isSealed(meta) && Representability.isRepresentablePrecise(meta, addr, newAddr);
        out.set(keep, meta, newAddr);
    }

    /** CIncOffset / CIncOffsetImm: address += increment; fast check (§1.8). */
    public static void incOffset(boolean tag, long meta, long addr, long increment, CapResult out) {
        boolean keep = tag && !isSealed(meta) && Representability.isRepresentableFast(meta, addr, increment);
        out.set(keep, meta, addr + increment);
    }

    /** CSetOffset: address := base + offset; fast check with increment newAddr − addr (§1.8). */
    public static void setOffset(boolean tag, long meta, long addr, long offset, CapResult out) {
        long newAddr = BoundsCodec.base(meta, addr) + offset;
        boolean keep = tag && !isSealed(meta)
                && Representability.isRepresentableFast(meta, addr, newAddr - addr);
        out.set(keep, meta, newAddr);
    }

    /**
     * CSetBounds / CSetBoundsImm: bounds [addr, addr + length) rounded outwards (§1.6). The tag
     * is cleared if the source is sealed or the requested region is not inside its bounds.
     *
     * @return whether the bounds were exact
     */
    public static boolean setBounds(boolean tag, long meta, long addr, long length, CapResult out) {
        long encoded = SetBounds.encode(addr, length);
        boolean keep = tag && !isSealed(meta) && BoundsCodec.inBounds(meta, addr, addr, length);
        out.set(keep, SetBounds.applyTo(meta, encoded), addr);
        return SetBounds.isExact(encoded);
    }

    /**
     * CSetBoundsExact: as {@link #setBounds}, and the tag is also cleared when rounding was
     * needed.
     *
     * @return whether the bounds were exact
     */
    public static boolean setBoundsExact(boolean tag, long meta, long addr, long length, CapResult out) {
        boolean exact = setBounds(tag, meta, addr, length, out);
        out.tag &= exact;
        return exact;
    }

    // ---- two-source operations: cs1 = (tag1, meta1, addr1), cs2 = (tag2, meta2, addr2) ----

    /** CSeal: seal cs1 with otype cs2.address, authorised by cs2. */
    public static void seal(boolean tag1, long meta1, long addr1,
                            boolean tag2, long meta2, long addr2, CapResult out) {
        boolean permitted = tag2 && !isSealed(meta2) && Permission.SEAL.isSetIn(meta2)
                && BoundsCodec.inBounds(meta2, addr2, addr2, 1)
                && Long.compareUnsigned(addr2, Otype.MAX_SEALABLE) <= 0;
        long m = CapFormat.withOtype(meta1, (int) (addr2 & CapFormat.OTYPE_MASK));
        out.set(tag1 && !isSealed(meta1) && permitted, m, addr1);
    }

    /** CUnseal: unseal cs1 with authority cs2; Global := cs1.G ∧ cs2.G. */
    public static void unseal(boolean tag1, long meta1, long addr1,
                              boolean tag2, long meta2, long addr2, CapResult out) {
        int otype1 = CapFormat.otype(meta1);
        boolean permitted = tag2 && isSealed(meta1) && !isSealed(meta2) && !Otype.isReserved(otype1)
                && addr2 == otype1 && Permission.UNSEAL.isSetIn(meta2)
                && BoundsCodec.inBounds(meta2, addr2, addr2, 1);
        long m = CapFormat.withOtype(meta1, Otype.UNSEALED);
        if (!Permission.GLOBAL.isSetIn(meta2)) {
            m &= ~Permission.GLOBAL.metaMask();
        }
        out.set(tag1 && permitted, m, addr1);
    }

    /**
     * CCSeal: cs1 passes through unchanged (tag included) if cs2 is untagged, cs1 is already
     * sealed, cs2.address is outside cs2's bounds or is −1; otherwise cs1 is sealed with
     * cs2.address, and keeps its tag only if cs2 is unsealed, has Permit_Seal and the address is
     * a sealable otype.
     */
    public static void conditionalSeal(boolean tag1, long meta1, long addr1,
                                       boolean tag2, long meta2, long addr2, CapResult out) {
        if (!tag2 || isSealed(meta1) || !BoundsCodec.inBounds(meta2, addr2, addr2, 1) || addr2 == -1L) {
            out.set(tag1, meta1, addr1);
            return;
        }
        boolean permitted = !isSealed(meta2) && Permission.SEAL.isSetIn(meta2)
                && Long.compareUnsigned(addr2, Otype.MAX_SEALABLE) <= 0;
        long m = CapFormat.withOtype(meta1, (int) (addr2 & CapFormat.OTYPE_MASK));
        out.set(tag1 && permitted, m, addr1);
    }

    /** CCopyType: address := CGetType(cs2); cleared if cs1 sealed, otype reserved or the move is not representable (precise). */
    public static void copyType(boolean tag1, long meta1, long addr1,
                                boolean tag2, long meta2, long addr2, CapResult out) {
        int otype2 = CapFormat.otype(meta2);
        long newAddr = Otype.toArchitectural(otype2);
        boolean keep = tag1 && !isSealed(meta1) && !Otype.isReserved(otype2)
                && Representability.isRepresentablePrecise(meta1, addr1, newAddr);
        out.set(keep, meta1, newAddr);
    }

    /**
     * CBuildCap with authority cs1 (the caller passes DDC for c0) and requested value cs2. The
     * request, unsealed unless it is a sentry, gets a tag iff the authority is tagged and
     * unsealed, the request's bounds lie within the authority's (and base ≤ top), its
     * permissions are a subset, and rebuilding it from the authority gives it back bit for bit
     * (which implies {@link BoundsCodec#isDerivable}). Otherwise the result is cs2 with tag 0.
     */
    public static void buildCap(boolean authTag, long authMeta, long authAddr,
                                boolean reqTag, long reqMeta, long reqAddr, CapResult out) {
        long wanted = CapFormat.withOtype(reqMeta,
                CapFormat.isSentry(reqMeta) ? Otype.SENTRY : Otype.UNSEALED);
        if (authTag && !isSealed(authMeta) && isDerivableFrom(authMeta, authAddr, wanted, reqAddr)) {
            out.set(true, wanted, reqAddr);
        } else {
            out.set(false, reqMeta, reqAddr);
        }
    }

    private static boolean isDerivableFrom(long authMeta, long authAddr, long reqMeta, long reqAddr) {
        if (!BoundsCodec.isDerivable(reqMeta)) {
            return false;
        }
        long authBase = BoundsCodec.base(authMeta, authAddr);
        long authTopLow = BoundsCodec.topLow(authMeta, authAddr);
        boolean authTopHigh = BoundsCodec.topHigh(authMeta, authAddr);
        long reqBase = BoundsCodec.base(reqMeta, reqAddr);
        long reqTopLow = BoundsCodec.topLow(reqMeta, reqAddr);
        boolean reqTopHigh = BoundsCodec.topHigh(reqMeta, reqAddr);
        if (Long.compareUnsigned(reqBase, authBase) < 0
                || BoundsCodec.compare65(reqTopHigh, reqTopLow, authTopHigh, authTopLow) > 0
                || BoundsCodec.compare65(false, reqBase, reqTopHigh, reqTopLow) > 0) {
            return false;
        }
        long reqPerms = CapFormat.architecturalPerms(reqMeta);
        if ((reqPerms & ~CapFormat.architecturalPerms(authMeta)) != 0) {
            return false;
        }
        // Rebuild: authority re-bounded to the requested bounds, then perms, flags and otype.
        long rebuilt = SetBounds.applyTo(authMeta, SetBounds.encode(reqBase, reqTopLow, reqTopHigh));
        rebuilt = CapFormat.withPerms(rebuilt, CapFormat.perms(reqMeta));
        rebuilt = CapFormat.withUperms(rebuilt, CapFormat.uperms(reqMeta));
        rebuilt = CapFormat.withFlags(rebuilt, CapFormat.flags(reqMeta));
        rebuilt = CapFormat.withOtype(rebuilt, CapFormat.otype(reqMeta));
        return rebuilt == reqMeta;
    }

    // ---- predicates ----

    /**
     * CTestSubset with cs1 as the reference (the caller passes DDC for c0): tags equal, cs2's
     * bounds within cs1's, and cs2's permissions (hardware and user) a subset of cs1's. The otype
     * is ignored.
     */
    public static boolean testSubset(boolean tag1, long meta1, long addr1,
                                     boolean tag2, long meta2, long addr2) {
        if (tag1 != tag2) {
            return false;
        }
        long base1 = BoundsCodec.base(meta1, addr1);
        long base2 = BoundsCodec.base(meta2, addr2);
        if (Long.compareUnsigned(base2, base1) < 0) {
            return false;
        }
        if (BoundsCodec.compare65(BoundsCodec.topHigh(meta2, addr2), BoundsCodec.topLow(meta2, addr2),
                BoundsCodec.topHigh(meta1, addr1), BoundsCodec.topLow(meta1, addr1)) > 0) {
            return false;
        }
        long perms1 = CapFormat.architecturalPerms(meta1);
        long perms2 = CapFormat.architecturalPerms(meta2);
        return (perms2 & ~perms1) == 0;
    }

    /** CSetEqualExact: tags and all 128 bits equal. */
    public static boolean setEqualExact(boolean tag1, long meta1, long addr1,
                                        boolean tag2, long meta2, long addr2) {
        return tag1 == tag2 && meta1 == meta2 && addr1 == addr2;
    }
}
