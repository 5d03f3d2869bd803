package org.cheriemu.isa.cap;

/** ISAv9 object types: the 18-bit otype field and its reserved values (reference §2.2). */
public final class Otype {
    private Otype() {}

    /** Field width (§1.1). */
    public static final int WIDTH = 18;
    /** Unsealed; CGetType reports −1. */
    public static final int UNSEALED = 0x3FFFF;
    /** Sealed entry ("sentry"), made by CSealEntry and as the link of CJAL/CJALR; CGetType −2. */
    public static final int SENTRY = 0x3FFFE;
    /** Reserved, CCC name OTYPE_INDIRECT_PAIR, no ISAv9 RISC-V meaning; CGetType −3. */
    public static final int RESERVED_INDIRECT_PAIR = 0x3FFFD;
    /** Reserved, CCC name OTYPE_INDIRECT_SENTRY, no ISAv9 RISC-V meaning; CGetType −4. */
    public static final int RESERVED_INDIRECT_SENTRY = 0x3FFFC;
    /** Largest otype CSeal can give (SCR cap_max_otype = 2^18 − 1 − 4). */
    public static final int MAX_SEALABLE = 0x3FFFB;

    /** Reserved ≡ otype > 0x3FFFB; includes UNSEALED (§2.2). */
    public static boolean isReserved(int otype) {
        return otype > MAX_SEALABLE;
    }

    /** CGetType: reserved otypes sign-extended (−1…−4), others zero-extended (§2.2, §3.9). */
    public static long toArchitectural(int otype) {
        return isReserved(otype) ? otype - (1L << WIDTH) : otype;
    }

    /** Human-readable name for reports. */
    public static String describe(int otype) {
        return switch (otype) {
            case UNSEALED -> "unsealed";
            case SENTRY -> "sentry";
            case RESERVED_INDIRECT_PAIR -> "reserved(-3)";
            case RESERVED_INDIRECT_SENTRY -> "reserved(-4)";
            default -> "0x" + Integer.toHexString(otype);
        };
    }
}
