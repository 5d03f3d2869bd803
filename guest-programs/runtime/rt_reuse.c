/* Allocator runtime: what reused memory holds. A 64-byte object is filled with 0xab bytes and a capability, freed
 * and revoked; the next 64-byte malloc reuses its slot. By default new memory is zeroed, so it reads 0x00; with
 * --no-zero the old bytes are still there, but the capability's tag is cleared either way (a new object never
 * holds a stale capability). Prints what it finds; exits 0. */
#include <stdio.h>

#include "cheri.h"

int main(void) {
    cap_t a, b, inner, loaded;
    cheri_malloc(&a, 64);
    cheri_malloc(&inner, 16);
    for (int i = 16; i < 64; i++) {
        cap_store_u8(&a, i, 0xab);
    }
    cap_store_cap(&a, 0, &inner);
    uint64_t old_base = cap_get_base(&a);
    cheri_free(&a);
    cheri_revoke();
    cheri_malloc(&b, 64);
    cap_load_cap(&loaded, &b, 0);
    printf("slot reused: %s\n", cap_get_base(&b) == old_base ? "yes" : "no");
    printf("byte 16: 0x%02x, byte 63: 0x%02x\n", cap_load_u8(&b, 16), cap_load_u8(&b, 63));
    printf("granule 0 tag: %llu\n", (unsigned long long)cap_get_tag(&loaded));
    return 0;
}
