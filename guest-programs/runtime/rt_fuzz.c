/* Allocator runtime robustness: 20,000 service calls with random service numbers (in and just past the runtime's
 * range), random sizes and alignments (small, huge, negative as unsigned, powers of two and not), and random
 * capabilities in ca0 (valid, freed, interior, untagged, sealed, forged from DDC, NULL). Run with --bad-free report:
 * every call must return (no internal error, no hang); the guest prints a digest of what it saw and exits 0. */
#include <stdio.h>

#include "cheri.h"

#define SLOTS 64

static cap_t slots[SLOTS];
static uint64_t seed = 0x9e3779b97f4a7c15ull;

static uint64_t next(void) {
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return seed;
}

/* A size or alignment: mostly small, sometimes a power of two, sometimes anything at all. */
static uint64_t any_size(void) {
    switch (next() % 6) {
    case 0: return next() % 64;
    case 1: return next() % 5000;
    case 2: return (uint64_t)1 << (next() % 64);
    case 3: return ((uint64_t)1 << (next() % 64)) + 1;
    case 4: return next();
    default: return (uint64_t)-(int64_t)(next() % 64);
    }
}

/* Puts some capability in *c: a slot as it is, derived from one, or made up. */
static void any_cap(cap_t *c) {
    const cap_t *s = &slots[next() % SLOTS];
    switch (next() % 7) {
    case 0: cap_copy(c, s); break;
    case 1: cap_inc_offset(c, s, (int64_t)(next() % 64)); break;
    case 2: cap_clear_tag(c, s); break;
    case 3: { cap_t sealer; cap_from_ddc(&sealer, 7); cap_seal(c, s, &sealer); break; }
    case 4: cap_from_ddc(c, next()); break;
    case 5: cap_null(c); break;
    default: cap_copy(c, s); c->lo = next(); break;   /* an integer store: untagged */
    }
}

static uint64_t call(uint64_t service, const cap_t *in, uint64_t a0, uint64_t a1, cap_t *out) {
    register uint64_t r0 __asm__("a0") = a0;
    register uint64_t r1 __asm__("a1") = a1;
    register uint64_t r7 __asm__("a7") = service;
    __asm__ volatile(CHERI_LC("t0", "%3")
                     "beqz %5, 1f\n\t"
                     CHERI_LC("a0", "%3")
                     "1:\n\t"
                     "ecall\n\t"
                     CHERI_SC("a0", "%4")
                     : "+r"(r0), "+r"(r1) : "r"(r7), "r"(in), "r"(out), "r"((uint64_t)(next() & 1)) : "t0", "memory");
    return r0;
}

int main(void) {
    uint64_t tagged = 0, digest = 0;
    for (int i = 0; i < 20000; i++) {
        uint64_t service = CHERI_RT_BASE + next() % 12;
        cap_t in, out;
        any_cap(&in);
        uint64_t a0 = any_size(), a1 = any_size();
        if (service == CHERI_RT_STATISTICS) {
            static struct cheri_rt_stats st;
            a0 = next() & 1 ? (uint64_t)(uintptr_t)&st : next();
        }
        uint64_t r = call(service, &in, a0, a1, &out);
        if (cap_get_tag(&out)) {
            tagged++;
            cap_copy(&slots[next() % SLOTS], &out);
        }
        digest = digest * 31 + (r & 0xff);
    }
    printf("20000 calls returned; %llu gave a tagged capability\n", (unsigned long long)(tagged > 0));
    return digest == 1 ? 1 : 0;   /* the digest only keeps the calls from being optimised away */
}
