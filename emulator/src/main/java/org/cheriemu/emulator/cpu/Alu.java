package org.cheriemu.emulator.cpu;

/** The M extension's high multiplies, divisions and remainders (RISC-V unprivileged spec §13). */
final class Alu {
    private Alu() {
    }

    static long m(int op, long a, long b) {
        switch (op) {
            case Op.MUL:
                return a * b;
            case Op.MULH:
                return Math.multiplyHigh(a, b);
            case Op.MULHU:
                return Math.unsignedMultiplyHigh(a, b);
            case Op.MULHSU:
                // a signed, b unsigned: b_u = b_s + 2^64 when b < 0, so the high word gains a
                return Math.multiplyHigh(a, b) + (b < 0 ? a : 0);
            case Op.DIV:
                // x / 0 = -1; MIN / -1 = MIN (Java's long division already overflows that way)
                return b == 0 ? -1 : a / b;
            case Op.DIVU:
                return b == 0 ? -1 : Long.divideUnsigned(a, b);
            case Op.REM:
                return b == 0 ? a : a % b;
            case Op.REMU:
                return b == 0 ? a : Long.remainderUnsigned(a, b);
            case Op.MULW:
                return (int) a * (int) b;
            case Op.DIVW: {
                int x = (int) a, y = (int) b;
                return y == 0 ? -1 : x / y;
            }
            case Op.DIVUW: {
                int x = (int) a, y = (int) b;
                return y == 0 ? -1 : Integer.divideUnsigned(x, y);
            }
            case Op.REMW: {
                int x = (int) a, y = (int) b;
                return y == 0 ? x : x % y;
            }
            case Op.REMUW: {
                int x = (int) a, y = (int) b;
                return y == 0 ? x : Integer.remainderUnsigned(x, y);
            }
            default:
                throw new IllegalArgumentException("not an M-extension opcode: " + op);
        }
    }
}
