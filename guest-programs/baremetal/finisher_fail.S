/* Prints a line on the UART and ends through the SiFive test finisher with exit code 3
 * (the finisher value (3 << 16) | 0x3333). The emulator's exit status must be 3. */
#include "virt.h"

    .section .text.init, "ax", @progbits
    .globl _start
_start:
    li t0, UART0_BASE
    la t1, message
1:  lbu t2, 0(t1)
    beqz t2, 3f
2:  lbu t3, UART_LSR(t0)
    andi t3, t3, UART_LSR_THRE
    beqz t3, 2b
    sb t2, UART_THR(t0)
    addi t1, t1, 1
    j 1b
3:  li t0, FINISHER_BASE
    li t1, (3 << 16) | FINISHER_FAIL
    sw t1, 0(t0)
4:  j 4b

    .section .rodata
message:
    .string "finisher: exiting with code 3\n"
