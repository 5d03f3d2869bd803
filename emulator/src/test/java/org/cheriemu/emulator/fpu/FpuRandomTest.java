package org.cheriemu.emulator.fpu;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Compares every {@link Fpu} operation, in all five rounding modes, result bits and flags, with
 * the exact {@link Ref} on seeded random operands biased toward hard cases.
 */
class FpuRandomTest {
    /**
     * Operand tuples per operation (four times as many for the arithmetic operations); each tuple
     * is run in every rounding mode the operation takes: about 2 million tuples and 9.6 million
     * evaluations in all.
     */
    static final int CASES = Integer.getInteger("fpu.cases", 20_000);

    static boolean arithmetic(String name) {
        return name.matches("(add|sub|mul|div|sqrt|fmadd|fmsub|fnmsub|fnmadd)\\d+");
    }

    @TestFactory
    Stream<DynamicTest> randomOperandsAgainstExactReference() {
        return Ops.all().stream().map(op -> DynamicTest.dynamicTest(op.name(),
                () -> check(op, arithmetic(op.name()) ? 4 * CASES : CASES, seed(op.name()))));
    }

    /** -Dfpu.seed=N runs the random tests on other operands (e.g. for a longer soak with -Dfpu.cases). */
    static final long EXTRA_SEED = Long.getLong("fpu.seed", 0);

    static long seed(String name) {
        return 0x5eed_f00dL * 31 + name.hashCode() + EXTRA_SEED;
    }

    static void check(Ops.Op op, int cases, long seed) {
        Gen g = new Gen(op.fmt(), seed);
        // the default instance (with the round-to-nearest-even fast paths) and one without them
        Fpu[] fpus = {new Fpu(), new Fpu(false)};
        List<String> failures = new ArrayList<>();
        int mismatches = 0;
        for (int i = 0; i < cases; i++) {
            long[] x = op.operands().next(g);
            for (int rm = 0; rm < (op.usesRm() ? 5 : 1); rm++) {
                Ref.Result want = op.ref().apply(x[0], x[1], x[2], rm);
                long wantBits = want.bits() & op.resultMask();
                for (Fpu fpu : fpus) {
                    fpu.flags = 0;
                    long got = op.impl().apply(fpu, x[0], x[1], x[2], rm) & op.resultMask();
                    int gotFlags = fpu.flags;
                    if (got != wantBits || gotFlags != want.flags()) {
                        mismatches++;
                        if (failures.size() < 12) {
                            failures.add(String.format("%s(%x, %x, %x) rm=%d%s: got %x flags %s, want %x flags %s",
                                    op.name(), x[0], x[1], x[2], rm, fpu == fpus[0] ? "" : " (no fast paths)", got,
                                    FpuTestSupport.flagString(gotFlags), wantBits, FpuTestSupport.flagString(want.flags())));
                        }
                    }
                }
            }
        }
        if (mismatches > 0) fail(mismatches + " mismatches, first:\n" + String.join("\n", failures));
    }
}
