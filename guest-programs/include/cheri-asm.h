/*
 * cheri-asm.h: GNU as macros for CHERI-RISC-V ISAv9 (RV64) mnemonics, for stock binutils.
 *
 * Include it from a .S file (preprocessed by gcc):   #include "cheri-asm.h"
 * Every macro emits the instruction word with `.insn 4, word` / `.insn 2, halfword` (so objdump sees code, not
 * data), or `.insn i` / `.insn s` for LC/SC, whose memory operand gas parses,
 * from the encodings in the CHERI-RISC-V reference, section 3. `make check-encodings` assembles every macro and
 * compares the words with the reference's match values and with words from a real QEMU-CHERI trace.
 *
 * Register names. A register operand may be written as
 *   - a capability name: cnull, cra, csp, cgp, ctp, ct0-ct6, cs0-cs11, cfp, ca0-ca7, or c0-c31, or
 *   - an integer name:   zero, ra, sp, gp, tp, t0-t6, s0-s11, fp, a0-a7, or x0-x31.
 * Both spellings select the same register number (ct0 = t0 = c5 = x5), because ISAv9 has one merged register
 * file. Write capability operands with capability names and integer operands with integer names, as the
 * QEMU-CHERI disassembler does; the macros do not check which spelling was used.
 *
 * Exception: memory operands imm(base) of lc and sc are parsed by gas itself, so the base is written with
 * its integer name: `lc ct1, 16(t0)`. In capability mode the hardware still uses c5 (ct0) as the authority.
 * The offset may be any expression gas accepts there, relocations such as %lo(sym) included.
 * The explicit-address loads and stores (lw.cap, sc.ddc, ...) and lr.c/sc.c/amoswap.c take their address
 * register without parentheses: `lw.cap a0, ct0`, `sc.cap ct1, ct0`.
 *
 * Special capability registers (cspecialrw): pcc, ddc, utcc, utdc, uscratchc, uepcc, stcc, stdc, sscratchc,
 * sepcc, mtcc, mtdc, mscratchc, mepcc, or scr0-scr31, or a number.
 *
 * Immediates: csetbounds and cincoffset accept either a register or an immediate third operand (the
 * immediate selects CSetBoundsImm / CIncOffsetImm, as in `csetbounds ct0, ct0, 16`); csetboundsimm and
 * cincoffsetimm always take an immediate. An immediate must be a constant where the macro is used (symbols
 * set earlier, or backward label differences across code without relaxable branches); to get an address
 * into a capability use `la` and csetaddr instead.
 */
#ifndef CHERI_ASM_H
#define CHERI_ASM_H

/* ---- register numbers ---- */
.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    .set .Lcheri_reg_x\n, \n
    .set .Lcheri_reg_c\n, \n
    .set .Lcheri_scr_scr\n, \n
.endr
.set .Lcheri_reg_zero, 0
.set .Lcheri_reg_cnull, 0
.set .Lcheri_reg_ra, 1
.set .Lcheri_reg_cra, 1
.set .Lcheri_reg_sp, 2
.set .Lcheri_reg_csp, 2
.set .Lcheri_reg_gp, 3
.set .Lcheri_reg_cgp, 3
.set .Lcheri_reg_tp, 4
.set .Lcheri_reg_ctp, 4
.set .Lcheri_reg_t0, 5
.set .Lcheri_reg_ct0, 5
.set .Lcheri_reg_t1, 6
.set .Lcheri_reg_ct1, 6
.set .Lcheri_reg_t2, 7
.set .Lcheri_reg_ct2, 7
.set .Lcheri_reg_s0, 8
.set .Lcheri_reg_fp, 8
.set .Lcheri_reg_cs0, 8
.set .Lcheri_reg_cfp, 8
.set .Lcheri_reg_s1, 9
.set .Lcheri_reg_cs1, 9
.irp n, 0,1,2,3,4,5,6,7
    .set .Lcheri_reg_a\n, 10 + \n
    .set .Lcheri_reg_ca\n, 10 + \n
.endr
.irp n, 2,3,4,5,6,7,8,9,10,11
    .set .Lcheri_reg_s\n, 16 + \n
    .set .Lcheri_reg_cs\n, 16 + \n
.endr
.irp n, 3,4,5,6
    .set .Lcheri_reg_t\n, 25 + \n
    .set .Lcheri_reg_ct\n, 25 + \n
.endr

/* ---- special capability register numbers (reference 3.5) ---- */
.set .Lcheri_scr_pcc, 0
.set .Lcheri_scr_ddc, 1
.set .Lcheri_scr_utcc, 4
.set .Lcheri_scr_utdc, 5
.set .Lcheri_scr_uscratchc, 6
.set .Lcheri_scr_uepcc, 7
.set .Lcheri_scr_stcc, 12
.set .Lcheri_scr_stdc, 13
.set .Lcheri_scr_sscratchc, 14
.set .Lcheri_scr_sepcc, 15
.set .Lcheri_scr_mtcc, 28
.set .Lcheri_scr_mtdc, 29
.set .Lcheri_scr_mscratchc, 30
.set .Lcheri_scr_mepcc, 31

/* ---- helpers ---- */

/* Fails assembly unless \name is a register name. */
.macro _cheri_chk name
    .ifndef .Lcheri_reg_\name
        .error "cheri-asm.h: not a register name: \name"
    .endif
.endm

/* Sets _cheri_is_reg to 1 when \name is a register name, else 0 (for the register-or-immediate forms). */
.macro _cheri_is_reg name
    .set .Lcheri_is_reg, 0
    .irp r, zero,ra,sp,gp,tp,t0,t1,t2,s0,fp,s1,a0,a1,a2,a3,a4,a5,a6,a7,s2,s3,s4,s5,s6,s7,s8,s9,s10,s11,t3,t4,t5,t6, \
            cnull,cra,csp,cgp,ctp,ct0,ct1,ct2,cs0,cfp,cs1,ca0,ca1,ca2,ca3,ca4,ca5,ca6,ca7, \
            cs2,cs3,cs4,cs5,cs6,cs7,cs8,cs9,cs10,cs11,ct3,ct4,ct5,ct6, \
            x0,x1,x2,x3,x4,x5,x6,x7,x8,x9,x10,x11,x12,x13,x14,x15,x16,x17,x18,x19,x20,x21,x22,x23,x24,x25,x26,x27,x28,x29,x30,x31, \
            c0,c1,c2,c3,c4,c5,c6,c7,c8,c9,c10,c11,c12,c13,c14,c15,c16,c17,c18,c19,c20,c21,c22,c23,c24,c25,c26,c27,c28,c29,c30,c31
        .ifc \name,\r
            .set .Lcheri_is_reg, 1
        .endif
    .endr
.endm

/* R-type word of opcode 0x5b, funct3 0, from register numbers. */
.macro _cheri_r f7, rd, rs1, rs2
    .insn 4, 0x5b | (((\rd) & 31) << 7) | (((\rs1) & 31) << 15) | (((\rs2) & 31) << 20) | ((\f7) << 25)
.endm

/* Three named registers. */
.macro _cheri_op3 f7, rd, rs1, rs2
    _cheri_chk \rd
    _cheri_chk \rs1
    _cheri_chk \rs2
    _cheri_r \f7, .Lcheri_reg_\rd, .Lcheri_reg_\rs1, .Lcheri_reg_\rs2
.endm

/* funct7 0x7f: destination and one source, selector in the rs2 field (reference 3.2). */
.macro _cheri_op2 sel, rd, rs1
    _cheri_chk \rd
    _cheri_chk \rs1
    _cheri_r 0x7f, .Lcheri_reg_\rd, .Lcheri_reg_\rs1, \sel
.endm

/* I-type forms of opcode 0x5b: funct3 1 = CIncOffsetImm (signed imm), 2 = CSetBoundsImm (unsigned imm). */
.macro _cheri_i f3, rd, rs1, imm
    _cheri_chk \rd
    _cheri_chk \rs1
    .if \f3 == 1
        .if ((\imm) < -2048) || ((\imm) > 2047)
            .error "cheri-asm.h: cincoffsetimm immediate out of range -2048..2047"
        .endif
    .else
        .if ((\imm) < 0) || ((\imm) > 4095)
            .error "cheri-asm.h: csetboundsimm immediate out of range 0..4095"
        .endif
    .endif
    .insn 4, 0x5b | (.Lcheri_reg_\rd << 7) | (\f3 << 12) | (.Lcheri_reg_\rs1 << 15) | (((\imm) & 0xfff) << 20)
.endm

/* ---- 0x7f group: one source (reference 3.2) ---- */
.macro cgetperm rd, cs1
    _cheri_op2 0x00, \rd, \cs1
.endm
.macro cgettype rd, cs1
    _cheri_op2 0x01, \rd, \cs1
.endm
.macro cgetbase rd, cs1
    _cheri_op2 0x02, \rd, \cs1
.endm
.macro cgetlen rd, cs1
    _cheri_op2 0x03, \rd, \cs1
.endm
.macro cgettag rd, cs1
    _cheri_op2 0x04, \rd, \cs1
.endm
.macro cgetsealed rd, cs1
    _cheri_op2 0x05, \rd, \cs1
.endm
.macro cgetoffset rd, cs1
    _cheri_op2 0x06, \rd, \cs1
.endm
.macro cgetflags rd, cs1
    _cheri_op2 0x07, \rd, \cs1
.endm
.macro crrl rd, rs1
    _cheri_op2 0x08, \rd, \rs1
.endm
.macro cram rd, rs1
    _cheri_op2 0x09, \rd, \rs1
.endm
.macro cmove cd, cs1
    _cheri_op2 0x0a, \cd, \cs1
.endm
.macro ccleartag cd, cs1
    _cheri_op2 0x0b, \cd, \cs1
.endm
/* JALR.CAP cd, cs1 (old name cjalr): jump to cs1 (unsealing a sentry), link sentry in cd. */
.macro jalr.cap cd, cs1
    _cheri_op2 0x0c, \cd, \cs1
.endm
.macro cjalr cd, cs1
    _cheri_op2 0x0c, \cd, \cs1
.endm
/* CClear / FPClear: q selects the quarter (registers 8q..8q+7), mask bit i clears register 8q+i. */
.macro cclear q, mask
    .insn 4, 0xfee0005b | (((\q) & 3) << 18) | ((((\mask) >> 5) & 7) << 15) | (((\mask) & 31) << 7)
.endm
.macro fpclear q, mask
    .insn 4, 0xff00005b | (((\q) & 3) << 18) | ((((\mask) >> 5) & 7) << 15) | (((\mask) & 31) << 7)
.endm
.macro cgetaddr rd, cs1
    _cheri_op2 0x0f, \rd, \cs1
.endm
.macro csealentry cd, cs1
    _cheri_op2 0x11, \cd, \cs1
.endm
.macro cloadtags rd, cs1
    _cheri_op2 0x12, \rd, \cs1
.endm
.macro jalr.pcc rd, rs1
    _cheri_op2 0x14, \rd, \rs1
.endm
.macro cgethigh rd, cs1
    _cheri_op2 0x17, \rd, \cs1
.endm
.macro cgettop rd, cs1
    _cheri_op2 0x18, \rd, \cs1
.endm

/* ---- 0x7e group: two sources, selector in rd (reference 3.3) ---- */
.macro cinvoke cs1, cs2
    _cheri_chk \cs1
    _cheri_chk \cs2
    _cheri_r 0x7e, 1, .Lcheri_reg_\cs1, .Lcheri_reg_\cs2
.endm

/* ---- three operands (reference 3.4) ---- */
.macro cspecialrw cd, scr, cs1
    _cheri_chk \cd
    _cheri_chk \cs1
    .ifdef .Lcheri_scr_\scr
        _cheri_r 0x01, .Lcheri_reg_\cd, .Lcheri_reg_\cs1, .Lcheri_scr_\scr
    .else
        _cheri_r 0x01, .Lcheri_reg_\cd, .Lcheri_reg_\cs1, \scr
    .endif
.endm
/* Convenience forms: read or write a special capability register. */
.macro cspecialr cd, scr
    cspecialrw \cd, \scr, cnull
.endm
.macro cspecialw scr, cs1
    cspecialrw cnull, \scr, \cs1
.endm
.macro csetbounds cd, cs1, rs2
    _cheri_is_reg \rs2
    .if .Lcheri_is_reg
        _cheri_op3 0x08, \cd, \cs1, \rs2
    .else
        _cheri_i 2, \cd, \cs1, \rs2
    .endif
.endm
.macro csetboundsexact cd, cs1, rs2
    _cheri_op3 0x09, \cd, \cs1, \rs2
.endm
.macro cseal cd, cs1, cs2
    _cheri_op3 0x0b, \cd, \cs1, \cs2
.endm
.macro cunseal cd, cs1, cs2
    _cheri_op3 0x0c, \cd, \cs1, \cs2
.endm
.macro candperm cd, cs1, rs2
    _cheri_op3 0x0d, \cd, \cs1, \rs2
.endm
.macro csetflags cd, cs1, rs2
    _cheri_op3 0x0e, \cd, \cs1, \rs2
.endm
.macro csetoffset cd, cs1, rs2
    _cheri_op3 0x0f, \cd, \cs1, \rs2
.endm
.macro csetaddr cd, cs1, rs2
    _cheri_op3 0x10, \cd, \cs1, \rs2
.endm
.macro cincoffset cd, cs1, rs2
    _cheri_is_reg \rs2
    .if .Lcheri_is_reg
        _cheri_op3 0x11, \cd, \cs1, \rs2
    .else
        _cheri_i 1, \cd, \cs1, \rs2
    .endif
.endm
.macro ctoptr rd, cs1, cs2
    _cheri_op3 0x12, \rd, \cs1, \cs2
.endm
.macro cfromptr cd, cs1, rs2
    _cheri_op3 0x13, \cd, \cs1, \rs2
.endm
.macro csub rd, cs1, cs2
    _cheri_op3 0x14, \rd, \cs1, \cs2
.endm
.macro csethigh cd, cs1, rs2
    _cheri_op3 0x16, \cd, \cs1, \rs2
.endm
.macro cbuildcap cd, cs1, cs2
    _cheri_op3 0x1d, \cd, \cs1, \cs2
.endm
.macro ccopytype cd, cs1, cs2
    _cheri_op3 0x1e, \cd, \cs1, \cs2
.endm
.macro ccseal cd, cs1, cs2
    _cheri_op3 0x1f, \cd, \cs1, \cs2
.endm
.macro ctestsubset rd, cs1, cs2
    _cheri_op3 0x20, \rd, \cs1, \cs2
.endm
.macro csetequalexact rd, cs1, cs2
    _cheri_op3 0x21, \rd, \cs1, \cs2
.endm
.macro cseqx rd, cs1, cs2
    _cheri_op3 0x21, \rd, \cs1, \cs2
.endm

/* ---- immediate forms (reference 3.1) ---- */
.macro cincoffsetimm cd, cs1, imm
    _cheri_i 1, \cd, \cs1, \imm
.endm
.macro csetboundsimm cd, cs1, imm
    _cheri_i 2, \cd, \cs1, \imm
.endm

/* ---- explicit-address loads (funct7 0x7d, selector in rs2) and stores (0x7c, selector in rd), 3.6 ---- */
.macro _cheri_ld sel, rd, rs1
    _cheri_chk \rd
    _cheri_chk \rs1
    _cheri_r 0x7d, .Lcheri_reg_\rd, .Lcheri_reg_\rs1, \sel
.endm
.macro _cheri_st sel, rs2, rs1
    _cheri_chk \rs2
    _cheri_chk \rs1
    _cheri_r 0x7c, \sel, .Lcheri_reg_\rs1, .Lcheri_reg_\rs2
.endm
.macro lb.ddc rd, rs1
    _cheri_ld 0x00, \rd, \rs1
.endm
.macro lh.ddc rd, rs1
    _cheri_ld 0x01, \rd, \rs1
.endm
.macro lw.ddc rd, rs1
    _cheri_ld 0x02, \rd, \rs1
.endm
.macro ld.ddc rd, rs1
    _cheri_ld 0x03, \rd, \rs1
.endm
.macro lbu.ddc rd, rs1
    _cheri_ld 0x04, \rd, \rs1
.endm
.macro lhu.ddc rd, rs1
    _cheri_ld 0x05, \rd, \rs1
.endm
.macro lwu.ddc rd, rs1
    _cheri_ld 0x06, \rd, \rs1
.endm
.macro lb.cap rd, cs1
    _cheri_ld 0x08, \rd, \cs1
.endm
.macro lh.cap rd, cs1
    _cheri_ld 0x09, \rd, \cs1
.endm
.macro lw.cap rd, cs1
    _cheri_ld 0x0a, \rd, \cs1
.endm
.macro ld.cap rd, cs1
    _cheri_ld 0x0b, \rd, \cs1
.endm
.macro lbu.cap rd, cs1
    _cheri_ld 0x0c, \rd, \cs1
.endm
.macro lhu.cap rd, cs1
    _cheri_ld 0x0d, \rd, \cs1
.endm
.macro lwu.cap rd, cs1
    _cheri_ld 0x0e, \rd, \cs1
.endm
.macro lr.b.ddc rd, rs1
    _cheri_ld 0x10, \rd, \rs1
.endm
.macro lr.h.ddc rd, rs1
    _cheri_ld 0x11, \rd, \rs1
.endm
.macro lr.w.ddc rd, rs1
    _cheri_ld 0x12, \rd, \rs1
.endm
.macro lr.d.ddc rd, rs1
    _cheri_ld 0x13, \rd, \rs1
.endm
.macro lr.c.ddc cd, rs1
    _cheri_ld 0x14, \cd, \rs1
.endm
.macro lc.ddc cd, rs1
    _cheri_ld 0x17, \cd, \rs1
.endm
.macro lr.b.cap rd, cs1
    _cheri_ld 0x18, \rd, \cs1
.endm
.macro lr.h.cap rd, cs1
    _cheri_ld 0x19, \rd, \cs1
.endm
.macro lr.w.cap rd, cs1
    _cheri_ld 0x1a, \rd, \cs1
.endm
.macro lr.d.cap rd, cs1
    _cheri_ld 0x1b, \rd, \cs1
.endm
.macro lr.c.cap cd, cs1
    _cheri_ld 0x1c, \cd, \cs1
.endm
.macro lc.cap cd, cs1
    _cheri_ld 0x1f, \cd, \cs1
.endm
.macro sb.ddc rs2, rs1
    _cheri_st 0x00, \rs2, \rs1
.endm
.macro sh.ddc rs2, rs1
    _cheri_st 0x01, \rs2, \rs1
.endm
.macro sw.ddc rs2, rs1
    _cheri_st 0x02, \rs2, \rs1
.endm
.macro sd.ddc rs2, rs1
    _cheri_st 0x03, \rs2, \rs1
.endm
.macro sc.ddc cs2, rs1
    _cheri_st 0x04, \cs2, \rs1
.endm
.macro sb.cap rs2, cs1
    _cheri_st 0x08, \rs2, \cs1
.endm
.macro sh.cap rs2, cs1
    _cheri_st 0x09, \rs2, \cs1
.endm
.macro sw.cap rs2, cs1
    _cheri_st 0x0a, \rs2, \cs1
.endm
.macro sd.cap rs2, cs1
    _cheri_st 0x0b, \rs2, \cs1
.endm
.macro sc.cap cs2, cs1
    _cheri_st 0x0c, \cs2, \cs1
.endm
/* store-conditional forms: the success flag (0 = success) comes back in rs2 */
.macro sc.b.ddc rs2, rs1
    _cheri_st 0x10, \rs2, \rs1
.endm
.macro sc.h.ddc rs2, rs1
    _cheri_st 0x11, \rs2, \rs1
.endm
.macro sc.w.ddc rs2, rs1
    _cheri_st 0x12, \rs2, \rs1
.endm
.macro sc.d.ddc rs2, rs1
    _cheri_st 0x13, \rs2, \rs1
.endm
.macro sc.c.ddc cs2, rs1
    _cheri_st 0x14, \cs2, \rs1
.endm
.macro sc.b.cap rs2, cs1
    _cheri_st 0x18, \rs2, \cs1
.endm
.macro sc.h.cap rs2, cs1
    _cheri_st 0x19, \rs2, \cs1
.endm
.macro sc.w.cap rs2, cs1
    _cheri_st 0x1a, \rs2, \cs1
.endm
.macro sc.d.cap rs2, cs1
    _cheri_st 0x1b, \rs2, \cs1
.endm
.macro sc.c.cap cs2, cs1
    _cheri_st 0x1c, \cs2, \cs1
.endm

/* ---- capability loads/stores and atomics in the standard opcode space (reference 3.7) ----
 * lc cd, imm(base) / sc cs2, imm(base): base in integer spelling (see the top of this file). In integer
 * mode the address is x[base] + imm checked against DDC; in capability mode c[base] is the authority. */
/* Calls \cb with the x-register spelling of register \name and \arg (so that gas, which knows only integer
 * register names, can parse the instruction). No .altmacro: \arg may hold %lo(...) and other operators. */
.macro _cheri_try name, cb, arg, xr, n1, n2, n3, n4, n5=, n6=
    .irp alias, \n1, \n2, \n3, \n4, \n5, \n6
        .ifnb \alias
            .ifc \name,\alias
                \cb \xr, \arg
            .endif
        .endif
    .endr
.endm
.macro _cheri_xreg name, cb, arg
    _cheri_try \name, \cb, \arg, x0, x0, c0, zero, cnull
    _cheri_try \name, \cb, \arg, x1, x1, c1, ra, cra
    _cheri_try \name, \cb, \arg, x2, x2, c2, sp, csp
    _cheri_try \name, \cb, \arg, x3, x3, c3, gp, cgp
    _cheri_try \name, \cb, \arg, x4, x4, c4, tp, ctp
    _cheri_try \name, \cb, \arg, x5, x5, c5, t0, ct0
    _cheri_try \name, \cb, \arg, x6, x6, c6, t1, ct1
    _cheri_try \name, \cb, \arg, x7, x7, c7, t2, ct2
    _cheri_try \name, \cb, \arg, x8, x8, c8, s0, cs0, fp, cfp
    _cheri_try \name, \cb, \arg, x9, x9, c9, s1, cs1
    _cheri_try \name, \cb, \arg, x10, x10, c10, a0, ca0
    _cheri_try \name, \cb, \arg, x11, x11, c11, a1, ca1
    _cheri_try \name, \cb, \arg, x12, x12, c12, a2, ca2
    _cheri_try \name, \cb, \arg, x13, x13, c13, a3, ca3
    _cheri_try \name, \cb, \arg, x14, x14, c14, a4, ca4
    _cheri_try \name, \cb, \arg, x15, x15, c15, a5, ca5
    _cheri_try \name, \cb, \arg, x16, x16, c16, a6, ca6
    _cheri_try \name, \cb, \arg, x17, x17, c17, a7, ca7
    _cheri_try \name, \cb, \arg, x18, x18, c18, s2, cs2
    _cheri_try \name, \cb, \arg, x19, x19, c19, s3, cs3
    _cheri_try \name, \cb, \arg, x20, x20, c20, s4, cs4
    _cheri_try \name, \cb, \arg, x21, x21, c21, s5, cs5
    _cheri_try \name, \cb, \arg, x22, x22, c22, s6, cs6
    _cheri_try \name, \cb, \arg, x23, x23, c23, s7, cs7
    _cheri_try \name, \cb, \arg, x24, x24, c24, s8, cs8
    _cheri_try \name, \cb, \arg, x25, x25, c25, s9, cs9
    _cheri_try \name, \cb, \arg, x26, x26, c26, s10, cs10
    _cheri_try \name, \cb, \arg, x27, x27, c27, s11, cs11
    _cheri_try \name, \cb, \arg, x28, x28, c28, t3, ct3
    _cheri_try \name, \cb, \arg, x29, x29, c29, t4, ct4
    _cheri_try \name, \cb, \arg, x30, x30, c30, t5, ct5
    _cheri_try \name, \cb, \arg, x31, x31, c31, t6, ct6
.endm
.macro _cheri_lc_x xr, mem
    .insn i 0x0f, 2, \xr, \mem
.endm
.macro _cheri_sc_x xr, mem
    .insn s 0x23, 4, \xr, \mem
.endm
.macro lc cd, mem
    _cheri_chk \cd
    _cheri_xreg \cd, _cheri_lc_x, \mem
.endm
.macro sc cs2, mem
    _cheri_chk \cs2
    _cheri_xreg \cs2, _cheri_sc_x, \mem
.endm
/* AMO opcode 0x2f with funct3 4 (the RV128 Q width): lr.c cd, rs1 / sc.c rd, cs2, rs1 / amoswap.c cd, cs2, rs1 */
.macro _cheri_amo f5, rd, rs1, rs2
    _cheri_chk \rd
    _cheri_chk \rs1
    _cheri_chk \rs2
    .insn 4, 0x2f | (.Lcheri_reg_\rd << 7) | (4 << 12) | (.Lcheri_reg_\rs1 << 15) | (.Lcheri_reg_\rs2 << 20) | ((\f5) << 27)
.endm
.macro lr.c cd, rs1
    _cheri_amo 0x02, \cd, \rs1, zero
.endm
.macro sc.c rd, cs2, rs1
    _cheri_amo 0x03, \rd, \rs1, \cs2
.endm
.macro amoswap.c cd, cs2, rs1
    _cheri_amo 0x01, \cd, \rs1, \cs2
.endm

/* ---- capability-mode spellings of reinterpreted encodings (reference 3.8) ----
 * auipcc cd, imm20: the AUIPC encoding; in capability mode cd = PCC with address PC + (imm20 << 12).
 * cjal / the jalr encoding need no macro: in capability mode `jal` and `jalr rd, imm(rs1)` are CJAL / CJALR. */
.macro auipcc cd, imm20
    _cheri_chk \cd
    .insn 4, 0x17 | (.Lcheri_reg_\cd << 7) | (((\imm20) & 0xfffff) << 12)
.endm

/* ---- capability-mode compressed instructions (reference 3.8), RV64 ----
 * These reuse the encodings of C.FLD/C.FSD/C.FLDSP/C.FSDSP/C.ADDI16SP/C.ADDI4SPN/C.JR/C.JALR and mean the
 * following only when PCC.flags = 1. Operand order (no parentheses, see the top of this file):
 *   c.clc cd', cs1', uimm       c.csc cs2', cs1', uimm       (cd', cs1', cs2' in c8-c15; uimm 0..496, x16)
 *   c.clcsp cd, uimm            c.cscsp cs2, uimm            (base csp; uimm 0..1008, x16; c.clcsp cd != c0)
 *   c.cincoffset16csp nzimm     (csp += nzimm; -512..496, x16, not 0)
 *   c.cincoffset4cspn cd', nzuimm  (cd' = csp + nzuimm; 4..1020, x4)
 *   c.cjr cs1                   c.cjalr cs1                  (cs1 != c0; c.cjalr links in cra) */
.macro _cheri_creg3 name
    _cheri_chk \name
    .if (.Lcheri_reg_\name < 8) || (.Lcheri_reg_\name > 15)
        .error "cheri-asm.h: compressed instructions need one of c8-c15 (cs0, cs1, ca0-ca5): \name"
    .endif
.endm
.macro _cheri_cls f3, rd, rs1, uimm
    _cheri_creg3 \rd
    _cheri_creg3 \rs1
    .if ((\uimm) & 15) || ((\uimm) < 0) || ((\uimm) > 496)
        .error "cheri-asm.h: c.clc/c.csc offset must be a multiple of 16 in 0..496"
    .endif
    .insn 2, ((\f3) << 13) | ((((\uimm) >> 4) & 3) << 11) | ((((\uimm) >> 8) & 1) << 10) | ((.Lcheri_reg_\rs1 - 8) << 7) | ((((\uimm) >> 6) & 3) << 5) | ((.Lcheri_reg_\rd - 8) << 2)
.endm
.macro c.clc cd, cs1, uimm
    _cheri_cls 1, \cd, \cs1, \uimm
.endm
.macro c.csc cs2, cs1, uimm
    _cheri_cls 5, \cs2, \cs1, \uimm
.endm
.macro _cheri_spimm uimm
    .if ((\uimm) & 15) || ((\uimm) < 0) || ((\uimm) > 1008)
        .error "cheri-asm.h: c.clcsp/c.cscsp offset must be a multiple of 16 in 0..1008"
    .endif
.endm
.macro c.clcsp cd, uimm
    _cheri_chk \cd
    _cheri_spimm \uimm
    .if .Lcheri_reg_\cd == 0
        .error "cheri-asm.h: c.clcsp with cd = c0 is reserved"
    .endif
    .insn 2, (1 << 13) | ((((\uimm) >> 5) & 1) << 12) | (.Lcheri_reg_\cd << 7) | ((((\uimm) >> 4) & 1) << 6) | ((((\uimm) >> 6) & 15) << 2) | 2
.endm
.macro c.cscsp cs2, uimm
    _cheri_chk \cs2
    _cheri_spimm \uimm
    .insn 2, (5 << 13) | ((((\uimm) >> 4) & 3) << 11) | ((((\uimm) >> 6) & 15) << 7) | (.Lcheri_reg_\cs2 << 2) | 2
.endm
.macro c.cincoffset16csp nzimm
    .if ((\nzimm) & 15) || ((\nzimm) < -512) || ((\nzimm) > 496) || ((\nzimm) == 0)
        .error "cheri-asm.h: c.cincoffset16csp immediate must be a non-zero multiple of 16 in -512..496"
    .endif
    .insn 2, (3 << 13) | ((((\nzimm) >> 9) & 1) << 12) | (2 << 7) | ((((\nzimm) >> 4) & 1) << 6) | ((((\nzimm) >> 6) & 1) << 5) | ((((\nzimm) >> 7) & 3) << 3) | ((((\nzimm) >> 5) & 1) << 2) | 1
.endm
.macro c.cincoffset4cspn cd, nzuimm
    _cheri_creg3 \cd
    .if ((\nzuimm) & 3) || ((\nzuimm) <= 0) || ((\nzuimm) > 1020)
        .error "cheri-asm.h: c.cincoffset4cspn immediate must be a non-zero multiple of 4 in 4..1020"
    .endif
    .insn 2, ((((\nzuimm) >> 4) & 3) << 11) | ((((\nzuimm) >> 6) & 15) << 7) | ((((\nzuimm) >> 2) & 1) << 6) | ((((\nzuimm) >> 3) & 1) << 5) | ((.Lcheri_reg_\cd - 8) << 2)
.endm
.macro _cheri_cj f4, cs1
    _cheri_chk \cs1
    .if .Lcheri_reg_\cs1 == 0
        .error "cheri-asm.h: c.cjr/c.cjalr need a register other than c0"
    .endif
    .insn 2, ((\f4) << 12) | (.Lcheri_reg_\cs1 << 7) | 2
.endm
.macro c.cjr cs1
    _cheri_cj 8, \cs1
.endm
.macro c.cjalr cs1
    _cheri_cj 9, \cs1
.endm

/* ---- constants (C preprocessor macros, so they add no symbols to the object) ---- */
#define CHERI_PERM_GLOBAL (1 << 0)
#define CHERI_PERM_EXECUTE (1 << 1)
#define CHERI_PERM_LOAD (1 << 2)
#define CHERI_PERM_STORE (1 << 3)
#define CHERI_PERM_LOAD_CAP (1 << 4)
#define CHERI_PERM_STORE_CAP (1 << 5)
#define CHERI_PERM_STORE_LOCAL_CAP (1 << 6)
#define CHERI_PERM_SEAL (1 << 7)
#define CHERI_PERM_CINVOKE (1 << 8)
#define CHERI_PERM_UNSEAL (1 << 9)
#define CHERI_PERM_ACCESS_SYSTEM_REGISTERS (1 << 10)
#define CHERI_PERM_ACCESS_SYS_REGS CHERI_PERM_ACCESS_SYSTEM_REGISTERS
#define CHERI_PERM_SET_CID (1 << 11)
#define CHERI_PERM_SW0 (1 << 15)
#define CHERI_PERM_SW1 (1 << 16)
#define CHERI_PERM_SW2 (1 << 17)
#define CHERI_PERM_SW3 (1 << 18)
#define CHERI_MCAUSE_CHERI (0x1c)
#define CHERI_MCAUSE CHERI_MCAUSE_CHERI

#endif /* CHERI_ASM_H */
