package org.cheriemu.isa.cap;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An immutable capability value for the CLI, reports and tests: tag, register-form metadata
 * (reference §1.2, §9.1) and address. Derived values are decoded on demand. The interpreter's
 * hot paths use {@link CapOps}, {@link BoundsCodec} and {@link CapResult} on primitives instead.
 */
public record Capability(boolean tag, long meta, long address) {

    /** NULL: untagged, register-form meta 0x00001FFFFC018004, address 0 (§1.9). */
    public static final Capability NULL = new Capability(false, CapFormat.NULL_META, 0);
    /** Root: tagged, all permissions, bounds [0, 2^64), address 0 (§1.9). */
    public static final Capability ROOT = new Capability(true, CapFormat.ROOT_META, 0);

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    /** Result of {@link #setBounds}: the new capability, and whether no rounding was needed. */
    public record SetBoundsResult(Capability capability, boolean exact) {}

    public static Capability nullCap() {
        return NULL;
    }

    public static Capability root() {
        return ROOT;
    }

    /** Root with a given address (e.g. reset PCC). */
    public static Capability root(long address) {
        return new Capability(true, CapFormat.ROOT_META, address);
    }

    /** An integer value in a register: NULL with that address (§1.9). */
    public static Capability ofInteger(long value) {
        return new Capability(false, CapFormat.NULL_META, value);
    }

    /** From the two 64-bit halves; {@code memoryForm} says whether pesbt must be un-XORed (§1.9). */
    public static Capability decode(long pesbt, long cursor, boolean tag, boolean memoryForm) {
        return new Capability(tag, memoryForm ? CapFormat.fromMemory(pesbt) : pesbt, cursor);
    }

    /** From memory: the metadata word as stored (memory form), the address and the granule tag. */
    public static Capability fromMemory(long memMeta, long address, boolean tag) {
        return decode(memMeta, address, tag, true);
    }

    /** CRRL (§1.7). */
    public static long crrl(long length) {
        return SetBounds.crrl(length);
    }

    /** CRAM (§1.7). */
    public static long cram(long length) {
        return SetBounds.cram(length);
    }

    // ---- fields ----

    /** Metadata in memory form: what is stored at bytes 8–15 and what CGetHigh returns. */
    public long memoryMeta() {
        return CapFormat.toMemory(meta);
    }

    public int perms() {
        return CapFormat.perms(meta);
    }

    public int uperms() {
        return CapFormat.uperms(meta);
    }

    /** CGetPerm value: uperms at bits 18:15, hardware perms at 11:0. */
    public long architecturalPerms() {
        return CapFormat.architecturalPerms(meta);
    }

    public Set<Permission> permissions() {
        return Permission.fromBits(perms());
    }

    public boolean has(Permission p) {
        return p.isSetIn(meta);
    }

    /** Spec names of the hardware permissions, then "User0".."User3" for user permissions. */
    public List<String> permissionNames() {
        List<String> names = new ArrayList<>();
        for (Permission p : permissions()) {
            names.add(p.specName());
        }
        for (int i = 0; i < Permission.UPERMS_COUNT; i++) {
            if ((uperms() & (1 << i)) != 0) {
                names.add("User" + i);
            }
        }
        return List.copyOf(names);
    }

    /** Raw 18-bit otype. */
    public int otype() {
        return CapFormat.otype(meta);
    }

    /** CGetType (sign-extended for reserved otypes). */
    public long type() {
        return Otype.toArchitectural(otype());
    }

    public int flags() {
        return CapFormat.flags(meta);
    }

    public boolean isSealed() {
        return CapFormat.isSealed(meta);
    }

    public boolean isSentry() {
        return CapFormat.isSentry(meta);
    }

    public boolean ie() {
        return CapFormat.ie(meta);
    }

    /** Stored exponent E (not clamped). */
    public int exponent() {
        return CapFormat.exponent(meta);
    }

    /** 14-bit B (§1.3). */
    public int bottom() {
        return CapFormat.bottom(meta);
    }

    /** 14-bit T with its implied top bits (§1.3). */
    public int top14() {
        return CapFormat.top14(meta);
    }

    public int reservedBits() {
        return CapFormat.reserved(meta);
    }

    /** §1.5 well-formedness: could set-bounds have produced these bounds bits? */
    public boolean isDerivable() {
        return BoundsCodec.isDerivable(meta);
    }

    // ---- bounds ----

    public long base() {
        return BoundsCodec.base(meta, address);
    }

    public long topLow() {
        return BoundsCodec.topLow(meta, address);
    }

    /** Bit 64 of top. */
    public boolean topHigh() {
        return BoundsCodec.topHigh(meta, address);
    }

    /** The 65-bit top. */
    public BigInteger top() {
        BigInteger low = new BigInteger(Long.toUnsignedString(topLow()));
        return topHigh() ? low.add(TWO_64) : low;
    }

    public BigInteger baseBig() {
        return new BigInteger(Long.toUnsignedString(base()));
    }

    /** (top − base) mod 2^65. */
    public BigInteger length() {
        return top().subtract(baseBig()).mod(TWO_64.shiftLeft(1));
    }

    /** CGetLen: length saturated at 2^64 − 1. */
    public long saturatedLength() {
        return BoundsCodec.saturatedLength(meta, address);
    }

    /** CGetTop: top saturated at 2^64 − 1. */
    public long saturatedTop() {
        return BoundsCodec.saturatedTop(meta, address);
    }

    /** (address − base) mod 2^64. */
    public long offset() {
        return address - base();
    }

    public boolean inBounds(long addr, long size) {
        return BoundsCodec.inBounds(meta, address, addr, size);
    }

    // ---- derivations (ISAv9 §3.9 semantics through CapOps) ----

    public Capability withTag(boolean newTag) {
        return new Capability(newTag, meta, address);
    }

    /** Raw address change: no representability check, tag kept. */
    public Capability withAddress(long newAddress) {
        return new Capability(tag, meta, newAddress);
    }

    /** CSetBounds on this capability's address. */
    public SetBoundsResult setBounds(long length) {
        CapResult r = new CapResult();
        boolean exact = CapOps.setBounds(tag, meta, address, length, r);
        return new SetBoundsResult(r.toCapability(), exact);
    }

    /** CSetBoundsExact on this capability's address. */
    public SetBoundsResult setBoundsExact(long length) {
        CapResult r = new CapResult();
        boolean exact = CapOps.setBoundsExact(tag, meta, address, length, r);
        return new SetBoundsResult(r.toCapability(), exact);
    }

    /** CSetAddr (precise check). */
    public Capability setAddress(long newAddress) {
        CapResult r = new CapResult();
        CapOps.setAddr(tag, meta, address, newAddress, r);
        return r.toCapability();
    }

    /** CIncOffset (fast check). */
    public Capability incrementOffset(long increment) {
        CapResult r = new CapResult();
        CapOps.incOffset(tag, meta, address, increment, r);
        return r.toCapability();
    }

    /** CSetOffset (fast check). */
    public Capability setOffset(long newOffset) {
        CapResult r = new CapResult();
        CapOps.setOffset(tag, meta, address, newOffset, r);
        return r.toCapability();
    }

    /** CAndPerm with a CGetPerm-layout mask. */
    public Capability andPerm(long mask) {
        CapResult r = new CapResult();
        CapOps.andPerm(tag, meta, address, mask, r);
        return r.toCapability();
    }

    /** CSeal with authority {@code sealer}. */
    public Capability seal(Capability sealer) {
        CapResult r = new CapResult();
        CapOps.seal(tag, meta, address, sealer.tag, sealer.meta, sealer.address, r);
        return r.toCapability();
    }

    /** CUnseal with authority {@code unsealer}. */
    public Capability unseal(Capability unsealer) {
        CapResult r = new CapResult();
        CapOps.unseal(tag, meta, address, unsealer.tag, unsealer.meta, unsealer.address, r);
        return r.toCapability();
    }

    /** CSealEntry. */
    public Capability sealEntry() {
        CapResult r = new CapResult();
        CapOps.sealEntry(tag, meta, address, r);
        return r.toCapability();
    }

    @Override
    public String toString() {
        return String.format(
                "v:%d s:%d p:%08x f:%d b:0x%016x a:0x%016x t:0x%s otype:%s meta:0x%016x",
                tag ? 1 : 0, isSealed() ? 1 : 0, architecturalPerms(), flags(), base(), address,
                top().toString(16), Otype.describe(otype()), meta);
    }
}
