package org.cheriemu.emulator.cpu;

/**
 * The M extension's high multiplies, divisions and remainders (RISC-V unprivileged spec §13).
 * The interpreter calls {@link #m}; compiled regions call the single-operation methods.
 */
final class Alu {
    private Alu() {
    }

    static long m(int op, long a, long b) {
        return switch (op) {
            case Op.MUL -> a * b;
            case Op.MULH -> Math.multiplyHigh(a, b);
            case Op.MULHU -> Math.unsignedMultiplyHigh(a, b);
            case Op.MULHSU -> mulhsu(a, b);
            case Op.DIV -> div(a, b);
            case Op.DIVU -> divu(a, b);
            case Op.REM -> rem(a, b);
            case Op.REMU -> remu(a, b);
            case Op.MULW -> (int) a * (int) b;
            case Op.DIVW -> divw(a, b);
            case Op.DIVUW -> divuw(a, b);
            case Op.REMW -> remw(a, b);
            case Op.REMUW -> remuw(a, b);
            default -> throw new IllegalArgumentException("not an M-extension opcode: " + op);
        };
    }

    /** a signed, b unsigned: b_u = b_s + 2^64 when b &lt; 0, so the high word gains a. */
    static long mulhsu(long a, long b) {
        return Math.multiplyHigh(a, b) + (b < 0 ? a : 0);
    }

    /** x / 0 = -1; MIN / -1 = MIN (Java's long division already overflows that way). */
    static long div(long a, long b) {
        return b == 0 ? -1 : a / b;
    }

    static long divu(long a, long b) {
        return b == 0 ? -1 : Long.divideUnsigned(a, b);
    }

    static long rem(long a, long b) {
        return b == 0 ? a : a % b;
    }

    static long remu(long a, long b) {
        return b == 0 ? a : Long.remainderUnsigned(a, b);
    }

    static long divw(long a, long b) {
        int x = (int) a, y = (int) b;
        return y == 0 ? -1 : x / y;
    }

    static long divuw(long a, long b) {
        int x = (int) a, y = (int) b;
        return y == 0 ? -1 : Integer.divideUnsigned(x, y);
    }

    static long remw(long a, long b) {
        int x = (int) a, y = (int) b;
        return y == 0 ? x : x % y;
    }

    static long remuw(long a, long b) {
        int x = (int) a, y = (int) b;
        return y == 0 ? x : Integer.remainderUnsigned(x, y);
    }
}
