/* Stores to an unmapped address: SIGSEGV, exit status 139. */
#include <stdint.h>
#include <stdio.h>

int main(void) {
    printf("storing to address 0x10\n");
    fflush(stdout);
    volatile uint64_t *volatile target = (volatile uint64_t *)(uintptr_t)0x10;
    *target = 1;
    printf("not reached\n");
    return 0;
}
