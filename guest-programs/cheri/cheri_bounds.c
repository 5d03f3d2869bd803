/* CHERI example: a bounds violation. A capability to a 16-byte buffer can read bytes 0..15; reading byte 16
 * through it faults. Expected: CHERI exception, cause 0x01 (length violation) on c5 (ct0), exit status 162. */
#include <stdio.h>

#include "cheri.h"

static char buffer[32] = "0123456789abcdefOUTSIDE-BOUNDS!";

int main(void) {
    cap_t cap;
    cap_from_ddc(&cap, (uint64_t)(uintptr_t)buffer);
    cap_set_bounds(&cap, &cap, 16);
    printf("capability: tag %llu, length %llu, offset %llu\n", (unsigned long long)cap_get_tag(&cap),
           (unsigned long long)cap_get_len(&cap), (unsigned long long)cap_get_offset(&cap));
    printf("byte 0 = '%c', byte 15 = '%c'\n", cap_load_u8(&cap, 0), cap_load_u8(&cap, 15));
    printf("loading byte 16, one past the end: expect a length violation (cause 0x01, c5), exit 162\n");
    fflush(stdout);
    char c = (char)cap_load_u8(&cap, 16);
    printf("NOT REACHED: read '%c'\n", c);
    return 1;
}
