package org.cheriemu.isa.cap;

import java.util.EnumSet;
import java.util.Set;

/**
 * ISAv9 hardware permissions with their CGetPerm/CAndPerm bit numbers (reference §2.1). Bits
 * 12–14 are reserved; user (software) permissions 0–3 sit at CGetPerm bits 15–18 and in
 * meta[63:60].
 */
public enum Permission {
    GLOBAL(0, "Global"),
    EXECUTE(1, "Permit_Execute"),
    LOAD(2, "Permit_Load"),
    STORE(3, "Permit_Store"),
    LOAD_CAP(4, "Permit_Load_Capability"),
    STORE_CAP(5, "Permit_Store_Capability"),
    STORE_LOCAL_CAP(6, "Permit_Store_Local_Capability"),
    SEAL(7, "Permit_Seal"),
    CINVOKE(8, "Permit_CInvoke"),
    UNSEAL(9, "Permit_Unseal"),
    ACCESS_SYSTEM_REGISTERS(10, "Access_System_Registers"),
    SET_CID(11, "Permit_Set_CID");

    /** CGetPerm bit of the first user permission. */
    public static final int UPERMS_SHIFT = 15;
    /** Number of user permissions. */
    public static final int UPERMS_COUNT = 4;
    /** All 12 hardware permission bits, in CGetPerm layout. */
    public static final int ALL_HARDWARE = 0xFFF;

    private static final Permission[] VALUES = values();

    private final int bit;
    private final String specName;
    private final long metaMask;

    Permission(int bit, String specName) {
        this.bit = bit;
        this.specName = specName;
        this.metaMask = 1L << (CapFormat.PERMS_SHIFT + bit);
    }

    /** Bit number in CGetPerm / CAndPerm (§2.1). */
    public int bit() {
        return bit;
    }

    /** {@code 1 << bit()}: the mask in CGetPerm layout and in {@link CapFormat#perms(long)}. */
    public int mask() {
        return 1 << bit;
    }

    /** The bit in the register-form metadata word: test with {@code (meta & p.metaMask()) != 0}. */
    public long metaMask() {
        return metaMask;
    }

    /** Name as the specification spells it. */
    public String specName() {
        return specName;
    }

    public boolean isSetIn(long meta) {
        return (meta & metaMask) != 0;
    }

    public static Permission ofBit(int bit) {
        return VALUES[bit];
    }

    /** The permissions set in a 12-bit hardware permission field. */
    public static Set<Permission> fromBits(int perms) {
        EnumSet<Permission> set = EnumSet.noneOf(Permission.class);
        for (Permission p : VALUES) {
            if ((perms & p.mask()) != 0) {
                set.add(p);
            }
        }
        return set;
    }
}
