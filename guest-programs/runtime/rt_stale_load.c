/* Allocator runtime: a capability loaded from memory after its object was freed, before any revocation pass.
 * With --revoker full (or capdirty) the freed object waits in quarantine, unreused and unrevoked, so the read
 * still sees its old data: the guest prints it and exits 0. With --revoker loadbarrier the capability load itself
 * checks the revocation bitmap and clears the tag, so the read faults: tag violation on c5, exit 162, and the
 * report says the load barrier cleared it. */
#include <stdio.h>

#include "cheri.h"

static cap_t saved;

static __attribute__((noinline)) void make_and_save(void) {
    cap_t obj;
    cheri_malloc(&obj, 40);
    cap_store_u64(&obj, 8, 4242);
    cap_copy(&saved, &obj);
    cheri_free(&obj);
}

static __attribute__((noinline)) uint64_t read_saved(void) {
    return cap_load_u64(&saved, 8);
}

int main(void) {
    make_and_save();
    printf("object freed, no pass yet; reading through the saved capability\n");
    fflush(stdout);
    printf("read %llu\n", (unsigned long long)read_saved());
    return 0;
}
