package org.cheriemu.emulator.cpu;

/** Exception causes (mcause values, interrupt bit clear) of the privileged specification. */
public enum Cause {
    INSTRUCTION_ADDRESS_MISALIGNED(0, "instruction address misaligned"),
    INSTRUCTION_ACCESS_FAULT(1, "instruction access fault"),
    ILLEGAL_INSTRUCTION(2, "illegal instruction"),
    BREAKPOINT(3, "breakpoint"),
    LOAD_ADDRESS_MISALIGNED(4, "load address misaligned"),
    LOAD_ACCESS_FAULT(5, "load access fault"),
    STORE_ADDRESS_MISALIGNED(6, "store/AMO address misaligned"),
    STORE_ACCESS_FAULT(7, "store/AMO access fault"),
    ECALL_FROM_U(8, "environment call from U-mode"),
    ECALL_FROM_S(9, "environment call from S-mode"),
    ECALL_FROM_M(11, "environment call from M-mode"),
    INSTRUCTION_PAGE_FAULT(12, "instruction page fault"),
    LOAD_PAGE_FAULT(13, "load page fault"),
    STORE_PAGE_FAULT(15, "store/AMO page fault"),
    CHERI(28, "CHERI exception");

    public static final int INSTRUCTION_ACCESS = 1, ILLEGAL = 2, BREAK = 3, LOAD_MISALIGNED = 4,
            LOAD_ACCESS = 5, STORE_MISALIGNED = 6, STORE_ACCESS = 7, ECALL_U = 8, ECALL_M = 11;

    /** Interrupt bit of mcause (RV64). */
    public static final long INTERRUPT = 1L << 63;

    public final int code;
    public final String description;

    Cause(int code, String description) {
        this.code = code;
        this.description = description;
    }

    /** The cause with this code, or null. */
    public static Cause of(long mcause) {
        if (mcause < 0) {
            return null;
        }
        for (Cause c : values()) {
            if (c.code == mcause) {
                return c;
            }
        }
        return null;
    }

    /** Human description of an mcause value, interrupts included. */
    public static String describe(long mcause) {
        if (mcause < 0) {
            return "interrupt " + (mcause & ~INTERRUPT);
        }
        Cause c = of(mcause);
        return c != null ? c.description : "exception " + mcause;
    }

    /**
     * The signal Linux delivers for an unhandled trap of this cause, as a shell exit status
     * (128 + signal): SIGILL 132, SIGTRAP 133, SIGBUS 135, SIGSEGV 139, and SIGSYS 159 for an
     * environment call nobody serves. CHERI exceptions give 162 (SIGPROT, as on CheriBSD).
     */
    public static int linuxStatus(long mcause) {
        if (mcause < 0) {
            return 132;
        }
        return switch ((int) mcause) {
            case ILLEGAL -> 132;
            case BREAK -> 133;
            case LOAD_MISALIGNED, STORE_MISALIGNED, 0 -> 135;
            case ECALL_U, 9, ECALL_M -> 159;
            case 28 -> 162;
            default -> 139;
        };
    }
}
