/* Start-up for the C bare-metal guests: stack, .bss, a trap handler that reports and fails, main, then
 * the test finisher with main's return value. */
#include "virt.h"

    .section .text.init, "ax", @progbits
    .globl _start
_start:
    la sp, __stack_top
    la t0, crt0_trap
    csrw mtvec, t0
    la t0, __bss_start
    la t1, __bss_end
1:  bgeu t0, t1, 2f
    sd zero, 0(t0)
    addi t0, t0, 8
    j 1b
2:  li a0, 0
    li a1, 0
    call main
    /* fall into the finisher with main's status */
    li t0, FINISHER_BASE
    beqz a0, 3f
    slli a0, a0, 16
    li t1, FINISHER_FAIL
    or a0, a0, t1
    sw a0, 0(t0)
    j 4f
3:  li t1, FINISHER_PASS
    sw t1, 0(t0)
4:  wfi
    j 4b

/* An unexpected trap: print "trap mcause=.. mepc=.. mtval=.." on the UART and fail with status 127. */
    .align 2
crt0_trap:
    la sp, __stack_top
    csrr a0, mcause
    csrr a1, mepc
    csrr a2, mtval
    call crt0_report_trap
    li t0, FINISHER_BASE
    li t1, (127 << 16) | FINISHER_FAIL
    sw t1, 0(t0)
5:  j 5b
