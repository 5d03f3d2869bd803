/*
 * The native ceiling of a dense revocation sweep on this host: how fast can any implementation of
 * the CHERIvoke-style sweep (decode each capability's base, probe one bit per 16-byte granule) go
 * here, with no emulator around it? See bench/sweep-ceiling.sh, which builds and runs it.
 *
 *   sweep-ceiling HEAP_MIB PASSES
 *
 * The heap is one flat, 64-byte aligned array of 16-byte granules laid out as cheri-emu keeps guest
 * memory (address in bytes 0-7, memory-form metadata in bytes 8-15). It is carved into objects of
 * 16-512 bytes; every granule holds a capability with exact bounds on a random object, its address
 * somewhere inside that object; a random quarter of the objects are painted in the bitmap, as a
 * 25% quarantine would paint them. Two kernels sweep it:
 *
 *   scalar   one granule at a time (the formula of runtime's FastBounds);
 *   avx512   8 granules per step: two 64-byte loads, two permutes, the same formula on 8 lanes,
 *            one 8-way gather from the bitmap (what the Java vector kernel does, fused, with no
 *            index buffer in between).
 *
 * Both must count exactly the capabilities whose base was painted (counted when the heap is
 * built); a mismatch is exit 1. Beside them, in the same run: the host's read bandwidth over the
 * same bytes (a sum of 64-bit words, which the compiler vectorizes). Medians over PASSES passes.
 */
#include <immintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Capability layout facts (reference §1.3-1.4; cheri-isa CapFormat): */
#define MEM_XOR_MASK 0x00001FFFFC018004ULL /* memory form = register form XOR the NULL encoding */
#define IE_BIT (1ULL << 26)
#define T_SHIFT 14
#define CAP_MAX_E 52
#define HEAP_BASE 0x100000000ULL

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static uint64_t next_random(void) { /* xorshift64 */
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* Base of a capability from register-form metadata and its address (runtime's FastBounds). */
static inline uint64_t base_of(uint64_t meta, uint64_t address) {
    int e;
    uint64_t b;
    if (!(meta & IE_BIT)) {
        e = 0;
        b = meta & 0x3FFF;
    } else {
        e = (int) (((meta >> 11) & 0x38) | (meta & 7));
        if (e > CAP_MAX_E) e = CAP_MAX_E;
        b = meta & 0x3FF8;
    }
    uint64_t a = address >> e;
    uint64_t r = (b - 0x800) & 0x3800;
    return (a - ((a - r) & 0x3FFF) + ((b - r) & 0x3FFF)) << e;
}

static uint64_t sweep_scalar(const uint64_t *mem, size_t granules, const uint64_t *bitmap) {
    uint64_t hits = 0;
    for (size_t g = 0; g < granules; g++) {
        uint64_t rel = base_of(mem[2 * g + 1] ^ MEM_XOR_MASK, mem[2 * g]) - HEAP_BASE;
        if (rel < granules * 16) {
            uint64_t k = rel >> 4;
            hits += (bitmap[k >> 6] >> (k & 63)) & 1;
        }
    }
    return hits;
}

static uint64_t sweep_avx512(const uint64_t *mem, size_t granules, const uint64_t *bitmap) {
    const __m512i even = _mm512_setr_epi64(0, 2, 4, 6, 8, 10, 12, 14);
    const __m512i odd = _mm512_setr_epi64(1, 3, 5, 7, 9, 11, 13, 15);
    const __m512i xor_mask = _mm512_set1_epi64(MEM_XOR_MASK), ie_bit = _mm512_set1_epi64(IE_BIT);
    const __m512i heap_base = _mm512_set1_epi64(HEAP_BASE), guard = _mm512_set1_epi64(granules);
    const __m512i m3fff = _mm512_set1_epi64(0x3FFF), m3ff8 = _mm512_set1_epi64(0x3FF8);
    const __m512i c800 = _mm512_set1_epi64(0x800), m3800 = _mm512_set1_epi64(0x3800);
    const __m512i m38 = _mm512_set1_epi64(0x38), m7 = _mm512_set1_epi64(7);
    const __m512i max_e = _mm512_set1_epi64(CAP_MAX_E), m63 = _mm512_set1_epi64(63);
    const __m512i one = _mm512_set1_epi64(1);
    uint64_t hits = 0;
    for (size_t g = 0; g < granules; g += 8) {
        __m512i v0 = _mm512_load_si512(mem + 2 * g), v1 = _mm512_load_si512(mem + 2 * g + 8);
        __m512i address = _mm512_permutex2var_epi64(v0, even, v1);
        __m512i meta = _mm512_xor_si512(_mm512_permutex2var_epi64(v0, odd, v1), xor_mask);
        __mmask8 ie = _mm512_test_epi64_mask(meta, ie_bit);
        __m512i e = _mm512_maskz_mov_epi64(ie, _mm512_min_epi64(_mm512_or_si512(
                _mm512_and_si512(_mm512_srli_epi64(meta, 11), m38), _mm512_and_si512(meta, m7)), max_e));
        __m512i b = _mm512_mask_blend_epi64(ie, _mm512_and_si512(meta, m3fff), _mm512_and_si512(meta, m3ff8));
        __m512i a = _mm512_srlv_epi64(address, e);
        __m512i r = _mm512_and_si512(_mm512_sub_epi64(b, c800), m3800);
        __m512i base = _mm512_sllv_epi64(_mm512_add_epi64(
                _mm512_sub_epi64(a, _mm512_and_si512(_mm512_sub_epi64(a, r), m3fff)),
                _mm512_and_si512(_mm512_sub_epi64(b, r), m3fff)), e);
        /* Bases outside the heap clamp to the guard granule, whose bit is never painted. */
        __m512i k = _mm512_min_epu64(_mm512_srli_epi64(_mm512_sub_epi64(base, heap_base), 4), guard);
        __m512i words = _mm512_i64gather_epi64(_mm512_srli_epi64(k, 6), (const long long *) bitmap, 8);
        __m512i bit = _mm512_and_si512(_mm512_srlv_epi64(words, _mm512_and_si512(k, m63)), one);
        hits += __builtin_popcount(_mm512_test_epi64_mask(bit, bit));
    }
    return hits;
}

static volatile uint64_t sink;

static double read_pass(const uint64_t *mem, size_t words) {
    double t0 = seconds();
    uint64_t sum = 0;
    for (size_t i = 0; i < words; i++) sum += mem[i];
    sink = sum;
    return seconds() - t0;
}

static int by_value(const void *x, const void *y) {
    double a = *(const double *) x, b = *(const double *) y;
    return (a > b) - (a < b);
}

static double median(double *v, int n) {
    qsort(v, n, sizeof *v, by_value);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv) {
    if (argc != 3 || atol(argv[1]) < 1 || atoi(argv[2]) < 1) {
        fprintf(stderr, "usage: sweep-ceiling HEAP_MIB PASSES\n");
        return 64;
    }
    size_t heap = (size_t) atol(argv[1]) << 20, granules = heap / 16;
    int passes = atoi(argv[2]);
    uint64_t *mem = aligned_alloc(64, heap);
    size_t bitmap_bytes = ((granules / 64 + 1) * 8 + 63) & ~(size_t) 63;   /* one guard word */
    uint64_t *bitmap = aligned_alloc(64, bitmap_bytes);
    size_t max_objects = granules;
    uint64_t *obj_base = malloc(max_objects * sizeof *obj_base);
    uint32_t *obj_len = malloc(max_objects * sizeof *obj_len);
    unsigned char *obj_painted = malloc(max_objects);
    if (!mem || !bitmap || !obj_base || !obj_len || !obj_painted) {
        fprintf(stderr, "sweep-ceiling: out of memory\n");
        return 71;
    }
    memset(bitmap, 0, bitmap_bytes);

    size_t objects = 0;
    for (uint64_t at = 0; at < heap; objects++) {
        uint64_t len = 16 * (1 + next_random() % 32);
        if (len > heap - at) len = heap - at;
        obj_base[objects] = HEAP_BASE + at;
        obj_len[objects] = (uint32_t) len;
        obj_painted[objects] = next_random() % 4 == 0;
        if (obj_painted[objects])
            for (uint64_t k = at / 16; k < (at + len) / 16; k++) bitmap[k >> 6] |= 1ULL << (k & 63);
        at += len;
    }
    uint64_t expected = 0;
    for (size_t g = 0; g < granules; g++) {
        size_t o = next_random() % objects;
        uint64_t base = obj_base[o], top = base + obj_len[o];
        /* Exact bounds below 4 KiB: IE = 0, E = 0, B = base[13:0], T = top[11:0]. */
        uint64_t meta = (base & 0x3FFF) | ((top & 0xFFF) << T_SHIFT);
        mem[2 * g] = base + 16 * (next_random() % (obj_len[o] / 16));
        mem[2 * g + 1] = meta ^ MEM_XOR_MASK;
        expected += obj_painted[o];
    }

    double *t_scalar = malloc(passes * sizeof(double)), *t_vector = malloc(passes * sizeof(double));
    double *t_read = malloc(passes * sizeof(double));
    read_pass(mem, heap / 8);   /* warm-up */
    for (int p = 0; p < passes; p++) {
        double t0 = seconds();
        uint64_t s = sweep_scalar(mem, granules, bitmap);
        t_scalar[p] = seconds() - t0;
        t0 = seconds();
        uint64_t v = sweep_avx512(mem, granules, bitmap);
        t_vector[p] = seconds() - t0;
        t_read[p] = read_pass(mem, heap / 8);
        if (s != expected || v != expected) {
            fprintf(stderr, "sweep-ceiling: kernels disagree: expected %llu painted, scalar %llu, avx512 %llu\n",
                    (unsigned long long) expected, (unsigned long long) s, (unsigned long long) v);
            return 1;
        }
    }
    double gib = heap / (double) (1 << 30);
    double scalar = gib / median(t_scalar, passes), vector = gib / median(t_vector, passes);
    double read = gib / median(t_read, passes);
    printf("%zu\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\n", heap >> 20, scalar, vector, read, scalar / read, vector / read);
    return 0;
}
