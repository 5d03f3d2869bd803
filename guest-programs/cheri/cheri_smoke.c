/* Self-checking tour of every cheri.h helper (no fault expected). Prints one "ok"/"FAIL" line per check,
 * with no addresses, so the output is the same on every run; the exit status is the number of failures.
 * Expected values come from CHERI-RISCV-REFERENCE.md (the CRRL/CRAM table of 1.7, the set-bounds examples of
 * 1.6, the semantics table of 3.9). Needs a DDC that covers the whole address space with Global, Load, Store,
 * Load/Store_Capability, Store_Local_Capability, Seal and Unseal (the root capability, as at reset, has them). */
#include <stdio.h>
#include <stdlib.h>

#include "cheri.h"

static int failures;

static void check(const char *what, uint64_t got, uint64_t want) {
    if (got == want) {
        printf("ok    %s\n", what);
    } else {
        printf("FAIL  %s: got 0x%llx, want 0x%llx\n", what, (unsigned long long)got, (unsigned long long)want);
        failures++;
    }
}

static char small[16] __attribute__((aligned(16))) = "0123456789abcdef";

__attribute__((noinline)) long add_one(long x) { return x + 1; }

int main(void) {
    cap_t ddc, c, d, e, sealer;
    uint64_t a = (uint64_t)(uintptr_t)small;

    cap_read_ddc(&ddc);
    check("DDC is tagged", cap_get_tag(&ddc), 1);
    check("DDC is unsealed", cap_get_type(&ddc), CHERI_OTYPE_UNSEALED);
    const uint64_t needed = CHERI_PERM_GLOBAL | CHERI_PERM_LOAD | CHERI_PERM_STORE | CHERI_PERM_LOAD_CAP |
                            CHERI_PERM_STORE_CAP | CHERI_PERM_STORE_LOCAL_CAP | CHERI_PERM_SEAL | CHERI_PERM_UNSEAL;
    check("DDC has the permissions these checks use", cap_get_perms(&ddc) & needed, needed);
    check("DDC flags (integer mode)", cap_get_flags(&ddc), 0);

    /* derive, bound, inspect */
    cap_from_ddc(&c, a);
    check("cap_from_ddc address", cap_get_addr(&c), a);
    check("cap_from_ddc tag", cap_get_tag(&c), 1);
    cap_set_bounds(&c, &c, 16);
    check("16-byte bounds: base", cap_get_base(&c), a);
    check("16-byte bounds: len", cap_get_len(&c), 16);
    check("16-byte bounds: top", cap_get_top(&c), a + 16);
    check("16-byte bounds: offset", cap_get_offset(&c), 0);
    check("16-byte bounds: tag", cap_get_tag(&c), 1);
    check("memory-form metadata = CGetHigh", c.hi, cap_get_high(&c));
    check("c.lo is the address", c.lo, a);
    check("DDC contains it (CTestSubset)", cap_test_subset(&ddc, &c), 1);
    check("it does not contain DDC", cap_test_subset(&c, &ddc), 0);

    /* copies keep the tag, C copies do not */
    cap_copy(&d, &c);
    check("cap_copy equal exact", cap_equal_exact(&d, &c), 1);
    cap_move(&d, &c);
    check("cap_move equal exact", cap_equal_exact(&d, &c), 1);
    e = c; /* a C struct copy: 16 bytes through integer registers */
    check("C struct copy loses the tag", cap_get_tag(&e), 0);
    check("C struct copy keeps the address", cap_get_addr(&e), a);
    check("CSub", cap_sub(&c, &ddc), a - cap_get_addr(&ddc));

    /* offsets and representability */
    cap_inc_offset(&d, &c, 5);
    check("CIncOffset +5 offset", cap_get_offset(&d), 5);
    check("CIncOffset +5 tag", cap_get_tag(&d), 1);
    cap_inc_offset(&d, &c, 16);
    check("one past the end is representable", cap_get_tag(&d), 1);
    cap_inc_offset(&d, &c, 0x1000000);
    check("far out of bounds is not representable (tag cleared)", cap_get_tag(&d), 0);
    cap_set_offset(&d, &c, 7);
    check("CSetOffset", cap_get_addr(&d), a + 7);
    cap_set_addr(&d, &c, a + 9);
    check("CSetAddr", cap_get_offset(&d), 9);

    /* loads and stores through the capability */
    check("cap_load_u8", cap_load_u8(&c, 1), '1');
    check("cap_load_u32", cap_load_u32(&c, 4), 0x37363534);
    check("cap_load_u64", cap_load_u64(&c, 8), 0x6665646362613938ULL);
    check("cap_load_s8 sign-extends", (uint64_t)(int64_t)cap_load_s8(&c, 0), '0');
    cap_store_u8(&c, 0, 0x80);
    check("cap_store_u8 / s8", (uint64_t)(int64_t)cap_load_s8(&c, 0), (uint64_t)-128);
    cap_store_u32(&c, 4, 0xdeadbeef);
    check("cap_store_u32", *(volatile uint32_t *)(small + 4), 0xdeadbeef);
    cap_store_u64(&c, 8, 0x0123456789abcdefULL);
    check("cap_store_u64", *(volatile uint64_t *)(small + 8), 0x0123456789abcdefULL);
    cap_store_u16(&c, 2, 0xbeef);
    check("cap_load_u16", cap_load_u16(&c, 2), 0xbeef);
    check("cap_peek_u8 (no offset)", cap_peek_u8(&c), 0x80);

    /* inexact bounds (reference 1.6: base 0x...1234, len 0x12345 rounds to base ...1200, top ...13580) */
    char *big = malloc(0x30000);
    uint64_t b = ((uint64_t)(uintptr_t)big + 0xfff) & ~0xfffULL;
    cap_from_ddc(&d, b + 0x234);
    cap_set_bounds(&e, &d, 0x12345);
    check("inexact set bounds: base rounded down", cap_get_base(&e), b + 0x200);
    check("inexact set bounds: top rounded up", cap_get_top(&e), b + 0x12580);
    check("inexact set bounds: still tagged", cap_get_tag(&e), 1);
    cap_set_bounds_exact(&e, &d, 0x12345);
    check("CSetBoundsExact of an inexact length clears the tag", cap_get_tag(&e), 0);
    cap_set_bounds_exact(&e, &d, 0xFFF);
    check("CSetBoundsExact of an exact length keeps the tag", cap_get_tag(&e), 1);
    cap_set_bounds(&e, &c, 17);
    check("bounds larger than the source clear the tag", cap_get_tag(&e), 0);
    free(big);

    /* CRRL / CRAM (reference 1.7 table) */
    check("CRRL(0x1001)", cap_round_representable_length(0x1001), 0x1008);
    check("CRAM(0x1001)", cap_representable_alignment_mask(0x1001), 0xFFFFFFFFFFFFFFF8ULL);
    check("CRRL(0x1FFF)", cap_round_representable_length(0x1FFF), 0x2000);
    check("CRAM(0x1FFF)", cap_representable_alignment_mask(0x1FFF), 0xFFFFFFFFFFFFFFF0ULL);
    check("CRRL(0x12345)", cap_round_representable_length(0x12345), 0x12380);
    check("CRAM(0x12345)", cap_representable_alignment_mask(0x12345), 0xFFFFFFFFFFFFFF80ULL);
    check("CRRL(0xFFF)", cap_round_representable_length(0xFFF), 0xFFF);
    check("CRRL(2^64-1)", cap_round_representable_length(0xFFFFFFFFFFFFFFFFULL), 0);

    /* permissions */
    cap_and_perm(&d, &c, CHERI_PERM_LOAD | CHERI_PERM_STORE | CHERI_PERM_SW2);
    check("CAndPerm", cap_get_perms(&d), CHERI_PERM_LOAD | CHERI_PERM_STORE | CHERI_PERM_SW2);
    check("fewer permissions are a subset", cap_test_subset(&c, &d), 1);
    cap_clear_tag(&d, &c);
    check("CClearTag", cap_get_tag(&d), 0);
    check("untagged is not a subset of tagged", cap_test_subset(&c, &d), 0);

    /* sealing */
    cap_from_ddc(&sealer, 1000);
    cap_seal(&d, &c, &sealer);
    check("CSeal: sealed", cap_get_sealed(&d), 1);
    check("CSeal: type", cap_get_type(&d), 1000);
    check("CSeal: tagged", cap_get_tag(&d), 1);
    cap_unseal(&e, &d, &sealer);
    check("CUnseal: unsealed", cap_get_sealed(&e), 0);
    check("CUnseal: equal to the original", cap_equal_exact(&e, &c), 1);
    cap_copy_type(&e, &ddc, &d);
    check("CCopyType", cap_get_addr(&e), 1000);
    cap_set_addr(&e, &sealer, (uint64_t)-1);
    cap_cseal(&e, &c, &e);
    check("CCSeal with otype -1 passes through", cap_equal_exact(&e, &c), 1);
    cap_inc_offset(&e, &d, 1);
    check("modifying a sealed capability clears the tag", cap_get_tag(&e), 0);
    cap_inc_offset(&e, &d, 0);
    check("even CIncOffset by 0 clears a sealed capability's tag", cap_get_tag(&e), 0);

    /* capabilities in memory */
    static cap_t slots[4] __attribute__((aligned(64))); /* CLoadTags needs 64-byte alignment */
    cap_null(&slots[0]);
    cap_null(&slots[1]);
    cap_null(&slots[2]);
    cap_null(&slots[3]);
    cap_from_ddc(&d, (uint64_t)(uintptr_t)slots);
    cap_set_bounds(&d, &d, sizeof slots);
    cap_store_cap(&d, 0, &c);
    cap_store_cap(&d, 32, &c);
    check("CLoadTags after two SC.CAP", cap_load_tags(&d), 0x5);
    cap_load_cap(&e, &d, 32);
    check("LC.CAP round trip", cap_equal_exact(&e, &c), 1);
    check("slot 1 is NULL", cap_get_tag(&slots[1]) | slots[1].lo | slots[1].hi, 0);
    *(volatile uint64_t *)&slots[2].hi = slots[2].hi; /* an integer store to the slot... */
    check("...clears the tag even when the value is unchanged", cap_get_tag(&slots[2]), 0);
    cap_and_perm(&e, &d, CHERI_PERM_LOAD);
    cap_load_cap(&e, &e, 0);
    check("LC.CAP without Permit_Load_Cap strips the tag", cap_get_tag(&e), 0);
    check("...but keeps the address", cap_get_addr(&e), a);

    /* sentries */
    cap_make_sentry(&d, (void (*)(void))add_one);
    check("sentry type", cap_get_type(&d), CHERI_OTYPE_SENTRY);
    check("call through a sentry", cap_call_sentry(&d, 99), 100);
    cap_from_pcc(&e, (uint64_t)(uintptr_t)add_one);
    check("PCC-derived flags", cap_get_flags(&e), 0);
    check("PCC has Permit_Execute", (cap_get_perms(&e) & CHERI_PERM_EXECUTE) != 0, 1);
    check("call through an unsealed code capability", cap_call_sentry(&e, 1), 2);
    cap_set_flags(&e, &e, 1);
    check("CSetFlags", cap_get_flags(&e), 1);

    printf("%d failures\n", failures);
    return failures;
}
