/* Allocator runtime: a heap buffer overflow. A 24-byte object from cheri_malloc has exact bounds, so writing byte
 * 24 faults at once (length violation on c5, exit 162), and the report names the object and where it was
 * allocated, as a sanitizer would, but without shadow memory: the capability itself carries the bounds. */
#include <stdio.h>

#include "cheri.h"

static __attribute__((noinline)) void make_name(cap_t *name) {
    cheri_malloc(name, 24);
}

static __attribute__((noinline)) void fill(const cap_t *name, int n) {
    for (int i = 0; i < n; i++) {
        cap_store_u8(name, i, 'a' + i % 26);
    }
}

int main(void) {
    cap_t name;
    make_name(&name);
    fill(&name, 24);
    printf("filled all 24 bytes; now writing 25: expect a length violation (cause 0x01, c5), exit 162\n");
    fflush(stdout);
    fill(&name, 25);
    printf("NOT REACHED\n");
    return 1;
}
