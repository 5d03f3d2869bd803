/* The devices of the QEMU virt-like board that cheri-emu's --machine virt provides. Usable from C and from .S. */
#ifndef VIRT_H
#define VIRT_H

#define UART0_BASE      0x10000000  /* ns16550, byte-wide registers */
#define UART_THR        0           /* transmit holding register (write) */
#define UART_LSR        5           /* line status register */
#define UART_LSR_THRE   0x20        /* transmit holding register empty */

#define FINISHER_BASE   0x100000    /* SiFive test finisher */
#define FINISHER_PASS   0x5555      /* exit status 0 */
#define FINISHER_FAIL   0x3333      /* exit status = value >> 16 */
#define FINISHER_RESET  0x7777

#ifndef __ASSEMBLER__
#include <stdint.h>

static inline void uart_putc(char c) {
    volatile uint8_t *uart = (volatile uint8_t *)UART0_BASE;
    while (!(uart[UART_LSR] & UART_LSR_THRE)) {
    }
    uart[UART_THR] = (uint8_t)c;
}

static inline void uart_puts(const char *s) {
    while (*s) uart_putc(*s++); /* plain \n line ends, so the output compares easily */
}

static inline void uart_puthex(uint64_t v) {
    uart_puts("0x");
    for (int i = 60; i >= 0; i -= 4) uart_putc("0123456789abcdef"[(v >> i) & 15]);
}

/* Ends the run through the test finisher: status 0 passes, anything else fails with that exit code. */
__attribute__((noreturn)) static inline void finisher_exit(unsigned status) {
    volatile uint32_t *finisher = (volatile uint32_t *)FINISHER_BASE;
    *finisher = status == 0 ? FINISHER_PASS : (status << 16) | FINISHER_FAIL;
    for (;;) __asm__ volatile("wfi");
}
#endif
#endif
