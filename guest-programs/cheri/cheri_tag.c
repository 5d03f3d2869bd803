/* CHERI example: a tag violation. A valid capability is stored in a cap_t slot; an ordinary integer store
 * then overwrites its address half, which clears the slot's tag. Loading the capability back gives an
 * untagged value, and dereferencing it faults. Expected: cause 0x02 (tag violation) on c5, exit 162. */
#include <stdio.h>

#include "cheri.h"

static char secret[16] = "secret";
static char other[16] = "other";

int main(void) {
    static cap_t slot;
    cap_from_ddc(&slot, (uint64_t)(uintptr_t)secret);
    cap_set_bounds(&slot, &slot, sizeof secret);
    printf("slot holds a capability: tag %llu, first byte '%c'\n", (unsigned long long)cap_get_tag(&slot),
           cap_load_u8(&slot, 0));
    printf("overwriting the slot's address with an integer store\n");
    *(volatile uint64_t *)&slot.lo = (uint64_t)(uintptr_t)other;
    printf("slot tag is now %llu, address points at \"other\": %d\n", (unsigned long long)cap_get_tag(&slot),
           cap_get_addr(&slot) == (uint64_t)(uintptr_t)other);
    printf("loading through the forged capability: expect a tag violation (cause 0x02, c5), exit 162\n");
    fflush(stdout);
    char c = (char)cap_load_u8(&slot, 0);
    printf("NOT REACHED: read '%c'\n", c);
    return 1;
}
