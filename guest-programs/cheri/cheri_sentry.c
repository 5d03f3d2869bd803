/* CHERI example: calls through sentries (sealed entry capabilities), no fault.
 *  1. A sentry for a plain C function, called with JALR.CAP cra, ct0; the callee returns with an ordinary
 *     integer-mode `ret`.
 *  2. A sentry for an assembly function that returns with JALR.CAP cnull, cra (unsealing the return sentry
 *     that the call put in cra).
 *  3. A sentry cannot be modified: CIncOffset clears its tag.
 * Expected: the lines below and exit status 0. */
#include <stdio.h>

#include "cheri.h"

__attribute__((noinline)) long add_one(long x) { return x + 1; }

/* long times_three(long x): returns through the return sentry in cra. */
__asm__(".text\n"
        ".globl times_three\n"
        ".type times_three, @function\n"
        ".align 2\n"
        "times_three:\n"
        "    slli t0, a0, 1\n"
        "    add a0, a0, t0\n"
        "    .insn r 0x5b, 0, 0x7f, zero, ra, x12\n" /* jalr.cap cnull, cra */
        ".size times_three, . - times_three\n");
long times_three(long x);

int main(void) {
    cap_t sentry, sentry3, moved;
    cap_make_sentry(&sentry, (void (*)(void))add_one);
    printf("sentry: tag %llu, sealed %llu, type is sentry %d\n", (unsigned long long)cap_get_tag(&sentry),
           (unsigned long long)cap_get_sealed(&sentry), cap_get_type(&sentry) == CHERI_OTYPE_SENTRY);
    printf("call through the sentry: add_one(41) = %llu\n", (unsigned long long)cap_call_sentry(&sentry, 41));
    cap_make_sentry(&sentry3, (void (*)(void))times_three);
    printf("call and return through sentries: times_three(14) = %llu\n",
           (unsigned long long)cap_call_sentry(&sentry3, 14));
    long sum = 0;
    for (long i = 0; i < 1000; i++) sum += (long)cap_call_sentry(&sentry, (uint64_t)i);
    printf("1000 calls: sum %ld\n", sum);
    cap_inc_offset(&moved, &sentry, 4);
    printf("CIncOffset on a sentry clears the tag: tag %llu\n", (unsigned long long)cap_get_tag(&moved));
    return 0;
}
