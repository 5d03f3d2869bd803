package org.cheriemu.emulator.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.cheriemu.emulator.cpu.Isa;
import org.cheriemu.emulator.nativelib.NativeTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Our decoder + disassembler against Capstone 5: every 16-bit compressed encoding, every row of
 * the instruction table with random operand bits, and millions of random 32-bit words
 * ({@code -Dcheriemu.crosscheck.words=N}, default 3,000,000). Only spelling (see
 * {@link DisassemblyNormalizer}) and the documented {@link CapstoneCrossCheck.KnownDifference}s
 * may differ.
 */
class CapstoneCrossCheckTest {

    static final long SEED = 0x5eed_c0de_2026L;
    static final int RANDOM_WORDS = Integer.getInteger("cheriemu.crosscheck.words", 3_000_000);
    /** Major opcodes (bits 6:0) of RV64GC's 32-bit instructions, to aim half the random words at real encodings. */
    static final int[] MAJORS = {0x03, 0x07, 0x0F, 0x13, 0x17, 0x1B, 0x23, 0x27, 0x2F, 0x33, 0x37, 0x3B, 0x43, 0x47,
        0x4B, 0x4F, 0x53, 0x63, 0x67, 0x6F, 0x73};

    CapstoneCrossCheck check;
    final List<CapstoneCrossCheck.Mismatch> mismatches = new ArrayList<>();

    @BeforeEach
    void open() {
        NativeTestSupport.requireCapstone();
        check = new CapstoneCrossCheck();
    }

    @AfterEach
    void close() {
        if (check != null) {
            check.close();
        }
    }

    private void run(int word) {
        CapstoneCrossCheck.Mismatch m = check.check(word);
        if (m != null) {
            mismatches.add(m);
        }
    }

    private void assertNoMismatch(String what) {
        System.out.printf("capstone cross-check, %s: %d words, %d decoded alike, known differences %s%n",
                what, check.checked(), check.agreedLegal(), check.knownDifferences());
        if (!mismatches.isEmpty()) {
            StringBuilder sb = new StringBuilder(mismatches.size() + " mismatches in " + what + ", first ones:");
            mismatches.stream().limit(40).forEach(m -> sb.append("\n  ").append(m));
            fail(sb.toString());
        }
    }

    @Test
    void everyCompressedEncoding() {
        for (int w = 0; w <= 0xFFFF; w++) {
            if ((w & 3) != 3) {
                run(w);
            }
        }
        assertNoMismatch("all 16-bit encodings");
        assertEquals(49152, check.checked());
        assertTrue(check.agreedLegal() > 40_000, "non-vacuous: " + check.agreedLegal());
    }

    @Test
    void everyInstructionTableRow() {
        SplittableRandom r = new SplittableRandom(SEED);
        for (Isa.Insn in : Isa.INSNS) {
            for (int i = 0; i < 2000; i++) {
                run((r.nextInt() & ~in.mask()) | in.match());
            }
        }
        assertNoMismatch("instruction table rows with random operands");
        assertTrue(check.agreedLegal() > check.checked() / 2, "non-vacuous: " + check.agreedLegal());
    }

    @Test
    void millionsOfRandomWords() {
        SplittableRandom r = new SplittableRandom(SEED + 1);
        for (int i = 0; i < RANDOM_WORDS; i++) {
            int w = r.nextInt() | 3;
            if ((i & 1) == 0) {
                w = (w & ~0x7F) | MAJORS[r.nextInt(MAJORS.length)];
            }
            run(w);
        }
        assertNoMismatch("random 32-bit words");
        assertTrue(check.agreedLegal() > RANDOM_WORDS / 8, "non-vacuous: " + check.agreedLegal());
    }
}
