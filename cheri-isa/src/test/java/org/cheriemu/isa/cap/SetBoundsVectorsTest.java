package org.cheriemu.isa.cap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The 10,000 CSetBounds conformance rows (reference §7 row 1, expected values from the Sail
 * model), read from {@code ${cheriemu.root}/../shared/cheri/vectors/setbounds_128.csv}. A
 * missing file is a failure, not a skip.
 */
class SetBoundsVectorsTest {

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger MASK_65 = BigInteger.ONE.shiftLeft(65).subtract(BigInteger.ONE);

    /** One CSV row; tops are 65-bit. */
    record Row(int line, long base1, BigInteger top1, long base2, BigInteger top2,
               long expBase1, BigInteger expTop1, long expBase2, BigInteger expTop2) {}

    private static List<Row> rows;

    @BeforeAll
    static void load() throws IOException {
        String root = System.getProperty("cheriemu.root");
        assertNotNull(root, "system property cheriemu.root is not set (surefire sets it)");
        Path csv = Path.of(root, "..", "shared", "cheri", "vectors", "setbounds_128.csv");
        assertTrue(Files.isRegularFile(csv), "missing conformance vectors: " + csv);
        rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv);
        boolean header = true;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            if (header) { // column names
                assertEquals("base1,top1,base2,top2,exp_base1,exp_top1,exp_base2,exp_top2", l);
                header = false;
                continue;
            }
            String[] f = l.split(",");
            assertEquals(8, f.length, "line " + (i + 1));
            rows.add(new Row(i + 1, u64(f[0]), big(f[1]), u64(f[2]), big(f[3]),
                    u64(f[4]), big(f[5]), u64(f[6]), big(f[7])));
        }
        assertEquals(10_000, rows.size(), "row count");
    }

    @Test
    void bothStepsOfEveryRow() {
        List<String> failures = new ArrayList<>();
        CapResult r = new CapResult();
        for (Row row : rows) {
            // step 1: root, address := base1, CSetBounds(top1 − base1)
            long len1 = length(row.base1, row.top1);
            boolean exact1 = CapOps.setBounds(true, CapFormat.ROOT_META, row.base1, len1, r);
            check(failures, row, "step 1", r.meta, row.base1, row.base1, row.top1, exact1,
                    row.expBase1, row.expTop1);
            if (!r.tag) {
                failures.add("line " + row.line + " step 1: tag cleared on a subset of root");
            }
            // step 2: raw cursor move to base2, then the set-bounds encoding for top2 − base2
            long len2 = length(row.base2, row.top2);
            long encoded = SetBounds.encode(row.base2, len2);
            long meta2 = SetBounds.applyTo(r.meta, encoded);
            check(failures, row, "step 2", meta2, row.base2, row.base2, row.top2,
                    SetBounds.isExact(encoded), row.expBase2, row.expTop2);
        }
        assertNoFailures(failures);
    }

    /** CCC check_cram_matches_setbounds, for both steps of every row (reference §1.7). */
    @Test
    void cramAndCrrlAgreeWithSetBoundsRounding() {
        List<String> failures = new ArrayList<>();
        for (Row row : rows) {
            checkCram(failures, row, "step 1", row.base1, row.top1, row.expBase1, row.expTop1);
            checkCram(failures, row, "step 2", row.base2, row.top2, row.expBase2, row.expTop2);
        }
        assertNoFailures(failures);
    }

    private static void checkCram(List<String> failures, Row row, String step, long base, BigInteger top,
                                  long expBase, BigInteger expTop) {
        long len = length(base, top);
        long cram = SetBounds.cram(len);
        BigInteger roundUp = BigInteger.ONE.shiftLeft(Long.numberOfTrailingZeros(cram)).subtract(BigInteger.ONE);
        BigInteger roundedTop = top.add(roundUp).andNot(roundUp).and(MASK_65);
        if ((base & cram) != expBase) {
            failures.add("line " + row.line + " " + step + ": base & CRAM = " + hex(base & cram)
                    + ", expected " + hex(expBase));
        }
        if (!roundedTop.equals(expTop)) {
            failures.add("line " + row.line + " " + step + ": top rounded with CRAM = 0x"
                    + roundedTop.toString(16) + ", expected 0x" + expTop.toString(16));
        }
        // CRRL is the length rounded with the same mask; with an aligned base it must be exact.
        long crrl = SetBounds.crrl(len);
        if (crrl != ((len + ~cram) & cram)) {
            failures.add("line " + row.line + " " + step + ": CRRL inconsistent with CRAM");
        }
        if (crrl != 0 && !SetBounds.isExact(SetBounds.encode(base & cram, crrl))) {
            failures.add("line " + row.line + " " + step + ": CRAM-aligned base with CRRL length not exact");
        }
    }

    private static void check(List<String> failures, Row row, String step, long meta, long addr,
                              long reqBase, BigInteger reqTop, boolean exact, long expBase, BigInteger expTop) {
        Capability c = new Capability(false, meta, addr);
        if (c.base() != expBase || !c.top().equals(expTop)) {
            failures.add("line " + row.line + " " + step + ": got [" + hex(c.base()) + ", 0x"
                    + c.top().toString(16) + "), expected [" + hex(expBase) + ", 0x" + expTop.toString(16) + ")");
        }
        boolean shouldBeExact = expBase == reqBase && expTop.equals(reqTop);
        if (exact != shouldBeExact) {
            failures.add("line " + row.line + " " + step + ": exact=" + exact + " but expected bounds say "
                    + shouldBeExact);
        }
    }

    private static void assertNoFailures(List<String> failures) {
        if (!failures.isEmpty()) {
            fail(failures.size() + " mismatches, first ones:\n"
                    + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
        }
    }

    /** top − base as a 64-bit length; the vectors never need 2^64 or more. */
    private static long length(long base, BigInteger top) {
        BigInteger len = top.subtract(new BigInteger(Long.toUnsignedString(base)));
        assertTrue(len.signum() >= 0 && len.compareTo(TWO_64) < 0, "length out of range: " + len);
        return len.longValue();
    }

    private static long u64(String hex) {
        return big(hex).longValue();
    }

    private static BigInteger big(String hex) {
        return new BigInteger(hex.strip().replaceFirst("^0x", ""), 16);
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
