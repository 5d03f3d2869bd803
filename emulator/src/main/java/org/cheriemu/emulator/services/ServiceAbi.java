package org.cheriemu.emulator.services;

/**
 * The runtime service ABI: {@code ecall} with a7 = {@link #BASE} + service. Linux system call
 * numbers end below 0x200 (RISC-V uses the generic table), so the two ranges never meet; a
 * number in this range that names no service returns -ENOSYS in a0. Capabilities travel in
 * capability registers (the merged file: ca0 is c10, whose address is a0). Documented in the
 * README ("Runtime service ABI"); {@code guest-programs/include/cheri.h} wraps it.
 *
 * <pre>
 * a7           service          arguments              results
 * BASE + 0     malloc           a0 = size              ca0 = capability, NULL when out of memory
 * BASE + 1     calloc           a0 = count, a1 = size  ca0
 * BASE + 2     realloc          ca0 = old, a1 = size   ca0 = new (NULL on failure: old stays valid)
 * BASE + 3     free             ca0                    a0 = 0, or EINVAL (bad free, --bad-free report)
 * BASE + 4     aligned_alloc    a0 = align, a1 = size  ca0
 * BASE + 5     posix_memalign   a0 = align, a1 = size  ca0, a1 = 0, EINVAL or ENOMEM
 * BASE + 6     usable_size      ca0                    a0 = length of the object, 0 if not live
 * BASE + 7     revoke           -                      a0 = number of the pass run
 * BASE + 8     statistics       a0 = buffer, a1 = size a0 = bytes written (struct cheri_rt_stats),
 *                                                      or -EFAULT
 * </pre>
 */
public final class ServiceAbi {
    private ServiceAbi() {
    }

    public static final long BASE = 0x40000;
    public static final int MALLOC = 0, CALLOC = 1, REALLOC = 2, FREE = 3, ALIGNED_ALLOC = 4, POSIX_MEMALIGN = 5,
            USABLE_SIZE = 6, REVOKE = 7, STATISTICS = 8;
    /** Services defined (numbers 0 .. COUNT - 1). */
    public static final int COUNT = 9;
    /** Numbers BASE .. BASE + RANGE - 1 belong to the runtime. */
    public static final long RANGE = 0x1000;

    private static final String[] NAMES = {"malloc", "calloc", "realloc", "free", "aligned_alloc", "posix_memalign",
        "malloc_usable_size", "revoke", "statistics"};

    /** True when a7 = {@code number} is a runtime service call, not a Linux system call. */
    public static boolean isService(long number) {
        return number - BASE >= 0 && number - BASE < RANGE;
    }

    /** The name of service {@code number - BASE}, or null. */
    public static String name(long number) {
        long s = number - BASE;
        return s >= 0 && s < COUNT ? NAMES[(int) s] : null;
    }
}
