/* Executes an illegal instruction: SIGILL, exit status 132. */
#include <stdio.h>

int main(void) {
    printf("executing an illegal instruction\n");
    fflush(stdout);
    __asm__ volatile(".4byte 0x00000000"); /* all-zero is defined to be illegal */
    printf("not reached\n");
    return 0;
}
