package org.cheriemu.isa.cap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The hand-worked examples of the reference (§1.4, §1.6, §1.7, §1.8, §1.9). */
class ReferenceExamplesTest {

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    static BigInteger big(String hex) {
        return new BigInteger(hex.replace("0x", ""), 16);
    }

    static long u64(String hex) {
        return Long.parseUnsignedLong(hex.replace("0x", ""), 16);
    }

    // §1.9

    @Test
    void nullEncodings() {
        Capability n = Capability.NULL;
        assertFalse(n.tag());
        assertEquals(0x00001FFFFC018004L, n.meta());
        assertEquals(0L, n.memoryMeta());
        assertEquals(0L, n.address());
        assertEquals(n, Capability.fromMemory(0, 0, false), "all-zero memory is NULL");
        assertEquals(0L, n.base());
        assertEquals(TWO_64, n.top());
        assertEquals(52, n.exponent());
        assertTrue(n.ie());
        assertEquals(0x1000, n.top14());
        assertEquals(0, n.bottom());
        assertEquals(Otype.UNSEALED, n.otype());
        assertEquals(-1L, n.type());
        assertEquals(0, n.perms());
        assertEquals(0, n.flags());
        assertTrue(n.isDerivable());
    }

    @Test
    void rootEncodings() {
        Capability r = Capability.ROOT;
        assertTrue(r.tag());
        assertEquals(0xFFFF1FFFFC018004L, r.meta());
        assertEquals(0xFFFF000000000000L, r.memoryMeta());
        assertEquals(r, Capability.decode(0xFFFF000000000000L, 0, true, true));
        assertEquals(r, Capability.decode(0xFFFF1FFFFC018004L, 0, true, false));
        assertEquals(0x78FFFL, r.architecturalPerms(), "bits 12-14 reserved, read 0 (§2.1)");
        assertEquals(Permission.values().length, r.permissions().size());
        assertEquals(0, r.reservedBits());
        assertFalse(r.isSealed());
        for (long a : new long[] {0, 1, 0x8000_0000L, -1L, 0x8000_0000_0000_0000L, 0x1234_5678_9ABC_DEF0L}) {
            Capability c = Capability.root(a);
            assertEquals(0L, c.base(), "base at " + Long.toHexString(a));
            assertEquals(TWO_64, c.top(), "top at " + Long.toHexString(a));
            assertEquals(-1L, c.saturatedLength());
            assertEquals(-1L, c.saturatedTop());
            assertEquals(a, c.offset());
            assertEquals(a, Capability.ofInteger(a).address());
        }
    }

    // §1.4 worked example: 0x6000-byte object at 0x1E000

    @Test
    void workedExampleEncoding() {
        Capability c = Capability.root(0x1E000).setBounds(0x6000).capability();
        assertEquals(0x4003802L, CapFormat.ebt(c.meta()));
        assertTrue(c.ie());
        assertEquals(2, c.exponent());
        assertEquals(0x3800, c.bottom());
        assertEquals(0x1000, c.top14());
    }

    @ParameterizedTest
    @CsvSource({
        "0x1C000, 0x1E000, 0x24000",
        "0x1E000, 0x1E000, 0x24000",
        "0x23FFF, 0x1E000, 0x24000",
        "0x24000, 0x1E000, 0x24000",
        "0x2BFFF, 0x1E000, 0x24000",
        "0x1BFFF, 0xE000, 0x14000",
        "0x2C000, 0x2E000, 0x34000",
    })
    void workedExampleDecoding(String addr, String base, String top) {
        long meta = CapFormat.withEbt(CapFormat.ROOT_META, 0x4003802L);
        Capability c = new Capability(true, meta, u64(addr));
        assertEquals(u64(base), c.base());
        assertEquals(big(top), c.top());
    }

    // §1.6 table

    @ParameterizedTest
    @CsvSource({
        "0x1000,             0x10,               0x0041000, false, 0,  true,  0x1000,             0x1010",
        "0x80001234,         0xFFF,              0x08CD234, false, 0,  true,  0x80001234,         0x80002233",
        "0x80001234,         0x1000,             0x48E1230, true,  0,  false, 0x80001230,         0x80002238",
        "0x80001234,         0x12345,            0x4D60124, true,  4,  false, 0x80001200,         0x80013580",
        "0xFFFFFFFFFF000000, 0xFFFFFF,           0x4007004, true,  12, false, 0xFFFFFFFFFF000000, 0x10000000000000000",
        "0x7,                0x10000000,         0x4028000, true,  16, false, 0x0,                0x10080000",
        "0x160600000,        0x300000,           0x6007001, true,  9,  true,  0x160600000,        0x160900000",
    })
    void setBoundsTable(String base, String len, String ebt, boolean ie, int e, boolean exact,
                        String newBase, String newTop) {
        long encoded = SetBounds.encode(u64(base), u64(len));
        assertEquals(u64(ebt), SetBounds.ebt(encoded), "EBT");
        assertEquals(exact, SetBounds.isExact(encoded), "exact");
        Capability.SetBoundsResult r = Capability.root(u64(base)).setBounds(u64(len));
        assertEquals(exact, r.exact());
        Capability c = r.capability();
        assertTrue(c.tag());
        assertEquals(ie, c.ie());
        assertEquals(e, c.exponent());
        assertEquals(u64(base), c.address());
        assertEquals(u64(newBase), c.base());
        assertEquals(big(newTop), c.top());
        assertEquals(!exact, Capability.root(u64(base)).setBoundsExact(u64(len)).capability().tag() == false);
    }

    @Test
    void setBoundsWholeAddressSpace() {
        long encoded = SetBounds.encode(0, 0, true); // top = 2^64: length 2^64 needs the 65-bit form
        assertEquals(0x4018004L, SetBounds.ebt(encoded));
        assertTrue(SetBounds.isExact(encoded));
        assertEquals(CapFormat.ROOT_META, SetBounds.applyTo(CapFormat.ROOT_META, encoded));
    }

    // §1.7 table

    @ParameterizedTest
    @CsvSource({
        "0x0,                0x0,                0xFFFFFFFFFFFFFFFF",
        "0x1,                0x1,                0xFFFFFFFFFFFFFFFF",
        "0xFFF,              0xFFF,              0xFFFFFFFFFFFFFFFF",
        "0x1000,             0x1000,             0xFFFFFFFFFFFFFFF8",
        "0x1001,             0x1008,             0xFFFFFFFFFFFFFFF8",
        "0x1FFF,             0x2000,             0xFFFFFFFFFFFFFFF0",
        "0x12345,            0x12380,            0xFFFFFFFFFFFFFF80",
        "0x8000000000000000, 0x8000000000000000, 0xFFC0000000000000",
        "0xFFFFFFFFFFFFFFFF, 0x0,                0xFF80000000000000",
    })
    void crrlCramTable(String len, String crrl, String cram) {
        assertEquals(u64(crrl), SetBounds.crrl(u64(len)), "CRRL");
        assertEquals(u64(cram), SetBounds.cram(u64(len)), "CRAM");
    }

    // §1.8 example where the checks differ

    @Test
    void preciseAndFastChecksDiffer() {
        long meta = CapFormat.withEbt(CapFormat.ROOT_META, 0x5966AD6L);
        long addr = 0x194F55A61AB50000L;
        long newAddr = 0x194F55A627FFE932L;
        Capability c = new Capability(true, meta, addr);
        assertEquals(14, c.exponent());
        assertEquals(0x194F55A61AB40000L, c.base());
        assertEquals(big("0x194F55A621960000"), c.top());
        assertTrue(Representability.isRepresentablePrecise(meta, addr, newAddr));
        assertFalse(Representability.isRepresentableFast(meta, addr, newAddr - addr));
        Capability viaSetAddr = c.setAddress(newAddr);
        Capability viaIncOffset = c.incrementOffset(newAddr - addr);
        assertTrue(viaSetAddr.tag(), "CSetAddr uses the precise check");
        assertFalse(viaIncOffset.tag(), "CIncOffset uses the fast check");
        assertEquals(newAddr, viaSetAddr.address());
        assertEquals(newAddr, viaIncOffset.address());
        assertEquals(meta, viaIncOffset.meta(), "metadata kept");
    }
}
