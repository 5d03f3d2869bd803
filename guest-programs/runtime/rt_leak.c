/* Allocator runtime: leaks. Ten records are allocated by make_record and eight freed; a name buffer allocated by
 * make_name is never freed. Run with --leak-check: the report lists the three objects still allocated at exit,
 * each with its allocation trace. The guest exits 0. */
#include <stdio.h>

#include "cheri.h"

static cap_t records[10];
static cap_t name;

static __attribute__((noinline)) void make_record(int i) {
    cheri_malloc(&records[i], 48);
    cap_store_u64(&records[i], 0, (uint64_t)i);
}

static __attribute__((noinline)) void make_name(void) {
    cheri_calloc(&name, 1, 20);
    cap_store_u8(&name, 0, 'x');
}

int main(void) {
    for (int i = 0; i < 10; i++) {
        make_record(i);
    }
    make_name();
    for (int i = 0; i < 10; i++) {
        if (i != 3 && i != 7) {
            cheri_free(&records[i]);
        }
    }
    printf("10 records allocated, 8 freed; records 3 and 7 and the 20-byte name leak\n");
    return 0;
}
