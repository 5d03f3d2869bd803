package org.cheriemu.isa.cap;

/**
 * The two representability checks of reference §1.8. They disagree near the edge of the
 * representable region (the fast check is conservative), so each instruction must use the one
 * its specification names:
 *
 * <ul>
 *   <li>{@link #isRepresentablePrecise}: CSetAddr, AUIPCC, CCopyType, CJAL/CJALR link and trap
 *       entry (xEPCC), CSR writes of mtvec/mepc/stvec/sepc/utvec/uepc (SCR setCapAddr →
 *       capBoundsEqual). QEMU also uses it for CFromPtr.
 *   <li>{@link #isRepresentableFast}: CIncOffset, CIncOffsetImm, CSetOffset and, in SCR,
 *       CFromPtr (SCR incCapOffset / setCapOffset → fastRepCheck).
 * </ul>
 *
 * Either way the result keeps the old metadata and takes the new address; only the tag is
 * cleared when the check fails.
 */
public final class Representability {
    private Representability() {}

    /** Precise check: decoding at the new address gives the same base and top as at the old. */
    public static boolean isRepresentablePrecise(long meta, long oldAddr, long newAddr) {
        return BoundsCodec.sameBounds(meta, oldAddr, newAddr);
    }

    /**
     * Fast check (SCR fastRepCheck; SPEC9 "Fast Representable Limit Checking") of moving the
     * address {@code oldAddr} by the two's-complement {@code increment}.
     */
    public static boolean isRepresentableFast(long meta, long oldAddr, long increment) {
        int e = CapFormat.exponent(meta); // the unclamped stored exponent
        if (e >= CapFormat.CAP_MAX_E - 2) {
            return true;
        }
        long iTop = increment >> (e + 14); // arithmetic: sign-extending; e + 14 <= 63
        long iMid = (increment >>> e) & 0x3FFF;
        long aMid = (oldAddr >>> e) & 0x3FFF;
        long r = (long) (((CapFormat.bottom(meta) >>> 11) - 1) & 7) << 11;
        long diff = (r - aMid) & 0x3FFF;
        long diff1 = (diff - 1) & 0x3FFF;
        if (iTop == 0) {
            return iMid < diff1; // 14-bit values: signed compare is unsigned here
        }
        if (iTop == -1) {
            return iMid >= diff && r != aMid;
        }
        return false;
    }
}
