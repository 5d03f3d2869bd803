/* Allocator runtime: invalid frees. Run with --bad-free report so the guest continues after each report:
 *   1. an interior pointer (base + 16 of a live 64-byte object),
 *   2. an untagged copy of a valid capability (its address half rewritten by an integer store),
 *   3. a capability to a global variable (outside the heap),
 *   4. a sealed capability to a live object.
 * Each free returns EINVAL (22), and the object stays live; the guest then frees it properly and exits 0. */
#include <stdio.h>

#include "cheri.h"

static char global_buffer[32];

static __attribute__((noinline)) int free_interior(const cap_t *obj) {
    cap_t inner;
    cap_inc_offset(&inner, obj, 16);
    return cheri_free_checked(&inner);
}

static __attribute__((noinline)) int free_untagged(const cap_t *obj) {
    static cap_t forged;
    cap_copy(&forged, obj);
    *(volatile uint64_t *)&forged.lo = cap_get_addr(obj);
    return cheri_free_checked(&forged);
}

static __attribute__((noinline)) int free_global(void) {
    cap_t g;
    cap_from_ddc(&g, (uint64_t)(uintptr_t)global_buffer);
    cap_set_bounds(&g, &g, sizeof global_buffer);
    return cheri_free_checked(&g);
}

static __attribute__((noinline)) int free_sealed(const cap_t *obj) {
    cap_t sealer, sealed;
    cap_from_ddc(&sealer, 42);
    cap_seal(&sealed, obj, &sealer);
    return cheri_free_checked(&sealed);
}

int main(void) {
    cap_t obj;
    cheri_malloc(&obj, 64);
    printf("interior pointer: %d\n", free_interior(&obj));
    printf("untagged capability: %d\n", free_untagged(&obj));
    printf("global variable: %d\n", free_global());
    printf("sealed capability: %d\n", free_sealed(&obj));
    printf("the object is still live: usable size %zu\n", cheri_malloc_usable_size(&obj));
    printf("proper free: %d\n", cheri_free_checked(&obj));
    return 0;
}
