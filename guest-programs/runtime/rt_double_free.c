/* Allocator runtime: a double free. An object is freed by one function and again by another. Expected: a report
 * with three stack traces (allocated in make_buffer, first freed in release, freed again in release_again) and,
 * by default, SIGABRT: exit 134. */
#include <stdio.h>

#include "cheri.h"

static cap_t buffer;

static __attribute__((noinline)) void make_buffer(void) {
    cheri_malloc(&buffer, 100);
}

static __attribute__((noinline)) void release(void) {
    cheri_free(&buffer);
}

static __attribute__((noinline)) void release_again(void) {
    cheri_free(&buffer);
}

int main(void) {
    make_buffer();
    printf("allocated a 100-byte buffer, freeing it twice: expect a double-free report, exit 134\n");
    fflush(stdout);
    release();
    release_again();
    printf("NOT REACHED\n");
    return 1;
}
