/* Bare-metal hello on the ns16550 UART, then exit 0 through the test finisher (crt0.S). */
#include <stdint.h>

#include "virt.h"

void crt0_report_trap(uint64_t mcause, uint64_t mepc, uint64_t mtval) {
    uart_puts("trap mcause=");
    uart_puthex(mcause);
    uart_puts(" mepc=");
    uart_puthex(mepc);
    uart_puts(" mtval=");
    uart_puthex(mtval);
    uart_puts("\n");
}

static volatile unsigned long counter = 3; /* .data: checks that the image's data segment is loaded */
static char buffer[32];           /* .bss: checks that it starts zeroed */

int main(void) {
    uart_puts("Hello from bare metal on cheri-emu!\n");
    for (unsigned i = 0; i < sizeof buffer; i++)
        if (buffer[i] != 0) {
            uart_puts("bss not zero\n");
            return 1;
        }
    uint64_t hartid, misa;
    __asm__ volatile("csrr %0, mhartid" : "=r"(hartid));
    __asm__ volatile("csrr %0, misa" : "=r"(misa));
    uart_puts("mhartid=");
    uart_puthex(hartid);
    uart_puts(" misa has I,M,A,F,D,C,U: ");
    const char want[] = "IMAFDCU";
    int ok = (misa >> 62) == 2; /* MXL = 64 */
    for (const char *c = want; *c; c++) ok &= (int)((misa >> (*c - 'A')) & 1);
    uart_puts(ok ? "yes\n" : "NO\n");
    for (unsigned i = 0; i < counter; i++) {
        buffer[0] = (char)('1' + i);
        buffer[1] = 0;
        uart_puts("count ");
        uart_puts(buffer);
        uart_puts("\n");
    }
    uart_puts("bye\n");
    return 0; /* misa may legally read as 0, so it only reports */
}
