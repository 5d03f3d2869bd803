package org.cheriemu.emulator.oracle;

import org.cheriemu.emulator.cpu.Op;

/**
 * The one list of cases where Unicorn 2.0.1 (Debian's libunicorn2, QEMU 5.0's RISC-V target) is
 * wrong, each proven by a second oracle: qemu-riscv64 (Debian 12's QEMU 7.2), whose output for the
 * guests that exercise them is recorded in {@code guest-programs/expected/atomics.stdout} and
 * {@code fp.stdout} (generated with qemu-riscv64; our interpreter matches it). {@code
 * UnicornErrataTest} reproduces each case on Unicorn directly and shows the guest lines where the
 * Unicorn engine's output departs from qemu's are exactly these cases.
 *
 * <p>Lockstep checks each predicate narrowly (the instruction, its inputs, and the exact wrong
 * value Unicorn produced), repairs Unicorn's state from ours, and counts the case; any other
 * difference is a divergence.
 */
public enum UnicornErrata {
    /**
     * AMOMIN.W, AMOMAX.W, AMOMINU.W, AMOMAXU.W compare the memory word zero-extended to 64 bits
     * with the whole 64-bit rs2, instead of the two 32-bit values (signed or unsigned). Example:
     * memory -5, rs2 3: amomax.w leaves -5 (qemu-riscv64: 3), amomin.w stores 3 (qemu: -5).
     * rd (the old value) is right; only the stored word is wrong.
     */
    AMO_W_MINMAX_64BIT_COMPARE,
    /**
     * NaN-boxing (F extension on RV64, spec 2.2 "NaN Boxing of Narrower Values"): Unicorn writes
     * single-precision results with the upper 32 bits zero instead of all ones, and uses an
     * improperly boxed single input as is instead of as the canonical NaN. qemu-riscv64:
     * {@code fadd.s of an unboxed value: 7fc00000}; Unicorn: {@code 40000000}.
     */
    NAN_BOXING,
    /**
     * FMIN/FMAX with one signaling-NaN input return the canonical NaN instead of the other
     * operand (spec 2.2 follows IEEE 754-2019 minimumNumber/maximumNumber; QEMU 5.0 used the older
     * minNum). qemu-riscv64: {@code fmin.d 7ff0000000000001 3ff0000000000000 -> 3ff0000000000000}.
     */
    FMIN_FMAX_SIGNALING_NAN,
    /**
     * Fused multiply-add of infinity times zero plus a quiet NaN does not set the invalid flag (the
     * spec requires NV: "FMA(inf, 0, qNaN) ... signals invalid"). qemu-riscv64: {@code fmadd
     * inf*0+qnan: 7ff8000000000000 V----}; Unicorn: no V.
     */
    FMA_INF_ZERO_QNAN_NO_INVALID,
    /**
     * Reading the {@code time} CSR ({@code rdtime}, also through csrrs/csrrc) raises an illegal
     * instruction exception: Unicorn's machine has no timer source. The spec (Zicntr) makes
     * {@code time} readable from U-mode, and qemu-riscv64 returns the host time
     * ({@code UnicornErrataTest#rdtimeIsIllegal} runs the same ELF under qemu-riscv64, which exits 0).
     * Lockstep gives Unicorn our value; the Unicorn engine supplies instret / 10, the 10 MHz our
     * hart derives from its instruction count.
     */
    TIME_CSR_ILLEGAL;

    /** Whether {@code word} is a CSR instruction (csrrw..csrrci) on {@code time} or {@code timeh}. */
    static boolean readsTimeCsr(int word) {
        int csr = word >>> 20, funct3 = (word >>> 12) & 7;
        return (word & 0x7F) == 0x73 && funct3 != 0 && funct3 != 4 && (csr == 0xC01 || csr == 0xC81);
    }

    /** One executed instruction, as lockstep saw it: inputs before, both states after. */
    record Step(int op, int rd, int rs1, int rs2, int rs3, long xRs2, long fRs1, long fRs2, long fRs3,
                long[] ours, long[] unicorn) {
    }

    static final int F0 = 32, FCSR = 64;
    static final long BOX = 0xFFFFFFFF00000000L;
    static final long CANONICAL_NAN_S = 0xFFFFFFFF7FC00000L;
    static final long CANONICAL_NAN_D = 0x7FF8000000000000L;

    /** The erratum explaining the value Unicorn stored ({@code unicornWord}), or null. */
    static UnicornErrata explainsStore(Step s, long unicornWord) {
        boolean signed = s.op == Op.AMOMIN_W || s.op == Op.AMOMAX_W;
        boolean min = s.op == Op.AMOMIN_W || s.op == Op.AMOMINU_W;
        if (!signed && s.op != Op.AMOMINU_W && s.op != Op.AMOMAXU_W) {
            return null;
        }
        long oldZext = s.ours[s.rd] & 0xFFFFFFFFL;   // rd holds the old word (sign-extended); rd != x0 checked below
        if (s.rd == 0) {
            return null;
        }
        int cmp = signed ? Long.compare(oldZext, s.xRs2) : Long.compareUnsigned(oldZext, s.xRs2);
        long buggy = (min ? cmp <= 0 : cmp >= 0) ? oldZext : s.xRs2;
        return (int) buggy == (int) unicornWord ? AMO_W_MINMAX_64BIT_COMPARE : null;
    }

    /** The erratum explaining that the registers whose indices are set in {@code diff} differ, or null. */
    static UnicornErrata explainsRegisters(Step s, boolean[] diff) {
        if (nanBoxing(s, diff)) {
            return NAN_BOXING;
        }
        if (fminFmaxSnan(s, diff)) {
            return FMIN_FMAX_SIGNALING_NAN;
        }
        if (fmaInfZeroQnan(s, diff)) {
            return FMA_INF_ZERO_QNAN_NO_INVALID;
        }
        return null;
    }

    private static boolean onlyDiffers(boolean[] diff, int... allowed) {
        for (int i = 0; i < diff.length; i++) {
            if (diff[i]) {
                boolean ok = false;
                for (int a : allowed) {
                    ok |= a == i;
                }
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Ops whose result is a single-precision value in f[rd]. */
    static boolean writesSingle(int op) {
        return op == Op.FLW || (op >= Op.FMADD_S && op <= Op.FMAX_S) || (op >= Op.FCVT_S_W && op <= Op.FMV_W_X)
                || op == Op.FCVT_S_D;
    }

    /** How many single-precision f inputs {@code op} reads (rs1, rs2, rs3 in that order). */
    static int singleInputs(int op) {
        if (op >= Op.FMADD_S && op <= Op.FNMADD_S) {
            return 3;
        }
        if (op == Op.FSQRT_S || (op >= Op.FCVT_W_S && op <= Op.FCVT_LU_S) || op == Op.FCLASS_S || op == Op.FCVT_D_S) {
            return 1;
        }
        if ((op >= Op.FADD_S && op <= Op.FMAX_S) || (op >= Op.FEQ_S && op <= Op.FLE_S)) {
            return 2;
        }
        return 0;
    }

    private static boolean isBoxed(long v) {
        return (v & BOX) == BOX;
    }

    private static boolean nanBoxing(Step s, boolean[] diff) {
        int rdIndex = writesF(s.op) ? F0 + s.rd : s.rd;
        if (!onlyDiffers(diff, rdIndex, FCSR)) {
            return false;
        }
        int n = singleInputs(s.op);
        long[] in = {s.fRs1, s.fRs2, s.fRs3};
        for (int i = 0; i < n; i++) {
            if (!isBoxed(in[i])) {
                return true;                    // Unicorn used an unboxed input as a number
            }
        }
        if (writesSingle(s.op) && !diff[FCSR]) {
            long ours = s.ours[F0 + s.rd], theirs = s.unicorn[F0 + s.rd];
            return isBoxed(ours) && (theirs & BOX) == 0 && (int) ours == (int) theirs;
        }
        return false;
    }

    private static boolean writesF(int op) {
        return op == Op.FLW || op == Op.FLD || (op >= Op.FMADD_S && op <= Op.FMAX_S)
                || (op >= Op.FCVT_S_W && op <= Op.FMV_W_X) || (op >= Op.FMADD_D && op <= Op.FMAX_D)
                || (op >= Op.FCVT_D_W && op <= Op.FCVT_D_S);
    }

    private static boolean fminFmaxSnan(Step s, boolean[] diff) {
        boolean single = s.op == Op.FMIN_S || s.op == Op.FMAX_S;
        if (!single && s.op != Op.FMIN_D && s.op != Op.FMAX_D) {
            return false;
        }
        if (!onlyDiffers(diff, F0 + s.rd)) {
            return false;
        }
        long a = s.fRs1, b = s.fRs2;
        boolean aSnan = single ? isSnanS(a) : isSnanD(a), bSnan = single ? isSnanS(b) : isSnanD(b);
        boolean aNan = single ? isNanS(a) : isNanD(a), bNan = single ? isNanS(b) : isNanD(b);
        long other = aSnan && !bNan ? b : bSnan && !aNan ? a : 0;
        if (!(aSnan && !bNan) && !(bSnan && !aNan)) {
            return false;
        }
        long canonical = single ? CANONICAL_NAN_S : CANONICAL_NAN_D;
        long theirs = s.unicorn[F0 + s.rd];
        boolean theirsCanonical = single ? (int) theirs == (int) canonical : theirs == canonical;
        return s.ours[F0 + s.rd] == other && theirsCanonical;
    }

    private static boolean fmaInfZeroQnan(Step s, boolean[] diff) {
        boolean single = s.op >= Op.FMADD_S && s.op <= Op.FNMADD_S;
        if (!single && !(s.op >= Op.FMADD_D && s.op <= Op.FNMADD_D)) {
            return false;
        }
        if (!onlyDiffers(diff, FCSR) || (s.ours[FCSR] ^ s.unicorn[FCSR]) != 0x10 || (s.ours[FCSR] & 0x10) == 0) {
            return false;
        }
        boolean infZero = single
                ? (isInfS(s.fRs1) && isZeroS(s.fRs2)) || (isZeroS(s.fRs1) && isInfS(s.fRs2))
                : (isInfD(s.fRs1) && isZeroD(s.fRs2)) || (isZeroD(s.fRs1) && isInfD(s.fRs2));
        boolean qnan = single ? isNanS(s.fRs3) && !isSnanS(s.fRs3) : isNanD(s.fRs3) && !isSnanD(s.fRs3);
        return infZero && qnan;
    }

    private static boolean isNanS(long v) {
        int b = (int) v;
        return (b & 0x7F800000) == 0x7F800000 && (b & 0x7FFFFF) != 0;
    }

    private static boolean isSnanS(long v) {
        return isNanS(v) && ((int) v & 0x400000) == 0;
    }

    private static boolean isInfS(long v) {
        return ((int) v & 0x7FFFFFFF) == 0x7F800000;
    }

    private static boolean isZeroS(long v) {
        return ((int) v & 0x7FFFFFFF) == 0;
    }

    private static boolean isNanD(long v) {
        return (v & 0x7FF0000000000000L) == 0x7FF0000000000000L && (v & 0xFFFFFFFFFFFFFL) != 0;
    }

    private static boolean isSnanD(long v) {
        return isNanD(v) && (v & 0x8000000000000L) == 0;
    }

    private static boolean isInfD(long v) {
        return (v & 0x7FFFFFFFFFFFFFFFL) == 0x7FF0000000000000L;
    }

    private static boolean isZeroD(long v) {
        return (v & 0x7FFFFFFFFFFFFFFFL) == 0;
    }
}
