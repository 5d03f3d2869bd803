/* Exits with a non-zero status through exit(), after flushing buffered output. */
#include <stdio.h>
#include <stdlib.h>

static void bye(void) { printf("atexit handler ran\n"); }

int main(void) {
    atexit(bye);
    printf("exiting with status 42\n");
    exit(42);
}
