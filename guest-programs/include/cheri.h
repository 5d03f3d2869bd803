/*
 * cheri.h: CHERI-RISC-V ISAv9 (RV64, 128-bit capabilities) from a stock C compiler (gcc, clang).
 *
 * There is no CHERI compiler here, so C code cannot hold a capability in a variable. Capabilities live in
 * 16-byte aligned cap_t memory slots instead, and move between memory and registers only through the
 * capability load and store instructions (LC/SC, and the explicit LC.CAP/SC.CAP), which keep the tag.
 * Each helper below is one inline-asm block that:
 *   1. loads its capability operands from their cap_t slots into fixed capability registers with LC,
 *   2. applies the CHERI instruction (major opcode 0x5b) with .insn,
 *   3. stores a capability result back into a cap_t slot with SC.
 *
 * Register convention inside the helpers: ct0 (c5) holds the first operand and the result, ct1 (c6) the
 * second operand, ct2 (c7) the third. They are declared as clobbers, so the compiler keeps nothing there.
 * A capability fault inside a helper therefore names c5, c6 or c7 (mtval capability index 5, 6 or 7), or
 * 0x21 (DDC) for the LC/SC that move slots.
 *
 * Mode: a stock-compiled program runs in integer (hybrid) mode, where the LC/SC addresses of the slots are
 * integer addresses checked against DDC, and normal C loads/stores are checked against DDC too. The
 * explicit .CAP loads and stores (cap_load_*, cap_store_*) are checked against the capability given.
 *
 * Rules for C code:
 *   - Never copy a cap_t with C assignment or memcpy: that moves the 16 bytes but not the tag (the copy is
 *     untagged). Use cap_copy().
 *   - Writing either half of a cap_t with an ordinary store clears its tag (this is how the tag-violation
 *     example guest forges an untagged capability).
 *   - Reading c->lo gives the address; c->hi is the metadata in memory form (XORed with the NULL
 *     encoding, see the reference 1.9).
 *
 * Instruction encodings (reference section 3): LC = I-type, opcode 0x0f, funct3 2; SC = S-type, opcode 0x23,
 * funct3 4. Everything else is opcode 0x5b: `.insn r 0x5b, 0, funct7, rd, rs1, rs2` for the three-operand
 * group, with the selector in the rs2 field for funct7 0x7f (one source) and 0x7d (explicit loads), and in the
 * rd field for funct7 0x7c (explicit stores). `include/cheri-asm.h` has the same instructions as GNU as
 * macros with CHERI mnemonics, for .S files.
 */
#ifndef CHERI_H
#define CHERI_H

#include <stdint.h>

typedef struct {
    uint64_t lo, hi;
} __attribute__((aligned(16))) cap_t;

/* ---- permissions (reference 2.1): bit numbers of CGetPerm / CAndPerm ---- */
#define CHERI_PERM_GLOBAL               (1u << 0)
#define CHERI_PERM_EXECUTE              (1u << 1)
#define CHERI_PERM_LOAD                 (1u << 2)
#define CHERI_PERM_STORE                (1u << 3)
#define CHERI_PERM_LOAD_CAP             (1u << 4)
#define CHERI_PERM_STORE_CAP            (1u << 5)
#define CHERI_PERM_STORE_LOCAL_CAP      (1u << 6)
#define CHERI_PERM_SEAL                 (1u << 7)
#define CHERI_PERM_CINVOKE              (1u << 8)
#define CHERI_PERM_UNSEAL               (1u << 9)
#define CHERI_PERM_ACCESS_SYSTEM_REGISTERS (1u << 10)
#define CHERI_PERM_ACCESS_SYS_REGS      CHERI_PERM_ACCESS_SYSTEM_REGISTERS
#define CHERI_PERM_SET_CID              (1u << 11)
#define CHERI_PERM_SW0                  (1u << 15)
#define CHERI_PERM_SW1                  (1u << 16)
#define CHERI_PERM_SW2                  (1u << 17)
#define CHERI_PERM_SW3                  (1u << 18)
#define CHERI_PERMS_HW                  0x00FFFu /* the 12 hardware permissions */
#define CHERI_PERMS_SW                  0x78000u /* the 4 software permissions */
#define CHERI_PERMS_ALL                 (CHERI_PERMS_HW | CHERI_PERMS_SW)

/* ---- object types (reference 2.2), as CGetType returns them ---- */
#define CHERI_OTYPE_UNSEALED            ((uint64_t)-1)
#define CHERI_OTYPE_SENTRY              ((uint64_t)-2)
#define CHERI_OTYPE_USER_MAX            0x3FFFBu

/* ---- special capability registers for CSpecialRW (reference 3.5) ---- */
#define CHERI_SCR_PCC       0
#define CHERI_SCR_DDC       1
#define CHERI_SCR_MTCC      28
#define CHERI_SCR_MTDC      29
#define CHERI_SCR_MSCRATCHC 30
#define CHERI_SCR_MEPCC     31

/* ---- CHERI exceptions (reference 4.1-4.3): mcause 28, mtval = (capability index << 5) | cause ---- */
#define CHERI_MCAUSE                    28
#define CHERI_CAUSE_LENGTH              0x01
#define CHERI_CAUSE_TAG                 0x02
#define CHERI_CAUSE_SEAL                0x03
#define CHERI_CAUSE_TYPE                0x04
#define CHERI_CAUSE_PERMIT_EXECUTE      0x11
#define CHERI_CAUSE_PERMIT_LOAD         0x12
#define CHERI_CAUSE_PERMIT_STORE        0x13
#define CHERI_CAUSE_PERMIT_LOAD_CAP     0x14
#define CHERI_CAUSE_PERMIT_STORE_CAP    0x15
#define CHERI_CAUSE_PERMIT_STORE_LOCAL_CAP 0x16
#define CHERI_CAUSE_ACCESS_SYSTEM_REGISTERS 0x18
#define CHERI_CAP_INDEX_PCC             0x20
#define CHERI_CAP_INDEX_DDC             0x21

/* ---- asm building blocks (strings) ---- */
#define CHERI_STR_(x) #x
#define CHERI_STR(x)  CHERI_STR_(x)
/* lc <treg>, 0(<addr operand>) and sc <treg>, 0(<addr operand>) */
#define CHERI_LC(treg, addr) ".insn i 0x0f, 2, " treg ", 0(" addr ")\n\t"
#define CHERI_SC(treg, addr) ".insn s 0x23, 4, " treg ", 0(" addr ")\n\t"
/* three-operand 0x5b instruction */
#define CHERI_OP3(f7, rd, rs1, rs2) ".insn r 0x5b, 0, " CHERI_STR(f7) ", " rd ", " rs1 ", " rs2 "\n\t"
/* funct7 0x7f: selector in rs2 */
#define CHERI_OP2(sel, rd, rs1) ".insn r 0x5b, 0, 0x7f, " rd ", " rs1 ", x" CHERI_STR(sel) "\n\t"
/* explicit loads: funct7 0x7d, selector in rs2; explicit stores: funct7 0x7c, selector in rd */
#define CHERI_XLOAD(sel, rd, cs1)   ".insn r 0x5b, 0, 0x7d, " rd ", " cs1 ", x" CHERI_STR(sel) "\n\t"
#define CHERI_XSTORE(sel, rs2, cs1) ".insn r 0x5b, 0, 0x7c, x" CHERI_STR(sel) ", " cs1 ", " rs2 "\n\t"

/* funct7 values (reference 3.4) */
#define CHERI_F7_CSPECIALRW      0x01
#define CHERI_F7_CSETBOUNDS      0x08
#define CHERI_F7_CSETBOUNDSEXACT 0x09
#define CHERI_F7_CSEAL           0x0b
#define CHERI_F7_CUNSEAL         0x0c
#define CHERI_F7_CANDPERM        0x0d
#define CHERI_F7_CSETFLAGS       0x0e
#define CHERI_F7_CSETOFFSET      0x0f
#define CHERI_F7_CSETADDR        0x10
#define CHERI_F7_CINCOFFSET      0x11
#define CHERI_F7_CSUB            0x14
#define CHERI_F7_CSETHIGH        0x16
#define CHERI_F7_CBUILDCAP       0x1d
#define CHERI_F7_CCOPYTYPE       0x1e
#define CHERI_F7_CCSEAL          0x1f
#define CHERI_F7_CTESTSUBSET     0x20
#define CHERI_F7_CSETEQUALEXACT  0x21
/* funct7 0x7f selectors (reference 3.2) */
#define CHERI_SEL_CGETPERM   0
#define CHERI_SEL_CGETTYPE   1
#define CHERI_SEL_CGETBASE   2
#define CHERI_SEL_CGETLEN    3
#define CHERI_SEL_CGETTAG    4
#define CHERI_SEL_CGETSEALED 5
#define CHERI_SEL_CGETOFFSET 6
#define CHERI_SEL_CGETFLAGS  7
#define CHERI_SEL_CRRL       8
#define CHERI_SEL_CRAM       9
#define CHERI_SEL_CMOVE      10
#define CHERI_SEL_CCLEARTAG  11
#define CHERI_SEL_JALR_CAP   12
#define CHERI_SEL_CGETADDR   15
#define CHERI_SEL_CSEALENTRY 17
#define CHERI_SEL_CLOADTAGS  18
#define CHERI_SEL_CGETHIGH   23
#define CHERI_SEL_CGETTOP    24
/* explicit load/store selectors (reference 3.6) */
#define CHERI_SEL_LB_CAP  8
#define CHERI_SEL_LH_CAP  9
#define CHERI_SEL_LW_CAP  10
#define CHERI_SEL_LD_CAP  11
#define CHERI_SEL_LBU_CAP 12
#define CHERI_SEL_LHU_CAP 13
#define CHERI_SEL_LWU_CAP 14
#define CHERI_SEL_LC_CAP  31
#define CHERI_SEL_SB_CAP  8
#define CHERI_SEL_SH_CAP  9
#define CHERI_SEL_SW_CAP  10
#define CHERI_SEL_SD_CAP  11
#define CHERI_SEL_SC_CAP  12

#define CHERI_CLOBBER1 "t0", "memory"
#define CHERI_CLOBBER2 "t0", "t1", "memory"
#define CHERI_CLOBBER3 "t0", "t1", "t2", "memory"

/* ======================================================================================= */
/* Making and copying capabilities                                                          */
/* ======================================================================================= */

/* *dst = DDC with its address set to addr (CSpecialRW read of DDC, then CSetAddr). */
static inline void cap_from_ddc(cap_t *dst, uint64_t addr) {
    __asm__ volatile(CHERI_OP3(CHERI_F7_CSPECIALRW, "t0", "zero", "x1") /* cspecialrw ct0, ddc, cnull */
                     CHERI_OP3(CHERI_F7_CSETADDR, "t0", "t0", "%1")
                     CHERI_SC("t0", "%0")
                     : : "r"(dst), "r"(addr) : CHERI_CLOBBER1);
}

/* *dst = PCC with its address set to addr (for code capabilities: sentries, jump targets). */
static inline void cap_from_pcc(cap_t *dst, uint64_t addr) {
    __asm__ volatile(CHERI_OP3(CHERI_F7_CSPECIALRW, "t0", "zero", "x0") /* cspecialrw ct0, pcc, cnull */
                     CHERI_OP3(CHERI_F7_CSETADDR, "t0", "t0", "%1")
                     CHERI_SC("t0", "%0")
                     : : "r"(dst), "r"(addr) : CHERI_CLOBBER1);
}

/* *dst = DDC, unchanged. */
static inline void cap_read_ddc(cap_t *dst) {
    __asm__ volatile(CHERI_OP3(CHERI_F7_CSPECIALRW, "t0", "zero", "x1")
                     CHERI_SC("t0", "%0")
                     : : "r"(dst) : CHERI_CLOBBER1);
}

/* DDC = *src. Every later integer-mode load and store, including the LC/SC of these helpers, is then checked
 * against the new DDC. */
static inline void cap_write_ddc(const cap_t *src) {
    __asm__ volatile(CHERI_LC("t0", "%0")
                     CHERI_OP3(CHERI_F7_CSPECIALRW, "zero", "t0", "x1") /* cspecialrw cnull, ddc, ct0 */
                     : : "r"(src) : CHERI_CLOBBER1);
}

/* *dst = the NULL capability (untagged, all zero in memory), stored with SC of c0. */
static inline void cap_null(cap_t *dst) {
    __asm__ volatile(CHERI_SC("zero", "%0") : : "r"(dst) : "memory");
}

/* *dst = *src, tag included. */
static inline void cap_copy(cap_t *dst, const cap_t *src) {
    __asm__ volatile(CHERI_LC("t0", "%1")
                     CHERI_SC("t0", "%0")
                     : : "r"(dst), "r"(src) : CHERI_CLOBBER1);
}

/* ======================================================================================= */
/* Capability manipulation: *dst = OP(*src, operand). Never traps (ISAv9 clears the tag).   */
/* ======================================================================================= */

#define CHERI_DEFINE_CAP_INT_OP(name, f7, type)                                                  \
    static inline void name(cap_t *dst, const cap_t *src, type operand) {                        \
        __asm__ volatile(CHERI_LC("t0", "%1")                                                    \
                         CHERI_OP3(f7, "t0", "t0", "%2")                                         \
                         CHERI_SC("t0", "%0")                                                    \
                         : : "r"(dst), "r"(src), "r"(operand) : CHERI_CLOBBER1);                 \
    }

/* CSetBounds: base = src's address, length len, rounded outwards when not representable. */
CHERI_DEFINE_CAP_INT_OP(cap_set_bounds, CHERI_F7_CSETBOUNDS, uint64_t)
/* CSetBoundsExact: as cap_set_bounds, but the result is untagged unless the bounds are exact. */
CHERI_DEFINE_CAP_INT_OP(cap_set_bounds_exact, CHERI_F7_CSETBOUNDSEXACT, uint64_t)
/* CIncOffset: address += delta (fast representability check). */
CHERI_DEFINE_CAP_INT_OP(cap_inc_offset, CHERI_F7_CINCOFFSET, int64_t)
/* CSetOffset: address = base + offset. */
CHERI_DEFINE_CAP_INT_OP(cap_set_offset, CHERI_F7_CSETOFFSET, uint64_t)
/* CSetAddr: address = addr (precise representability check). */
CHERI_DEFINE_CAP_INT_OP(cap_set_addr, CHERI_F7_CSETADDR, uint64_t)
/* CAndPerm: permissions &= perms (CHERI_PERM_* bits). */
CHERI_DEFINE_CAP_INT_OP(cap_and_perm, CHERI_F7_CANDPERM, uint64_t)
/* CSetFlags: flags = flags & 1 (1 = capability mode when installed in PCC). */
CHERI_DEFINE_CAP_INT_OP(cap_set_flags, CHERI_F7_CSETFLAGS, uint64_t)
/* CSetHigh: *dst = src's address with metadata `high` (memory form); always untagged. */
CHERI_DEFINE_CAP_INT_OP(cap_set_high, CHERI_F7_CSETHIGH, uint64_t)

#define CHERI_DEFINE_CAP_CAP_OP(name, f7)                                                        \
    static inline void name(cap_t *dst, const cap_t *src, const cap_t *other) {                  \
        __asm__ volatile(CHERI_LC("t0", "%1")                                                    \
                         CHERI_LC("t1", "%2")                                                    \
                         CHERI_OP3(f7, "t0", "t0", "t1")                                         \
                         CHERI_SC("t0", "%0")                                                    \
                         : : "r"(dst), "r"(src), "r"(other) : CHERI_CLOBBER2);                   \
    }

/* CSeal: seal src with otype = sealer's address (needs Permit_Seal, address within sealer's bounds). */
CHERI_DEFINE_CAP_CAP_OP(cap_seal, CHERI_F7_CSEAL)
/* CUnseal: unseal src with unsealer (address = src's otype, Permit_Unseal). */
CHERI_DEFINE_CAP_CAP_OP(cap_unseal, CHERI_F7_CUNSEAL)
/* CCSeal: conditional seal (passes src through when sealer is untagged or its address is -1). */
CHERI_DEFINE_CAP_CAP_OP(cap_cseal, CHERI_F7_CCSEAL)
/* CBuildCap: rebuild the (untagged) bit pattern `requested` from the authority `src`. */
CHERI_DEFINE_CAP_CAP_OP(cap_build, CHERI_F7_CBUILDCAP)
/* CCopyType: *dst = src with address = other's otype. */
CHERI_DEFINE_CAP_CAP_OP(cap_copy_type, CHERI_F7_CCOPYTYPE)

#define CHERI_DEFINE_CAP_UNARY(name, sel)                                                        \
    static inline void name(cap_t *dst, const cap_t *src) {                                      \
        __asm__ volatile(CHERI_LC("t0", "%1")                                                    \
                         CHERI_OP2(sel, "t0", "t0")                                              \
                         CHERI_SC("t0", "%0")                                                    \
                         : : "r"(dst), "r"(src) : CHERI_CLOBBER1);                               \
    }

/* CClearTag: *dst = src without its tag. */
CHERI_DEFINE_CAP_UNARY(cap_clear_tag, CHERI_SEL_CCLEARTAG)
/* CSealEntry: *dst = src sealed as a sentry (otype -2). */
CHERI_DEFINE_CAP_UNARY(cap_seal_entry, CHERI_SEL_CSEALENTRY)
/* CMove: *dst = src through a register move (tag kept). */
CHERI_DEFINE_CAP_UNARY(cap_move, CHERI_SEL_CMOVE)

/* ======================================================================================= */
/* Inspection                                                                              */
/* ======================================================================================= */

#define CHERI_DEFINE_GETTER(name, sel)                                                           \
    static inline uint64_t name(const cap_t *c) {                                                \
        uint64_t r;                                                                              \
        __asm__ volatile(CHERI_LC("t0", "%1")                                                    \
                         CHERI_OP2(sel, "%0", "t0")                                              \
                         : "=r"(r) : "r"(c) : CHERI_CLOBBER1);                                   \
        return r;                                                                                \
    }

CHERI_DEFINE_GETTER(cap_get_tag, CHERI_SEL_CGETTAG)       /* 1 if tagged */
CHERI_DEFINE_GETTER(cap_get_base, CHERI_SEL_CGETBASE)
CHERI_DEFINE_GETTER(cap_get_len, CHERI_SEL_CGETLEN)       /* saturates at 2^64 - 1 */
CHERI_DEFINE_GETTER(cap_get_top, CHERI_SEL_CGETTOP)       /* saturates at 2^64 - 1; SCR's CGetTop (QEMU-CHERI's
                                                            v9 decoder has csetcappoison at this selector) */
CHERI_DEFINE_GETTER(cap_get_addr, CHERI_SEL_CGETADDR)     /* listed as removed in SPEC9; in SCR and QEMU */
CHERI_DEFINE_GETTER(cap_get_offset, CHERI_SEL_CGETOFFSET) /* address - base */
CHERI_DEFINE_GETTER(cap_get_perms, CHERI_SEL_CGETPERM)    /* CHERI_PERM_* bits */
CHERI_DEFINE_GETTER(cap_get_type, CHERI_SEL_CGETTYPE)     /* CHERI_OTYPE_UNSEALED, _SENTRY or a user type */
CHERI_DEFINE_GETTER(cap_get_sealed, CHERI_SEL_CGETSEALED) /* 1 if sealed (sentries included) */
CHERI_DEFINE_GETTER(cap_get_flags, CHERI_SEL_CGETFLAGS)   /* 1 = capability mode */
CHERI_DEFINE_GETTER(cap_get_high, CHERI_SEL_CGETHIGH)     /* metadata in memory form */
/* CLoadTags: bit i = tag of the granule at address + 16 * i, i = 0..3 (64-byte aligned address). */
CHERI_DEFINE_GETTER(cap_load_tags, CHERI_SEL_CLOADTAGS)

/* CTestSubset: 1 if b's bounds and permissions lie within a's and their tags agree. */
static inline uint64_t cap_test_subset(const cap_t *a, const cap_t *b) {
    uint64_t r;
    __asm__ volatile(CHERI_LC("t0", "%1")
                     CHERI_LC("t1", "%2")
                     CHERI_OP3(CHERI_F7_CTESTSUBSET, "%0", "t0", "t1")
                     : "=r"(r) : "r"(a), "r"(b) : CHERI_CLOBBER2);
    return r;
}

/* CSetEqualExact: 1 if a and b are identical, tag included. */
static inline uint64_t cap_equal_exact(const cap_t *a, const cap_t *b) {
    uint64_t r;
    __asm__ volatile(CHERI_LC("t0", "%1")
                     CHERI_LC("t1", "%2")
                     CHERI_OP3(CHERI_F7_CSETEQUALEXACT, "%0", "t0", "t1")
                     : "=r"(r) : "r"(a), "r"(b) : CHERI_CLOBBER2);
    return r;
}

/* CSub: a's address - b's address (listed as removed in SPEC9; in SCR and QEMU). */
static inline uint64_t cap_sub(const cap_t *a, const cap_t *b) {
    uint64_t r;
    __asm__ volatile(CHERI_LC("t0", "%1")
                     CHERI_LC("t1", "%2")
                     CHERI_OP3(CHERI_F7_CSUB, "%0", "t0", "t1")
                     : "=r"(r) : "r"(a), "r"(b) : CHERI_CLOBBER2);
    return r;
}

/* CRRL: the smallest representable length >= len. */
static inline uint64_t cap_round_representable_length(uint64_t len) {
    uint64_t r;
    __asm__ volatile(CHERI_OP2(CHERI_SEL_CRRL, "%0", "%1") : "=r"(r) : "r"(len));
    return r;
}

/* CRAM: the alignment mask a base needs for a capability of length len to be exact. */
static inline uint64_t cap_representable_alignment_mask(uint64_t len) {
    uint64_t r;
    __asm__ volatile(CHERI_OP2(CHERI_SEL_CRAM, "%0", "%1") : "=r"(r) : "r"(len));
    return r;
}

/* ======================================================================================= */
/* Memory access through a capability: CIncOffset by offset, then the explicit .CAP access. */
/* Faults (bounds, permissions, tag, seal) name c5 (ct0).                                   */
/* ======================================================================================= */

#define CHERI_DEFINE_LOAD(name, type, sel)                                                       \
    static inline type name(const cap_t *c, int64_t offset) {                                    \
        uint64_t r;                                                                              \
        __asm__ volatile(CHERI_LC("t0", "%1")                                                    \
                         CHERI_OP3(CHERI_F7_CINCOFFSET, "t0", "t0", "%2")                        \
                         CHERI_XLOAD(sel, "%0", "t0")                                            \
                         : "=r"(r) : "r"(c), "r"(offset) : CHERI_CLOBBER1);                      \
        return (type)r;                                                                          \
    }
CHERI_DEFINE_LOAD(cap_load_u8, uint8_t, CHERI_SEL_LBU_CAP)
CHERI_DEFINE_LOAD(cap_load_u16, uint16_t, CHERI_SEL_LHU_CAP)
CHERI_DEFINE_LOAD(cap_load_u32, uint32_t, CHERI_SEL_LWU_CAP)
CHERI_DEFINE_LOAD(cap_load_u64, uint64_t, CHERI_SEL_LD_CAP)
CHERI_DEFINE_LOAD(cap_load_s8, int8_t, CHERI_SEL_LB_CAP)
CHERI_DEFINE_LOAD(cap_load_s16, int16_t, CHERI_SEL_LH_CAP)
CHERI_DEFINE_LOAD(cap_load_s32, int32_t, CHERI_SEL_LW_CAP)

#define CHERI_DEFINE_STORE(name, type, sel)                                                      \
    static inline void name(const cap_t *c, int64_t offset, type value) {                        \
        __asm__ volatile(CHERI_LC("t0", "%0")                                                    \
                         CHERI_OP3(CHERI_F7_CINCOFFSET, "t0", "t0", "%1")                        \
                         CHERI_XSTORE(sel, "%2", "t0")                                           \
                         : : "r"(c), "r"(offset), "r"((uint64_t)value) : CHERI_CLOBBER1);        \
    }
CHERI_DEFINE_STORE(cap_store_u8, uint8_t, CHERI_SEL_SB_CAP)
CHERI_DEFINE_STORE(cap_store_u16, uint16_t, CHERI_SEL_SH_CAP)
CHERI_DEFINE_STORE(cap_store_u32, uint32_t, CHERI_SEL_SW_CAP)
CHERI_DEFINE_STORE(cap_store_u64, uint64_t, CHERI_SEL_SD_CAP)

/* Loads the byte at c's own address through c with no CIncOffset first. CIncOffset clears the tag of a sealed
 * capability, so cap_load_u8 on a sealed capability faults with a tag violation; cap_peek_u8 lets the load
 * itself see the sealed capability (seal violation). */
static inline uint8_t cap_peek_u8(const cap_t *c) {
    uint64_t r;
    __asm__ volatile(CHERI_LC("t0", "%1")
                     CHERI_XLOAD(CHERI_SEL_LBU_CAP, "%0", "t0")
                     : "=r"(r) : "r"(c) : CHERI_CLOBBER1);
    return (uint8_t)r;
}

/* *dst = the capability stored at c + offset (LC.CAP; the tag is cleared when c lacks Permit_Load_Cap). */
static inline void cap_load_cap(cap_t *dst, const cap_t *c, int64_t offset) {
    __asm__ volatile(CHERI_LC("t0", "%1")
                     CHERI_OP3(CHERI_F7_CINCOFFSET, "t0", "t0", "%2")
                     CHERI_XLOAD(CHERI_SEL_LC_CAP, "t1", "t0")
                     CHERI_SC("t1", "%0")
                     : : "r"(dst), "r"(c), "r"(offset) : CHERI_CLOBBER2);
}

/* Stores *value at c + offset (SC.CAP; needs Permit_Store, and Permit_Store_Cap for a tagged value). */
static inline void cap_store_cap(const cap_t *c, int64_t offset, const cap_t *value) {
    __asm__ volatile(CHERI_LC("t0", "%0")
                     CHERI_OP3(CHERI_F7_CINCOFFSET, "t0", "t0", "%1")
                     CHERI_LC("t1", "%2")
                     CHERI_XSTORE(CHERI_SEL_SC_CAP, "t1", "t0")
                     : : "r"(c), "r"(offset), "r"(value) : CHERI_CLOBBER2);
}

/* ======================================================================================= */
/* Sentries: calling through a sealed entry capability                                     */
/* ======================================================================================= */

/* Makes *dst a sentry for the function at fn: PCC with address fn, sealed with CSealEntry.
 * Pass any function with a cast: cap_make_sentry(&s, (void (*)(void))my_function). */
static inline void cap_make_sentry(cap_t *dst, void (*fn)(void)) {
    cap_from_pcc(dst, (uint64_t)(uintptr_t)fn);
    cap_seal_entry(dst, dst);
}

/* Calls the function that the sentry (or unsealed code capability) *target points to, with one argument,
 * through JALR.CAP cra, ct0: the jump unseals the sentry into PCC, and cra receives a sentry for the return
 * address. The callee is a normal C function (`long f(long)`): its `ret` is an integer-mode JALR through ra,
 * which works because ra's address is the return address; a capability-aware callee may instead return with
 * JALR.CAP cnull, cra, unsealing the return sentry. Returns the callee's a0. */
static inline uint64_t cap_call_sentry(const cap_t *target, uint64_t arg) {
    register uint64_t a0 __asm__("a0") = arg;
    __asm__ volatile(CHERI_LC("t0", "%1")
                     CHERI_OP2(CHERI_SEL_JALR_CAP, "ra", "t0") /* jalr.cap cra, ct0 */
                     : "+r"(a0)
                     : "r"(target)
                     : "ra", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "a1", "a2", "a3", "a4", "a5", "a6", "a7",
                       "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "ft8", "ft9", "ft10", "ft11",
                       "fa0", "fa1", "fa2", "fa3", "fa4", "fa5", "fa6", "fa7", "memory");
    return a0;
}

/* ======================================================================================= */
/* Runtime services: the allocator runtime, reached with ecall                              */
/* ======================================================================================= */
/*
 * The allocator runs in the emulator (Java), not in the guest: its metadata is out of the guest's reach. A service
 * call is an ecall with a7 = CHERI_RT_BASE + service (a range no Linux system call uses). Capabilities travel in
 * capability register ca0 (c10): the wrappers load an argument into ca0 with LC and store a result from ca0 with SC,
 * inside one asm block, so the tag survives. The README's "Runtime service ABI" has the full table.
 *
 * Returned capabilities have exact bounds on the requested size (padded with CRRL/CRAM only when that size is not
 * representable) and the permissions load, store, load/store capability and global. Memory is zeroed.
 * free() puts the object in quarantine; a revocation pass later clears the tag of every capability to it, in memory
 * and in registers, before its memory is reused. A double or invalid free is reported with stack traces (built from
 * frame pointers: compile with -fno-omit-frame-pointer) and, by default, aborts the guest (status 134).
 */
#include <stddef.h>

#define CHERI_RT_BASE           0x40000
#define CHERI_RT_MALLOC         (CHERI_RT_BASE + 0)
#define CHERI_RT_CALLOC         (CHERI_RT_BASE + 1)
#define CHERI_RT_REALLOC        (CHERI_RT_BASE + 2)
#define CHERI_RT_FREE           (CHERI_RT_BASE + 3)
#define CHERI_RT_ALIGNED_ALLOC  (CHERI_RT_BASE + 4)
#define CHERI_RT_POSIX_MEMALIGN (CHERI_RT_BASE + 5)
#define CHERI_RT_USABLE_SIZE    (CHERI_RT_BASE + 6)
#define CHERI_RT_REVOKE         (CHERI_RT_BASE + 7)
#define CHERI_RT_STATISTICS     (CHERI_RT_BASE + 8)

#define CHERI_RT_ENOMEM 12
#define CHERI_RT_EINVAL 22

/* One service that returns a capability in ca0: a0 and a1 in, *out = ca0; returns a1 as the service left it. */
static inline uint64_t cheri_rt_call_cap(uint64_t service, cap_t *out, uint64_t arg0, uint64_t arg1) {
    register uint64_t a0 __asm__("a0") = arg0;
    register uint64_t a1 __asm__("a1") = arg1;
    register uint64_t a7 __asm__("a7") = service;
    __asm__ volatile("ecall\n\t"
                     CHERI_SC("a0", "%3")
                     : "+r"(a0), "+r"(a1) : "r"(a7), "r"(out) : "memory");
    return a1;
}

/* One service that takes a capability in ca0 (loaded from *in) and a1; returns a0, and ca0 in *out if out != 0. */
static inline uint64_t cheri_rt_call_with_cap(uint64_t service, const cap_t *in, uint64_t arg1, cap_t *out) {
    register uint64_t a0 __asm__("a0");
    register uint64_t a1 __asm__("a1") = arg1;
    register uint64_t a7 __asm__("a7") = service;
    __asm__ volatile(CHERI_LC("a0", "%3")
                     "ecall\n\t"
                     "beqz %4, 1f\n\t"
                     CHERI_SC("a0", "%4")
                     "1:\n\t"
                     : "=&r"(a0), "+r"(a1) : "r"(a7), "r"(in), "r"(out) : "memory");
    return a0;
}

/* malloc: *out = a capability to n fresh bytes. 0, or CHERI_RT_ENOMEM with *out = NULL. */
static inline int cheri_malloc(cap_t *out, size_t n) {
    cheri_rt_call_cap(CHERI_RT_MALLOC, out, n, 0);
    return cap_get_tag(out) ? 0 : CHERI_RT_ENOMEM;
}

/* calloc: *out = n * size zeroed bytes. 0, or CHERI_RT_ENOMEM (also on overflow). */
static inline int cheri_calloc(cap_t *out, size_t n, size_t size) {
    cheri_rt_call_cap(CHERI_RT_CALLOC, out, n, size);
    return cap_get_tag(out) ? 0 : CHERI_RT_ENOMEM;
}

/* realloc: *inout = a new object of n bytes holding the old contents (tags included); the old one is freed. The
 * object always moves, because its bounds change. n = 0 frees and sets *inout = NULL. On failure *inout is
 * unchanged and CHERI_RT_ENOMEM is returned. A NULL *inout allocates. */
static inline int cheri_realloc(cap_t *inout, size_t n) {
    cap_t fresh;
    cheri_rt_call_with_cap(CHERI_RT_REALLOC, inout, n, &fresh);
    if (!cap_get_tag(&fresh) && n != 0) {
        return CHERI_RT_ENOMEM;
    }
    cap_copy(inout, &fresh);
    return 0;
}

/* free: the capability must be the one malloc returned (tagged, unsealed, address = base). */
static inline void cheri_free(const cap_t *c) {
    cheri_rt_call_with_cap(CHERI_RT_FREE, c, 0, 0);
}

/* free, returning 0 or CHERI_RT_EINVAL for a refused free (only seen with `run --bad-free report`). */
static inline int cheri_free_checked(const cap_t *c) {
    return (int)cheri_rt_call_with_cap(CHERI_RT_FREE, c, 0, 0);
}

/* Revoke now: a pass empties the quarantine; every capability to a freed object loses its tag. */
static inline void cheri_revoke(void) {
    register uint64_t a0 __asm__("a0");
    register uint64_t a7 __asm__("a7") = CHERI_RT_REVOKE;
    __asm__ volatile("ecall" : "=r"(a0) : "r"(a7) : "memory");
}

/* aligned_alloc: alignment a power of two (below 16 gives 16). 0 or CHERI_RT_ENOMEM / CHERI_RT_EINVAL -> NULL. */
static inline int cheri_aligned_alloc(cap_t *out, size_t alignment, size_t n) {
    cheri_rt_call_cap(CHERI_RT_ALIGNED_ALLOC, out, alignment, n);
    return cap_get_tag(out) ? 0 : CHERI_RT_ENOMEM;
}

/* posix_memalign: alignment a power of two and a multiple of 8. Returns 0, CHERI_RT_EINVAL or CHERI_RT_ENOMEM. */
static inline int cheri_posix_memalign(cap_t *out, size_t alignment, size_t n) {
    return (int)cheri_rt_call_cap(CHERI_RT_POSIX_MEMALIGN, out, alignment, n);
}

/* malloc_usable_size: the object's capability length, or 0 when c is not a live object's capability. */
static inline size_t cheri_malloc_usable_size(const cap_t *c) {
    return (size_t)cheri_rt_call_with_cap(CHERI_RT_USABLE_SIZE, c, 0, 0);
}

/* The statistics query. The first six fields are what CHERIvoke's dlmalloc_nonreuse prints with SWEEP_STATS.
 * Fields are only ever added at the end. */
struct cheri_rt_stats {
    uint64_t sweeps, swept_bytes, frees, freed_bytes, bits_painted, bits_cleared;
    uint64_t mallocs, failed_allocations, invalid_frees, double_frees;
    uint64_t footprint, peak_footprint;
    uint64_t requested_bytes, peak_requested_bytes, allocated_bytes, peak_allocated_bytes;
    uint64_t quarantined_bytes, peak_quarantined_bytes;
    uint64_t revoked_in_memory, revoked_in_registers;
    uint64_t mean_pass_nanos, max_pass_nanos;
};

/* Fills *s; returns the bytes written (sizeof *s), or a negative errno. */
static inline long cheri_rt_statistics(struct cheri_rt_stats *s) {
    register uint64_t a0 __asm__("a0") = (uint64_t)(uintptr_t)s;
    register uint64_t a1 __asm__("a1") = sizeof *s;
    register uint64_t a7 __asm__("a7") = CHERI_RT_STATISTICS;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a7) : "memory");
    return (long)a0;
}

#endif /* CHERI_H */
