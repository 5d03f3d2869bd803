/* CHERI example (bare metal, --machine virt): the compressed instructions whose meaning changes in capability
 * mode (reference 3.8), self-checking. Enters capability mode as cheri_capmode.S does, then checks
 *   1  C.CIncOffset16CSP moves csp and keeps its tag
 *   2  C.CSCSP / C.CLCSP round-trip a capability through the stack (CSetEqualExact)
 *   3  C.CIncOffset4CSPN derives ca0 = csp + 16, tagged
 *   4  C.CLC through ca0 loads what C.CSCSP stored
 *   5  C.CSC through ca0 stores a capability that LC reads back
 *   6  C.SD / C.LD with a capability base (ca0) round-trip an integer
 *   7  C.SDSP / C.LDSP with csp round-trip an integer
 *   8  C.CJALR calls through a code capability, the callee returns with C.CJR cra
 *   9  the link register after C.CJALR is a sentry (CGetType = -2)
 *  10  C.CIncOffset16CSP back restores csp
 * Exit through the finisher: 0 when all pass, else the number of the first failing check; 30 for an
 * unexpected trap (the handler runs in capability mode through MTCC).
 */
#include "virt.h"
#include "cheri-asm.h"

    .option norvc           /* only the explicit compressed instructions below are 16-bit */
    .option norelax

    .section .text.init, "ax", @progbits
    .globl _start
_start:
    li t2, 1
    cspecialr ct0, pcc
    la t1, cap_main
    csetaddr ct0, ct0, t1
    csetflags ct0, ct0, t2
    cspecialr ct1, pcc
    la t1, cap_trap
    csetaddr ct1, ct1, t1
    csetflags ct1, ct1, t2
    cspecialw mtcc, ct1
    jalr.cap cnull, ct0

.macro PRINT msg
    la t0, \msg
    la t1, \msg\()_end
    sub t1, t1, t0
    csetaddr ca0, cs1, t0
    csetbounds ca0, ca0, t1
    jal ra, uart_puts
.endm

.macro FINISH code
    .if (\code) == 0
    li t0, FINISHER_PASS
    .else
    li t0, ((\code) << 16) | FINISHER_FAIL
    .endif
    sw t0, 0(s3)
.Lfinish\@:
    j .Lfinish\@
.endm

/* branch to the failure exit for check \n unless t0 == t1 */
.macro EXPECT_EQ n
    beq t0, t1, .Lok\@
    FINISH \n
.Lok\@:
.endm

    .text
    .align 2
cap_main:
    cspecialr cs1, ddc
    li t0, UART0_BASE
    csetaddr cs2, cs1, t0
    csetbounds cs2, cs2, 8
    li t0, FINISHER_BASE
    csetaddr cs3, cs1, t0
    csetbounds cs3, cs3, 4
    la t0, __stack_bottom
    la t1, __stack_top
    sub t2, t1, t0
    csetaddr csp, cs1, t0
    csetbounds csp, csp, t2
    cincoffset csp, csp, t2
    li t0, 0
    cspecialw ddc, ct0

    /* 1 */
    cgetaddr s4, csp
    c.cincoffset16csp -64
    cgetaddr t0, csp
    addi t1, s4, -64
    EXPECT_EQ 1
    cgettag t0, csp
    li t1, 1
    EXPECT_EQ 1

    /* 2 */
    c.cscsp cs2, 16
    c.clcsp ct1, 16
    csetequalexact t0, ct1, cs2
    li t1, 1
    EXPECT_EQ 2

    /* 3 */
    c.cincoffset4cspn ca0, 16
    cgetaddr t0, ca0
    addi t1, s4, -64 + 16
    EXPECT_EQ 3
    cgettag t0, ca0
    li t1, 1
    EXPECT_EQ 3

    /* 4 */
    c.clc ca1, ca0, 0
    csetequalexact t0, ca1, cs2
    li t1, 1
    EXPECT_EQ 4

    /* 5: ca0 + 16 = csp + 32 */
    c.csc cs1, ca0, 16
    lc ct2, 32(sp)
    csetequalexact t0, ct2, cs1
    li t1, 1
    EXPECT_EQ 5

    /* 6: integer access through the capability in ca0 (csp + 16, overwriting the capability stored in 2) */
    li a2, 0x1122334455667788
    .option push
    .option rvc
    c.sd a2, 8(a0)
    c.ld a3, 8(a0)
    .option pop
    mv t0, a3
    mv t1, a2
    EXPECT_EQ 6

    /* 7 */
    li a4, -12345
    .option push
    .option rvc
    c.sdsp a4, 48(sp)
    c.ldsp a5, 48(sp)
    .option pop
    mv t0, a5
    mv t1, a4
    EXPECT_EQ 7

    /* 8 and 9: call through a code capability in ct2 */
    cspecialr ct2, pcc              /* PCC (capability mode), then the address of callee */
    la t0, callee
    csetaddr ct2, ct2, t0
    li a0, 0
    c.cjalr ct2
    mv t0, a0
    li t1, 77
    EXPECT_EQ 8
    cgettype t0, cra
    li t1, -2
    EXPECT_EQ 9

    /* 10 */
    c.cincoffset16csp 64
    cgetaddr t0, csp
    mv t1, s4
    EXPECT_EQ 10

    PRINT msg_pass
    FINISH 0

callee:
    li a0, 77
    c.cjr cra

/* ca0 = string capability; UART through cs2 */
uart_puts:
2:  lbu t0, 0(a0)
    beqz t0, 4f
3:  lbu t1, UART_LSR(s2)
    andi t1, t1, UART_LSR_THRE
    beqz t1, 3b
    sb t0, UART_THR(s2)
    cincoffset ca0, ca0, 1
    j 2b
4:  ret

    .align 2
cap_trap:
    FINISH 30

    .section .rodata
msg_pass:
    .string "capability-mode compressed instructions: all 10 checks passed\n"
msg_pass_end:
