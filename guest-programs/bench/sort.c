/* Benchmark: sorting. Hand-written quicksort and merge sort of 64-bit keys, plus qsort of strings, all on
 * deterministic pseudo-random data. Prints checksums only. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef SCALE
#define SCALE 1
#endif

static uint64_t rng = 88172645463325252ULL;
static uint64_t next(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng; }

static void quicksort(uint64_t *v, long lo, long hi) {
    while (lo < hi) {
        uint64_t p = v[lo + (hi - lo) / 2];
        long i = lo, j = hi;
        while (i <= j) {
            while (v[i] < p) i++;
            while (v[j] > p) j--;
            if (i <= j) { uint64_t t = v[i]; v[i] = v[j]; v[j] = t; i++; j--; }
        }
        if (j - lo < hi - i) { quicksort(v, lo, j); lo = i; }
        else { quicksort(v, i, hi); hi = j; }
    }
}

static void mergesort_rec(uint64_t *v, uint64_t *tmp, long n) {
    if (n < 16) {
        for (long i = 1; i < n; i++) {
            uint64_t x = v[i]; long j = i - 1;
            while (j >= 0 && v[j] > x) { v[j + 1] = v[j]; j--; }
            v[j + 1] = x;
        }
        return;
    }
    long h = n / 2;
    mergesort_rec(v, tmp, h);
    mergesort_rec(v + h, tmp, n - h);
    long i = 0, j = h, k = 0;
    while (i < h && j < n) tmp[k++] = v[i] <= v[j] ? v[i++] : v[j++];
    while (i < h) tmp[k++] = v[i++];
    while (j < n) tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof *v);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static uint64_t digest(const uint64_t *v, long n) {
    uint64_t h = 0;
    for (long i = 0; i < n; i++) h = h * 1000003 ^ v[i];
    return h;
}

int main(void) {
    long n = 2600000L * SCALE;
    uint64_t *v = malloc(n * sizeof *v), *w = malloc(n * sizeof *v), *tmp = malloc(n * sizeof *v);
    for (long i = 0; i < n; i++) v[i] = next() % 1000000007ULL;
    memcpy(w, v, n * sizeof *v);
    quicksort(v, 0, n - 1);
    mergesort_rec(w, tmp, n);
    printf("quicksort: %016llx\n", (unsigned long long)digest(v, n));
    printf("mergesort: %016llx same=%d\n", (unsigned long long)digest(w, n), memcmp(v, w, n * sizeof *v) == 0);

    long m = 400000L * SCALE;
    char **s = malloc(m * sizeof *s);
    char *pool = malloc(m * 12);
    for (long i = 0; i < m; i++) {
        s[i] = pool + i * 12;
        uint64_t x = next();
        for (int k = 0; k < 11; k++) { s[i][k] = (char)('a' + x % 26); x /= 26; }
        s[i][11] = 0;
    }
    qsort(s, m, sizeof *s, cmp_str);
    uint64_t h = 0;
    for (long i = 0; i < m; i += 97) h = h * 131 + (unsigned char)s[i][0] + (unsigned char)s[i][5];
    printf("qsort strings: first=%s last=%s h=%016llx\n", s[0], s[m - 1], (unsigned long long)h);
    free(v); free(w); free(tmp); free(s); free(pool);
    return 0;
}
