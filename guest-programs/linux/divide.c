/* Division and multiplication edge cases through inline asm, so the results are the ISA's (defined: division
 * by zero gives all ones / the dividend, INT_MIN / -1 gives INT_MIN, with no trap) rather than C's undefined
 * behaviour. */
#include <stdint.h>
#include <stdio.h>

#define OP(name, insn)                                                             \
    static uint64_t name(uint64_t a, uint64_t b) {                                 \
        uint64_t r;                                                                \
        __asm__ volatile(insn " %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));           \
        return r;                                                                  \
    }
OP(op_div, "div") OP(op_divu, "divu") OP(op_rem, "rem") OP(op_remu, "remu")
OP(op_divw, "divw") OP(op_divuw, "divuw") OP(op_remw, "remw") OP(op_remuw, "remuw")
OP(op_mul, "mul") OP(op_mulh, "mulh") OP(op_mulhu, "mulhu") OP(op_mulhsu, "mulhsu") OP(op_mulw, "mulw")

static const struct { const char *name; uint64_t (*f)(uint64_t, uint64_t); } ops[] = {
    {"div", op_div},   {"divu", op_divu},   {"rem", op_rem},   {"remu", op_remu},
    {"divw", op_divw}, {"divuw", op_divuw}, {"remw", op_remw}, {"remuw", op_remuw},
    {"mul", op_mul},   {"mulh", op_mulh},   {"mulhu", op_mulhu}, {"mulhsu", op_mulhsu}, {"mulw", op_mulw},
};

static const uint64_t vals[] = {
    0, 1, 2, 3, 7, (uint64_t)-1, (uint64_t)-2, (uint64_t)-7,
    0x8000000000000000ULL, 0x7FFFFFFFFFFFFFFFULL,
    0x80000000ULL, 0x7FFFFFFFULL, 0xFFFFFFFFULL, 0xFFFFFFFF80000000ULL,
    0x123456789ABCDEF0ULL, 0x00000001FFFFFFFFULL, 0xDEADBEEF00000003ULL,
};

int main(void) {
    const unsigned n = sizeof vals / sizeof vals[0];
    for (unsigned o = 0; o < sizeof ops / sizeof ops[0]; o++) {
        uint64_t h = 0;
        for (unsigned i = 0; i < n; i++)
            for (unsigned j = 0; j < n; j++) h = h * 0x100000001B3ULL ^ ops[o].f(vals[i], vals[j]);
        printf("%-6s hash %016llx\n", ops[o].name, (unsigned long long)h);
    }
    /* the corner cases, spelled out */
    uint64_t min = 0x8000000000000000ULL, m1 = (uint64_t)-1;
    printf("div  min/-1 = %016llx  rem min%%-1 = %016llx\n", (unsigned long long)op_div(min, m1), (unsigned long long)op_rem(min, m1));
    printf("divw min/-1 = %016llx  remw      = %016llx\n", (unsigned long long)op_divw(0x80000000ULL, m1),
           (unsigned long long)op_remw(0x80000000ULL, m1));
    printf("div  7/0 = %016llx  divu 7/0 = %016llx  rem 7%%0 = %016llx  remu 7%%0 = %016llx\n",
           (unsigned long long)op_div(7, 0), (unsigned long long)op_divu(7, 0), (unsigned long long)op_rem(7, 0),
           (unsigned long long)op_remu(7, 0));
    printf("divw -7/0 = %016llx  divuw = %016llx  remw = %016llx  remuw = %016llx\n",
           (unsigned long long)op_divw((uint64_t)-7, 0), (unsigned long long)op_divuw((uint64_t)-7, 0),
           (unsigned long long)op_remw((uint64_t)-7, 0), (unsigned long long)op_remuw((uint64_t)-7, 0));
    printf("div -7/2 = %lld  rem -7%%2 = %lld  divu -7/2 = %016llx\n", (long long)op_div((uint64_t)-7, 2),
           (long long)op_rem((uint64_t)-7, 2), (unsigned long long)op_divu((uint64_t)-7, 2));
    printf("divw upper bits ignored: %lld\n", (long long)op_divw(0xDEADBEEF00000064ULL, 0x1234567800000005ULL));
    printf("mulh -1*-1 = %016llx  mulhu max*max = %016llx  mulhsu -1*max = %016llx\n",
           (unsigned long long)op_mulh(m1, m1), (unsigned long long)op_mulhu(m1, m1), (unsigned long long)op_mulhsu(m1, m1));
    printf("mulw 0x7fffffff*2 = %016llx\n", (unsigned long long)op_mulw(0x7FFFFFFF, 2));
    return 0;
}
