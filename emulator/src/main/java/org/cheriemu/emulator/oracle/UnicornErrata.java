package org.cheriemu.emulator.oracle;

import org.cheriemu.emulator.cpu.Op;

/**
 * The one list of cases where Unicorn 2.0.1 (Debian's libunicorn2) is wrong, each proven by a
 * second oracle, qemu-riscv64. Lockstep repairs Unicorn's state when it meets one (copies our
 * result into Unicorn) and counts it instead of reporting a divergence.
 */
public enum UnicornErrata {
    /**
     * {@code amomax.w} does not update memory in Unicorn 2.0.1: rd gets the old value, but the
     * word in memory stays unchanged. Evidence: {@code UnicornErrataTest#amomaxWDoesNotUpdateMemory}
     * runs {@code amomax.w} on Unicorn (memory unchanged), and the atomics guest
     * (guest-programs/linux/atomics.c, expected output generated with qemu-riscv64) checks
     * atomic max results that qemu-riscv64 and our interpreter produce.
     */
    AMOMAX_W_NO_STORE;

    /** The erratum that explains a memory difference after instruction {@code op}, or null. */
    static UnicornErrata explains(int op, boolean unicornMapped) {
        if (op == Op.AMOMAX_W && unicornMapped) {
            return AMOMAX_W_NO_STORE;
        }
        return null;
    }
}
