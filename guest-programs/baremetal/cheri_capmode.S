/* CHERI example (bare metal, --machine virt): switch to capability mode right after reset and run there to
 * the end, with every memory access authorised by an explicit capability and DDC cleared.
 *
 * How the switch works. At reset PCC, DDC and MTCC are the root capability with flags = 0 (integer mode).
 * In capability mode (PCC.flags = 1) the base register of every load/store is a capability register, jal/jalr
 * are CJAL/CJALR and auipc is AUIPCC. Two capabilities get flags = 1 with CSetFlags:
 *   - the jump target: ct0 = PCC with address cap_main, flags 1; `jalr.cap cnull, ct0` installs it in PCC;
 *   - MTCC, so that the trap handler also runs in capability mode (trap entry copies MTCC into PCC).
 * (An equivalent route is to write MEPCC with a flags-1 capability and execute mret.)
 *
 * Then it prints on the UART through a bounded UART capability, clears DDC, stores one byte past the end of a
 * 16-byte buffer capability held in ca1, and checks in the trap handler that this raised a CHERI exception
 * (mcause 28) with mtval = (11 << 5) | 0x01 (length violation on c11). It ends through a bounded finisher
 * capability: exit status 0 when everything behaved; otherwise the finisher's failure code says which step
 * went wrong: 1 = PCC.flags is not 1 after the jump, 2 = wrong mcause, 3 = wrong mtval, 4 = no fault.
 *
 * Capability registers kept for the whole run: cs1 = root data capability (read from DDC before clearing
 * it), cs2 = UART (8 bytes), cs3 = finisher (4 bytes), csp = stack.
 */
#include "virt.h"
#include "cheri-asm.h"

    .option norvc           /* no compressed forms: their capability-mode meanings differ (C.CLC, ...) */
    .option norelax

    .section .text.init, "ax", @progbits
    .globl _start
_start:
    /* integer mode */
    li t2, 1
    cspecialr ct0, pcc
    la t1, cap_main
    csetaddr ct0, ct0, t1
    csetflags ct0, ct0, t2
    cspecialr ct1, pcc
    /* not t1: t1 is ct1 (merged register file), and an integer write would make it NULL-derived */
    la t3, cap_trap
    csetaddr ct1, ct1, t3
    csetflags ct1, ct1, t2
    cspecialw mtcc, ct1
    jalr.cap cnull, ct0

/* Prints the NUL-terminated string at label \msg (derived from cs1, bounded to the string). */
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
    sw t0, 0(s3)            /* authority cs3 */
.Lfinish\@:
    j .Lfinish\@
.endm

    .text
    .align 2
cap_main:
    /* capability mode from here on: `la` still works (AUIPCC then an integer addi gives an integer address) */
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

    /* clear DDC: cspecialrw writes only when the source is not c0, so use a register holding NULL */
    li t0, 0
    cspecialw ddc, ct0

    cspecialr ct0, pcc
    cgetflags t0, ct0
    li t1, 1
    beq t0, t1, 1f
    FINISH 1
1:
    PRINT msg_hello

    /* use the stack through csp: push and pop a capability */
    cincoffset csp, csp, -16
    sc cs2, 0(sp)
    lc ct1, 0(sp)
    cincoffset csp, csp, 16
    cgettag t0, ct1
    beqz t0, 2f
    PRINT msg_stack
2:
    PRINT msg_fault
    la t0, buffer
    csetaddr ca1, cs1, t0
    csetbounds ca1, ca1, 16
    sb zero, 15(a1)         /* in bounds */
    sb zero, 16(a1)         /* one past the end: CHERI length violation on c11 */
    FINISH 4

/* a0 = string capability (ca0); UART through cs2 */
uart_puts:
1:  lbu t0, 0(a0)
    beqz t0, 3f
2:  lbu t1, UART_LSR(s2)
    andi t1, t1, UART_LSR_THRE
    beqz t1, 2b
    sb t0, UART_THR(s2)
    cincoffset ca0, ca0, 1
    j 1b
3:  ret                     /* CJALR cnull, 0(cra): through the return sentry */

    .align 2
cap_trap:                   /* entered with PCC = MTCC: capability mode */
    csrr t0, mcause
    li t1, CHERI_MCAUSE_CHERI
    beq t0, t1, 1f
    FINISH 2
1:  csrr t0, mtval
    li t1, (11 << 5) | 0x01
    beq t0, t1, 2f
    FINISH 3
2:  PRINT msg_caught
    FINISH 0

    .section .rodata
msg_hello:
    .string "capability mode: PCC.flags = 1, DDC cleared, UART through a bounded capability\n"
msg_hello_end:
msg_stack:
    .string "stack: stored and loaded a tagged capability through csp\n"
msg_stack_end:
msg_fault:
    .string "storing one byte past a 16-byte buffer capability (ca1)\n"
msg_fault_end:
msg_caught:
    .string "caught: mcause 28, mtval 0x161 (length violation on c11); exiting through the finisher\n"
msg_caught_end:

    .bss
    .align 4
buffer: .space 16
