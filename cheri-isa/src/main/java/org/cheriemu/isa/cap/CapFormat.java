package org.cheriemu.isa.cap;

/**
 * Field layout of the 64-bit metadata word of an ISAv9 128-bit capability (reference §1.1, §1.2),
 * and the conversion between register form and memory form (§1.9).
 *
 * <p>All methods take and return metadata in REGISTER form unless the name says memory. They are
 * static, allocation-free and safe for the interpreter's hot path.
 */
public final class CapFormat {
    private CapFormat() {}

    // §1.1 constants, named as in the spec.
    /** Mantissa width: B and the decoded T are 14 bits. */
    public static final int MW = 14;
    /** Exponent width. */
    public static final int EW = 6;
    /** Largest meaningful exponent; larger stored values are clamped when decoding (§1.4). */
    public static final int CAP_MAX_E = 52;
    /** Address width in bits; tops and lengths are one bit wider (65). */
    public static final int ADDRESS_WIDTH = 64;
    /** Bytes per capability in memory, and the tag granule. */
    public static final int CAP_SIZE_BYTES = 16;

    // §1.2 field positions inside the metadata word.
    public static final int UPERMS_SHIFT = 60;
    public static final long UPERMS_MASK = 0xFL;
    public static final int PERMS_SHIFT = 48;
    public static final long PERMS_MASK = 0xFFFL;
    public static final int RESERVED_SHIFT = 46;
    public static final long RESERVED_MASK = 0x3L;
    public static final int FLAGS_SHIFT = 45;
    public static final long FLAGS_MASK = 0x1L;
    public static final int OTYPE_SHIFT = 27;
    public static final long OTYPE_MASK = 0x3FFFFL;
    public static final int IE_SHIFT = 26;
    /** T field: meta[25:14] (12 bits). */
    public static final int T_FIELD_SHIFT = 14;
    public static final long T_FIELD_MASK = 0xFFFL;
    /** B field: meta[13:0] (14 bits). */
    public static final long B_FIELD_MASK = 0x3FFFL;
    /** The bounds group meta[26:0], called "EBT" by CCC: IE, T field and B field. */
    public static final long EBT_MASK = (1L << 27) - 1;

    /** NULL in register form; also the XOR mask between register and memory form (§1.9). */
    public static final long NULL_META = 0x00001FFFFC018004L;
    /** Memory form = register form XOR this mask (§1.9, SCR capToMemBits). */
    public static final long MEM_XOR_MASK = NULL_META;
    /** Root ("almighty"): NULL plus all 12 hardware and 4 user permissions (§1.9). */
    public static final long ROOT_META = 0xFFFF1FFFFC018004L;

    /** Register form to memory form (what SC stores, what CGetHigh returns). */
    public static long toMemory(long meta) {
        return meta ^ MEM_XOR_MASK;
    }

    /** Memory form to register form (what LC loads, what CSetHigh takes). */
    public static long fromMemory(long memMeta) {
        return memMeta ^ MEM_XOR_MASK;
    }

    // ---- field getters ----

    public static int uperms(long meta) {
        return (int) ((meta >>> UPERMS_SHIFT) & UPERMS_MASK);
    }

    /** The 12 hardware permission bits, bit i = permission i of §2.1. */
    public static int perms(long meta) {
        return (int) ((meta >>> PERMS_SHIFT) & PERMS_MASK);
    }

    /** CGetPerm layout (§3.9): uperms at bits 18:15, hardware perms at bits 11:0. */
    public static long architecturalPerms(long meta) {
        return ((long) uperms(meta) << 15) | perms(meta);
    }

    public static int reserved(long meta) {
        return (int) ((meta >>> RESERVED_SHIFT) & RESERVED_MASK);
    }

    /** flags[0]: 1 = capability encoding mode (§2.3). */
    public static int flags(long meta) {
        return (int) ((meta >>> FLAGS_SHIFT) & FLAGS_MASK);
    }

    /** Raw 18-bit object type (§2.2). */
    public static int otype(long meta) {
        return (int) ((meta >>> OTYPE_SHIFT) & OTYPE_MASK);
    }

    /** Sealed ≡ otype ≠ unsealed (§2.2). */
    public static boolean isSealed(long meta) {
        return otype(meta) != Otype.UNSEALED;
    }

    public static boolean isSentry(long meta) {
        return otype(meta) == Otype.SENTRY;
    }

    /** Internal-exponent bit IE (§1.2). */
    public static boolean ie(long meta) {
        return ((meta >>> IE_SHIFT) & 1) != 0;
    }

    public static long ebt(long meta) {
        return meta & EBT_MASK;
    }

    /** Stored exponent E, not clamped (§1.3): 0 when IE=0, else {meta[16:14], meta[2:0]}. */
    public static int exponent(long meta) {
        if (!ie(meta)) {
            return 0;
        }
        return (int) ((((meta >>> T_FIELD_SHIFT) & 7) << 3) | (meta & 7));
    }

    /** The 14-bit B of §1.3 (low 3 bits zero when IE=1). */
    public static int bottom(long meta) {
        long b = meta & B_FIELD_MASK;
        return (int) (ie(meta) ? b & ~7L : b);
    }

    /** The 14-bit T of §1.3: stored low 12 bits plus the two implied top bits. */
    public static int top14(long meta) {
        boolean ie = ie(meta);
        long tField = (meta >>> T_FIELD_SHIFT) & T_FIELD_MASK;
        int tLow = (int) (ie ? tField & ~7L : tField);
        int b = bottom(meta);
        int carry = tLow < (b & 0xFFF) ? 1 : 0; // both are 12-bit non-negative ints
        int lMsb = ie ? 1 : 0;
        return ((((b >>> 12) + carry + lMsb) & 3) << 12) | tLow;
    }

    // ---- field setters (return the new metadata word) ----

    public static long withPerms(long meta, int perms) {
        return (meta & ~(PERMS_MASK << PERMS_SHIFT)) | ((perms & PERMS_MASK) << PERMS_SHIFT);
    }

    public static long withUperms(long meta, int uperms) {
        return (meta & ~(UPERMS_MASK << UPERMS_SHIFT)) | ((uperms & UPERMS_MASK) << UPERMS_SHIFT);
    }

    public static long withFlags(long meta, int flags) {
        return (meta & ~(FLAGS_MASK << FLAGS_SHIFT)) | ((flags & FLAGS_MASK) << FLAGS_SHIFT);
    }

    public static long withOtype(long meta, int otype) {
        return (meta & ~(OTYPE_MASK << OTYPE_SHIFT)) | ((otype & OTYPE_MASK) << OTYPE_SHIFT);
    }

    public static long withEbt(long meta, long ebt) {
        return (meta & ~EBT_MASK) | (ebt & EBT_MASK);
    }

    /** Assemble a metadata word from fields; EBT as produced by {@link SetBounds}. */
    public static long meta(int uperms, int perms, int flags, int otype, long ebt) {
        long m = ebt & EBT_MASK;
        m = withOtype(m, otype);
        m = withFlags(m, flags);
        m = withPerms(m, perms);
        return withUperms(m, uperms);
    }
}
