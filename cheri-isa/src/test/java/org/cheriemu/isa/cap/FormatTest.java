package org.cheriemu.isa.cap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Field layout (§1.2), permissions (§2.1) and object types (§2.2). */
class FormatTest {

    @Test
    void permissionBitNumbersFollowTheSpec() {
        String[] names = {"GLOBAL", "EXECUTE", "LOAD", "STORE", "LOAD_CAP", "STORE_CAP", "STORE_LOCAL_CAP",
            "SEAL", "CINVOKE", "UNSEAL", "ACCESS_SYSTEM_REGISTERS", "SET_CID"};
        for (int bit = 0; bit < names.length; bit++) {
            Permission p = Permission.valueOf(names[bit]);
            assertEquals(bit, p.bit());
            assertEquals(p, Permission.ofBit(bit));
            assertEquals(1L << (48 + bit), p.metaMask(), "perm i at meta bit 48+i");
            assertEquals(1 << bit, p.mask());
        }
        assertEquals("Permit_Store_Local_Capability", Permission.STORE_LOCAL_CAP.specName());
        assertEquals("Access_System_Registers", Permission.ACCESS_SYSTEM_REGISTERS.specName());
        assertEquals(Set.of(Permission.LOAD, Permission.SEAL), Permission.fromBits(0x84));
    }

    @Test
    void fieldsSitWhereSection12Says() {
        long meta = CapFormat.meta(0xA, 0x5A5, 1, 0x2BCDE, 0x1234567L);
        assertEquals(0xA, CapFormat.uperms(meta));
        assertEquals(0xAL << 60, meta & (0xFL << 60));
        assertEquals(0x5A5, CapFormat.perms(meta));
        assertEquals(0x5A5L << 48, meta & (0xFFFL << 48));
        assertEquals(1, CapFormat.flags(meta));
        assertEquals(1L << 45, meta & (1L << 45));
        assertEquals(0, CapFormat.reserved(meta));
        assertEquals(0x2BCDE, CapFormat.otype(meta));
        assertEquals(0x2BCDEL << 27, meta & (0x3FFFFL << 27));
        assertEquals(0x1234567L, CapFormat.ebt(meta));
        assertEquals((0xAL << 15) | 0x5A5, CapFormat.architecturalPerms(meta));
        assertEquals(3, CapFormat.reserved(meta | (3L << 46)));
    }

    @Test
    void exponentAndMantissaUnpacking() {
        // §1.3, IE=0: E=0, full 14-bit B, 12-bit T field
        long ie0 = (0xABCL << 14) | 0x2DEF;
        assertFalse(CapFormat.ie(ie0));
        assertEquals(0, CapFormat.exponent(ie0));
        assertEquals(0x2DEF, CapFormat.bottom(ie0));
        // T[11:0] = 0xABC < B[11:0] = 0xDEF: carry 1, T[13:12] = B[13:12] + 1 = 3
        assertEquals(0x3ABC, CapFormat.top14(ie0));
        // IE=1: E = {meta[16:14], meta[2:0]}, low three bits of B and T read as zero
        long ie1 = (1L << 26) | (0x1FFL << 17) | (5L << 14) | (0x7FFL << 3) | 3;
        assertTrue(CapFormat.ie(ie1));
        assertEquals(43, CapFormat.exponent(ie1));
        assertEquals(0x3FF8, CapFormat.bottom(ie1));
        // T[11:0] = 0xFF8, B[11:0] = 0xFF8: no carry; T[13:12] = (3 + 0 + 1) mod 4 = 0
        assertEquals(0x0FF8, CapFormat.top14(ie1));
    }

    @Test
    void otypes() {
        assertTrue(Otype.isReserved(Otype.UNSEALED));
        assertTrue(Otype.isReserved(Otype.SENTRY));
        assertTrue(Otype.isReserved(0x3FFFC));
        assertFalse(Otype.isReserved(0x3FFFB));
        assertEquals(-1L, Otype.toArchitectural(Otype.UNSEALED));
        assertEquals(-4L, Otype.toArchitectural(0x3FFFC));
        assertEquals(0x3FFFBL, Otype.toArchitectural(0x3FFFB));
        assertFalse(CapFormat.isSealed(CapFormat.ROOT_META));
        assertTrue(CapFormat.isSentry(CapFormat.withOtype(CapFormat.ROOT_META, Otype.SENTRY)));
    }

    @Test
    void capabilityDescribesItself() {
        Capability c = Capability.root(0x8000_1000L).setBounds(0x100).capability()
                .andPerm(Permission.LOAD.mask() | Permission.STORE.mask() | (1L << 16));
        assertEquals(List.of("Permit_Load", "Permit_Store", "User1"), c.permissionNames());
        assertEquals(0x100L, c.length().longValueExact());
        assertEquals(0x8000_1000L, c.base());
        assertEquals(0L, c.offset());
        assertTrue(c.inBounds(0x8000_10FFL, 1));
        assertFalse(c.inBounds(0x8000_10FFL, 2));
        String s = c.toString();
        assertTrue(s.startsWith("v:1 s:0 "), s);
        assertTrue(s.contains("b:0x0000000080001000") && s.contains("t:0x80001100"), s);
    }

    @Test
    void inBoundsUses65BitArithmetic() {
        long base = 0xFFFF_FFFF_FFFF_FF00L;
        // top = 2^64
        assertTrue(BoundsCodec.inBounds(base, 0, true, base, 0x100));
        assertFalse(BoundsCodec.inBounds(base, 0, true, base, 0x101));
        assertTrue(BoundsCodec.inBounds(base, 0, true, -1L, 1));
        assertFalse(BoundsCodec.inBounds(base, 0, true, -1L, 2), "addr + size wraps past 2^64");
        assertFalse(BoundsCodec.inBounds(base, 0, true, base - 1, 1), "below base");
        // a top below 2^63 with an address above it: unsigned compare
        assertFalse(BoundsCodec.inBounds(0, 0x1000, false, 0x8000_0000_0000_0000L, 1));
        // size 0 at top is in bounds (inCapBounds with size 0)
        assertTrue(BoundsCodec.inBounds(0, 0x1000, false, 0x1000, 0));
        assertEquals(-1, BoundsCodec.compare65(false, -1L, true, 0));
    }
}
