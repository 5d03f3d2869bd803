/* One wrapper per cheri.h helper, for scripts/check-encodings.sh: it disassembles each t_<helper> and checks
 * that the CHERI instructions in it are the ones listed in encodings/cheri-h-sequences.txt. */
#include "cheri.h"

#define NI __attribute__((noinline, used))

NI void t_cap_from_ddc(cap_t *d, uint64_t a) { cap_from_ddc(d, a); }
NI void t_cap_from_pcc(cap_t *d, uint64_t a) { cap_from_pcc(d, a); }
NI void t_cap_read_ddc(cap_t *d) { cap_read_ddc(d); }
NI void t_cap_write_ddc(const cap_t *s) { cap_write_ddc(s); }
NI void t_cap_null(cap_t *d) { cap_null(d); }
NI void t_cap_copy(cap_t *d, const cap_t *s) { cap_copy(d, s); }
NI void t_cap_set_bounds(cap_t *d, const cap_t *s, uint64_t x) { cap_set_bounds(d, s, x); }
NI void t_cap_set_bounds_exact(cap_t *d, const cap_t *s, uint64_t x) { cap_set_bounds_exact(d, s, x); }
NI void t_cap_inc_offset(cap_t *d, const cap_t *s, int64_t x) { cap_inc_offset(d, s, x); }
NI void t_cap_set_offset(cap_t *d, const cap_t *s, uint64_t x) { cap_set_offset(d, s, x); }
NI void t_cap_set_addr(cap_t *d, const cap_t *s, uint64_t x) { cap_set_addr(d, s, x); }
NI void t_cap_and_perm(cap_t *d, const cap_t *s, uint64_t x) { cap_and_perm(d, s, x); }
NI void t_cap_set_flags(cap_t *d, const cap_t *s, uint64_t x) { cap_set_flags(d, s, x); }
NI void t_cap_set_high(cap_t *d, const cap_t *s, uint64_t x) { cap_set_high(d, s, x); }
NI void t_cap_seal(cap_t *d, const cap_t *s, const cap_t *o) { cap_seal(d, s, o); }
NI void t_cap_unseal(cap_t *d, const cap_t *s, const cap_t *o) { cap_unseal(d, s, o); }
NI void t_cap_cseal(cap_t *d, const cap_t *s, const cap_t *o) { cap_cseal(d, s, o); }
NI void t_cap_build(cap_t *d, const cap_t *s, const cap_t *o) { cap_build(d, s, o); }
NI void t_cap_copy_type(cap_t *d, const cap_t *s, const cap_t *o) { cap_copy_type(d, s, o); }
NI void t_cap_clear_tag(cap_t *d, const cap_t *s) { cap_clear_tag(d, s); }
NI void t_cap_seal_entry(cap_t *d, const cap_t *s) { cap_seal_entry(d, s); }
NI void t_cap_move(cap_t *d, const cap_t *s) { cap_move(d, s); }
NI uint64_t t_cap_get_tag(const cap_t *c) { return cap_get_tag(c); }
NI uint64_t t_cap_get_base(const cap_t *c) { return cap_get_base(c); }
NI uint64_t t_cap_get_len(const cap_t *c) { return cap_get_len(c); }
NI uint64_t t_cap_get_top(const cap_t *c) { return cap_get_top(c); }
NI uint64_t t_cap_get_addr(const cap_t *c) { return cap_get_addr(c); }
NI uint64_t t_cap_get_offset(const cap_t *c) { return cap_get_offset(c); }
NI uint64_t t_cap_get_perms(const cap_t *c) { return cap_get_perms(c); }
NI uint64_t t_cap_get_type(const cap_t *c) { return cap_get_type(c); }
NI uint64_t t_cap_get_sealed(const cap_t *c) { return cap_get_sealed(c); }
NI uint64_t t_cap_get_flags(const cap_t *c) { return cap_get_flags(c); }
NI uint64_t t_cap_get_high(const cap_t *c) { return cap_get_high(c); }
NI uint64_t t_cap_load_tags(const cap_t *c) { return cap_load_tags(c); }
NI uint64_t t_cap_test_subset(const cap_t *a, const cap_t *b) { return cap_test_subset(a, b); }
NI uint64_t t_cap_equal_exact(const cap_t *a, const cap_t *b) { return cap_equal_exact(a, b); }
NI uint64_t t_cap_sub(const cap_t *a, const cap_t *b) { return cap_sub(a, b); }
NI uint64_t t_cap_round_representable_length(uint64_t l) { return cap_round_representable_length(l); }
NI uint64_t t_cap_representable_alignment_mask(uint64_t l) { return cap_representable_alignment_mask(l); }
NI uint64_t t_cap_load_u8(const cap_t *c, int64_t o) { return cap_load_u8(c, o); }
NI uint64_t t_cap_load_u16(const cap_t *c, int64_t o) { return cap_load_u16(c, o); }
NI uint64_t t_cap_load_u32(const cap_t *c, int64_t o) { return cap_load_u32(c, o); }
NI uint64_t t_cap_load_u64(const cap_t *c, int64_t o) { return cap_load_u64(c, o); }
NI int64_t t_cap_load_s8(const cap_t *c, int64_t o) { return cap_load_s8(c, o); }
NI int64_t t_cap_load_s16(const cap_t *c, int64_t o) { return cap_load_s16(c, o); }
NI int64_t t_cap_load_s32(const cap_t *c, int64_t o) { return cap_load_s32(c, o); }
NI uint64_t t_cap_peek_u8(const cap_t *c) { return cap_peek_u8(c); }
NI void t_cap_store_u8(const cap_t *c, int64_t o, uint8_t v) { cap_store_u8(c, o, v); }
NI void t_cap_store_u16(const cap_t *c, int64_t o, uint16_t v) { cap_store_u16(c, o, v); }
NI void t_cap_store_u32(const cap_t *c, int64_t o, uint32_t v) { cap_store_u32(c, o, v); }
NI void t_cap_store_u64(const cap_t *c, int64_t o, uint64_t v) { cap_store_u64(c, o, v); }
NI void t_cap_load_cap(cap_t *d, const cap_t *c, int64_t o) { cap_load_cap(d, c, o); }
NI void t_cap_store_cap(const cap_t *c, int64_t o, const cap_t *v) { cap_store_cap(c, o, v); }
NI void t_cap_make_sentry(cap_t *d, void (*f)(void)) { cap_make_sentry(d, f); }
NI uint64_t t_cap_call_sentry(const cap_t *t, uint64_t a) { return cap_call_sentry(t, a); }
