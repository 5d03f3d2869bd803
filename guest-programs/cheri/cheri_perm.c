/* CHERI example: a store through a load-only capability. CAndPerm keeps only Permit_Load; loads still work,
 * a store faults. Expected: cause 0x13 (Permit_Store violation) on c5, exit 162. */
#include <stdio.h>

#include "cheri.h"

static char data[16] = "read only";

int main(void) {
    cap_t cap;
    cap_from_ddc(&cap, (uint64_t)(uintptr_t)data);
    cap_set_bounds(&cap, &cap, sizeof data);
    cap_and_perm(&cap, &cap, CHERI_PERM_LOAD);
    printf("permissions now 0x%llx (Permit_Load only), tag %llu\n", (unsigned long long)cap_get_perms(&cap),
           (unsigned long long)cap_get_tag(&cap));
    printf("load works: '%c%c%c%c'\n", cap_load_u8(&cap, 0), cap_load_u8(&cap, 1), cap_load_u8(&cap, 2),
           cap_load_u8(&cap, 3));
    printf("storing through it: expect a Permit_Store violation (cause 0x13, c5), exit 162\n");
    fflush(stdout);
    cap_store_u8(&cap, 0, 'R');
    printf("NOT REACHED: data is now \"%s\"\n", data);
    return 1;
}
