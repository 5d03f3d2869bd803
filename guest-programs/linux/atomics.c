/* lr/sc and every AMO (.w and .d, with and without aq/rl) through inline asm; each prints the old value
 * returned and the memory afterwards. */
#include <stdint.h>
#include <stdio.h>

static uint64_t mem64;
static uint32_t mem32[2];

#define AMO_D(insn)                                                                         \
    static void t_##insn##_d(uint64_t init, uint64_t operand) {                             \
        mem64 = init;                                                                       \
        uint64_t old;                                                                       \
        __asm__ volatile(#insn ".d %0, %2, (%1)" : "=&r"(old) : "r"(&mem64), "r"(operand) : "memory"); \
        printf("%-9s.d %016llx op %016llx -> old %016llx mem %016llx\n", #insn, (unsigned long long)init,  \
               (unsigned long long)operand, (unsigned long long)old, (unsigned long long)mem64);          \
    }
#define AMO_W(insn)                                                                         \
    static void t_##insn##_w(uint32_t init, uint64_t operand) {                             \
        mem32[0] = init; mem32[1] = 0xA5A5A5A5u;                                            \
        uint64_t old;                                                                       \
        __asm__ volatile(#insn ".w %0, %2, (%1)" : "=&r"(old) : "r"(&mem32[0]), "r"(operand) : "memory"); \
        printf("%-9s.w %08x op %016llx -> old %016llx mem %08x next %08x\n", #insn, init,   \
               (unsigned long long)operand, (unsigned long long)old, mem32[0], mem32[1]);   \
    }
#define BOTH(insn) AMO_D(insn) AMO_W(insn)
BOTH(amoswap) BOTH(amoadd) BOTH(amoxor) BOTH(amoand) BOTH(amoor)
BOTH(amomin) BOTH(amomax) BOTH(amominu) BOTH(amomaxu)

#define RUN(insn)                                                                                \
    do {                                                                                         \
        for (unsigned i = 0; i < sizeof d_cases / sizeof d_cases[0]; i++)                        \
            t_##insn##_d(d_cases[i][0], d_cases[i][1]);                                           \
        for (unsigned i = 0; i < sizeof w_cases / sizeof w_cases[0]; i++)                        \
            t_##insn##_w((uint32_t)w_cases[i][0], w_cases[i][1]);                                \
    } while (0)

int main(void) {
    static const uint64_t d_cases[][2] = {
        {5, 3}, {(uint64_t)-5, 3}, {0x8000000000000000ULL, 0x7FFFFFFFFFFFFFFFULL},
        {0xFFFFFFFFFFFFFFFFULL, 1}, {0x00000000FFFFFFFFULL, 0xFFFFFFFF00000000ULL},
    };
    static const uint64_t w_cases[][2] = {
        {5, 3}, {0xFFFFFFFB, 3}, {0x80000000, 0x7FFFFFFF}, {0xFFFFFFFF, 1},
        {0x7FFFFFFF, 0xFFFFFFFF00000001ULL}, /* upper operand bits are ignored by .w */
    };
    RUN(amoswap); RUN(amoadd); RUN(amoxor); RUN(amoand); RUN(amoor);
    RUN(amomin); RUN(amomax); RUN(amominu); RUN(amomaxu);

    /* ordering bits */
    uint64_t old;
    mem64 = 10;
    __asm__ volatile("amoadd.d.aq %0, %2, (%1)" : "=&r"(old) : "r"(&mem64), "r"(1L) : "memory");
    __asm__ volatile("amoadd.d.rl %0, %2, (%1)" : "=&r"(old) : "r"(&mem64), "r"(1L) : "memory");
    __asm__ volatile("amoadd.d.aqrl %0, %2, (%1)" : "=&r"(old) : "r"(&mem64), "r"(1L) : "memory");
    printf("aq/rl adds: old %llu mem %llu\n", (unsigned long long)old, (unsigned long long)mem64);
    /* amo with rd = zero */
    __asm__ volatile("amoor.d zero, %1, (%0)" : : "r"(&mem64), "r"(0x100L) : "memory");
    printf("amoor rd=zero: mem %llx\n", (unsigned long long)mem64);

    /* lr/sc: a successful pair, then an sc without a reservation, then a CAS loop */
    uint64_t val, fail;
    mem64 = 41;
    __asm__ volatile("lr.d %0, (%2)\n addi %0, %0, 1\n sc.d %1, %0, (%2)"
                     : "=&r"(val), "=&r"(fail) : "r"(&mem64) : "memory");
    printf("lr.d/sc.d: loaded+1 %llu sc result %llu mem %llu\n", (unsigned long long)val, (unsigned long long)fail,
           (unsigned long long)mem64);
    mem32[0] = 0xFFFFFFF0u;
    __asm__ volatile("lr.w %0, (%2)\n addi %0, %0, 1\n sc.w %1, %0, (%2)"
                     : "=&r"(val), "=&r"(fail) : "r"(&mem32[0]) : "memory");
    printf("lr.w/sc.w: loaded+1 %016llx (sign-extended) sc result %llu mem %08x\n", (unsigned long long)val,
           (unsigned long long)fail, mem32[0]);
    /* sc.d with no reservation held (the previous sc consumed it): must fail and leave memory */
    mem64 = 7;
    __asm__ volatile("sc.d %0, %2, (%1)" : "=&r"(fail) : "r"(&mem64), "r"(1234L) : "memory");
    printf("sc.d without lr: result %s, mem %llu\n", fail ? "failure" : "success", (unsigned long long)mem64);
    /* compare-and-swap loop */
    mem64 = 100;
    for (int i = 0; i < 5; i++) {
        uint64_t expected = mem64, desired = expected * 3 + 1, seen;
        __asm__ volatile("1: lr.d.aq %0, (%2)\n bne %0, %3, 2f\n sc.d.rl %1, %4, (%2)\n bnez %1, 1b\n 2:"
                         : "=&r"(seen), "=&r"(fail) : "r"(&mem64), "r"(expected), "r"(desired) : "memory");
        printf("cas %d: seen %llu now %llu\n", i, (unsigned long long)seen, (unsigned long long)mem64);
    }
    return 0;
}
