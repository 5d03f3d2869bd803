/* Allocator runtime: every service of the ABI, self-checking. Prints one line per check ("ok" or "FAIL") and
 * exits with the number of failed checks. Run with the default flags (revoker full, zeroing on). */
#include <stdio.h>
#include <string.h>

#include "cheri.h"

#define OBJECT_PERMS (CHERI_PERM_GLOBAL | CHERI_PERM_LOAD | CHERI_PERM_STORE | CHERI_PERM_LOAD_CAP | CHERI_PERM_STORE_CAP)

static int failures;

static void check(int ok, const char *what) {
    printf("%s %s\n", ok ? "ok  " : "FAIL", what);
    failures += !ok;
}

/* A capability with exact bounds [addr, addr + len) and the object permissions. */
static int exact_object(const cap_t *c, uint64_t len) {
    return cap_get_tag(c) && cap_get_base(c) == cap_get_addr(c) && cap_get_len(c) == len
           && cap_get_perms(c) == OBJECT_PERMS && cap_get_type(c) == CHERI_OTYPE_UNSEALED;
}

static int all_zero(const cap_t *c, uint64_t len) {
    for (uint64_t i = 0; i < len; i++) {
        if (cap_load_u8(c, (int64_t)i) != 0) {
            return 0;
        }
    }
    return 1;
}

static void malloc_and_bounds(void) {
    cap_t a, b;
    check(cheri_malloc(&a, 24) == 0, "malloc(24) succeeds");
    check(exact_object(&a, 24), "malloc(24): tagged, exact bounds of 24 bytes, load/store/cap/global permissions");
    check(all_zero(&a, 24), "malloc(24): zeroed");
    check(cap_get_base(&a) % 16 == 0, "malloc(24): 16-byte aligned");
    check(cheri_malloc(&b, 24) == 0
          && (cap_get_base(&b) >= cap_get_base(&a) + 24 || cap_get_base(&b) + 24 <= cap_get_base(&a)),
          "a second malloc(24) does not overlap the first");
    check(cheri_malloc_usable_size(&a) == 24, "malloc_usable_size = 24");

    uint64_t big = 0x12345, rlen = cap_round_representable_length(big);
    cap_t c;
    check(cheri_malloc(&c, big) == 0, "malloc(0x12345) succeeds");
    check(cap_get_tag(&c) && cap_get_len(&c) == rlen && cap_get_base(&c) == cap_get_addr(&c),
          "malloc(0x12345): bounds padded to CRRL(0x12345)");
    check((cap_get_base(&c) & ~cap_representable_alignment_mask(big)) == 0, "malloc(0x12345): base aligned to CRAM");

    cap_t z;
    check(cheri_malloc(&z, 0) == 0 && cap_get_tag(&z) && cap_get_len(&z) == 0, "malloc(0): a tagged zero-length capability");
    cheri_free(&a);
    cheri_free(&b);
    cheri_free(&c);
    cheri_free(&z);
    check(cheri_malloc_usable_size(&a) == 0, "malloc_usable_size of a freed object = 0");
}

static void calloc_realloc(void) {
    cap_t a;
    check(cheri_calloc(&a, 10, 8) == 0 && exact_object(&a, 80) && all_zero(&a, 80), "calloc(10, 8): 80 zeroed bytes");
    check(cheri_calloc(&a, (size_t)1 << 33, (size_t)1 << 33) == CHERI_RT_ENOMEM && !cap_get_tag(&a),
          "calloc overflow: ENOMEM and NULL");

    cap_t obj, inner, loaded;
    cheri_malloc(&obj, 48);
    cheri_malloc(&inner, 16);
    cap_store_u64(&obj, 32, 0x1122334455667788ull);
    cap_store_cap(&obj, 0, &inner);
    uint64_t old_base = cap_get_base(&obj);
    check(cheri_realloc(&obj, 100) == 0 && exact_object(&obj, 100), "realloc(48 -> 100): exact bounds of 100 bytes");
    check(cap_get_base(&obj) != old_base, "realloc moves the object (its bounds change)");
    check(cap_load_u64(&obj, 32) == 0x1122334455667788ull, "realloc copies the data");
    cap_load_cap(&loaded, &obj, 0);
    check(cap_equal_exact(&loaded, &inner), "realloc copies a stored capability with its tag");
    check(cap_load_u64(&obj, 48) == 0 && cap_load_u64(&obj, 88) == 0, "realloc: the new tail is zeroed");
    check(cheri_realloc(&obj, 0) == 0 && !cap_get_tag(&obj) && cap_get_addr(&obj) == 0, "realloc(n = 0) frees and gives NULL");
    cap_t fresh;
    cap_null(&fresh);
    check(cheri_realloc(&fresh, 40) == 0 && exact_object(&fresh, 40), "realloc(NULL, 40) allocates");
    cheri_free(&fresh);
    cheri_free(&inner);
}

static void aligned(void) {
    cap_t a;
    check(cheri_aligned_alloc(&a, 4096, 100) == 0 && exact_object(&a, 100) && cap_get_base(&a) % 4096 == 0,
          "aligned_alloc(4096, 100): 4 KiB aligned, exact bounds");
    cheri_free(&a);
    check(cheri_aligned_alloc(&a, 24, 100) != 0 && !cap_get_tag(&a), "aligned_alloc(24, ...): not a power of two, NULL");
    check(cheri_posix_memalign(&a, 3, 8) == CHERI_RT_EINVAL && !cap_get_tag(&a), "posix_memalign(3, 8): EINVAL");
    check(cheri_posix_memalign(&a, 256, 1000) == 0 && exact_object(&a, 1000) && cap_get_base(&a) % 256 == 0,
          "posix_memalign(256, 1000): aligned, exact bounds");
    cheri_free(&a);
}

static void revocation(void) {
    static cap_t copy;
    cap_t a;
    struct cheri_rt_stats before, after;
    cheri_rt_statistics(&before);
    cheri_malloc(&a, 64);
    cap_copy(&copy, &a);
    cheri_free(&a);
    check(cap_get_tag(&copy), "a copy of a freed capability is still tagged while it is in quarantine");
    cheri_revoke();
    check(!cap_get_tag(&copy), "after cheri_revoke() the copy in memory is untagged");
    check(cheri_rt_statistics(&after) == (long)sizeof after, "statistics: the whole struct is written");
    check(after.sweeps == before.sweeps + 1, "statistics: one more sweep");
    check(after.frees == before.frees + 1 && after.mallocs == before.mallocs + 1, "statistics: one more malloc and free");
    check(after.revoked_in_memory >= before.revoked_in_memory + 1, "statistics: the copy counts as revoked in memory");
    check(after.quarantined_bytes == 0, "statistics: the quarantine is empty after the pass");
    check(after.peak_requested_bytes >= 0x12345, "statistics: peak requested bytes include the 0x12345-byte object");
    check(cheri_rt_statistics((struct cheri_rt_stats *)16) < 0, "statistics into an unmapped buffer: -EFAULT");
}

int main(void) {
    malloc_and_bounds();
    calloc_realloc();
    aligned();
    revocation();
    printf("%d failed\n", failures);
    return failures;
}
