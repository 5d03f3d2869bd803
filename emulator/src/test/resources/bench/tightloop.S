/* Tight-loop MIPS check for the virt board (cheri-emu run --stats): an LCG over a 16 KiB array,
 * 20,000 passes of 4096 elements, about 0.9 billion instructions, then the test finisher.
 * Build:  riscv64-linux-gnu-gcc -march=rv64gc -mabi=lp64d -nostdlib -static -mcmodel=medany \
 *           -Wl,--no-relax -Wl,--build-id=none -T guest-programs/baremetal/link.ld \
 *           -o tightloop emulator/src/test/resources/bench/tightloop.S
 * Run:    ./cheri-emu run --stats tightloop */
    .section .text.init, "ax", @progbits
    .globl _start
_start:
    la a0, data
    li a1, 20000            /* passes */
    li a2, 1103515245
    li a3, 12345
    li a7, 0                /* checksum */
outer:
    mv a4, a0
    li a5, 0
inner:
    lw t0, 0(a4)
    mul t0, t0, a2
    add t0, t0, a3
    add t0, t0, a5
    sw t0, 0(a4)
    srliw t1, t0, 3
    add a7, a7, t1
    addi a4, a4, 4
    addi a5, a5, 1
    li t2, 4096
    bne a5, t2, inner
    addi a1, a1, -1
    bnez a1, outer
    li t0, 0x100000
    li t1, 0x5555
    sw t1, 0(t0)
1:  j 1b

    .bss
    .align 4
data:
    .zero 16384
