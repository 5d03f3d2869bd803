/* CHERI example: misuse of a sealed capability. A capability is sealed with object type 42 (the sealer is
 * DDC with address 42). Unsealing with the matching unsealer works; modifying the sealed capability clears
 * its tag (ISAv9 never traps on manipulation); dereferencing the sealed capability faults. The faulting load
 * uses cap_peek_u8 (no CIncOffset: that would clear the sealed capability's tag and turn the fault into a tag
 * violation).
 * Expected: cause 0x03 (seal violation) on c5, exit 162.
 * Needs a DDC with Permit_Seal and Permit_Unseal whose bounds include address 42 (the root capability). */
#include <stdio.h>

#include "cheri.h"

static char object[32] = "sealed object";

int main(void) {
    cap_t cap, sealer, sealed, unsealed, modified;
    cap_from_ddc(&cap, (uint64_t)(uintptr_t)object);
    cap_set_bounds(&cap, &cap, sizeof object);
    cap_from_ddc(&sealer, 42);
    cap_seal(&sealed, &cap, &sealer);
    printf("sealed: tag %llu, sealed %llu, type %llu\n", (unsigned long long)cap_get_tag(&sealed),
           (unsigned long long)cap_get_sealed(&sealed), (unsigned long long)cap_get_type(&sealed));
    cap_unseal(&unsealed, &sealed, &sealer);
    printf("unsealed with the matching unsealer: tag %llu, sealed %llu, first byte '%c'\n",
           (unsigned long long)cap_get_tag(&unsealed), (unsigned long long)cap_get_sealed(&unsealed),
           cap_load_u8(&unsealed, 0));
    cap_inc_offset(&modified, &sealed, 1);
    printf("CIncOffset on the sealed capability clears the tag: tag %llu\n", (unsigned long long)cap_get_tag(&modified));
    cap_t wrong;
    cap_from_ddc(&wrong, 43);
    cap_unseal(&modified, &sealed, &wrong);
    printf("unsealing with otype 43 instead of 42 gives tag %llu\n", (unsigned long long)cap_get_tag(&modified));
    printf("loading through the sealed capability: expect a seal violation (cause 0x03, c5), exit 162\n");
    fflush(stdout);
    char c = (char)cap_peek_u8(&sealed);
    printf("NOT REACHED: read '%c'\n", c);
    return 1;
}
