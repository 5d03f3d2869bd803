/* Calls abort(): SIGABRT, exit status 134. Output is flushed first, because abort() does not flush stdio. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    printf("calling abort()\n");
    fflush(stdout);
    abort();
}
