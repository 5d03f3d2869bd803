/* qsort and bsearch over integers, strings and structs, using a deterministic PRNG. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state = 0x9E3779B97F4A7C15ULL;
static uint64_t next(void) { /* xorshift64* */
    state ^= state >> 12; state ^= state << 25; state ^= state >> 27;
    return state * 0x2545F4914F6CDD1DULL;
}
static int cmp_int(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}
static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
struct rec { int key; char name[12]; };
static int cmp_rec(const void *a, const void *b) {
    const struct rec *x = a, *y = b;
    if (x->key != y->key) return (x->key > y->key) - (x->key < y->key);
    return strcmp(x->name, y->name);
}

int main(void) {
    enum { N = 20000 };
    int *v = malloc(N * sizeof *v);
    for (int i = 0; i < N; i++) v[i] = (int)(next() % 100000) - 50000;
    qsort(v, N, sizeof *v, cmp_int);
    int sorted = 1;
    long sum = 0;
    for (int i = 0; i < N; i++) { if (i && v[i - 1] > v[i]) sorted = 0; sum += v[i]; }
    printf("ints: sorted=%d min=%d max=%d median=%d sum=%ld\n", sorted, v[0], v[N - 1], v[N / 2], sum);
    int key = v[1234];
    int *hit = bsearch(&key, v, N, sizeof *v, cmp_int);
    printf("bsearch: found=%d value=%d\n", hit != NULL, hit ? *hit : 0);
    key = 60000;
    printf("bsearch missing: %p\n", bsearch(&key, v, N, sizeof *v, cmp_int));
    free(v);

    static const char *words[] = {"pear", "apple", "fig", "banana", "cherry", "date", "elderberry",
                                  "grape", "kiwi", "lemon", "mango", "apple", "Zebra", "aardvark"};
    enum { W = sizeof words / sizeof words[0] };
    const char *w[W];
    memcpy(w, words, sizeof w);
    qsort(w, W, sizeof *w, cmp_str);
    for (int i = 0; i < W; i++) printf("word %2d: %s\n", i, w[i]);

    enum { R = 500 };
    struct rec *r = malloc(R * sizeof *r);
    for (int i = 0; i < R; i++) {
        r[i].key = (int)(next() % 50);
        snprintf(r[i].name, sizeof r[i].name, "n%06u", (unsigned)(next() % 1000000));
    }
    qsort(r, R, sizeof *r, cmp_rec);
    unsigned long h = 5381;
    for (int i = 0; i < R; i++) {
        h = h * 33 + (unsigned long)r[i].key;
        for (const char *p = r[i].name; *p; p++) h = h * 33 + (unsigned char)*p;
    }
    printf("records: first=%d/%s last=%d/%s hash=%lu\n", r[0].key, r[0].name, r[R - 1].key, r[R - 1].name, h);
    free(r);
    return 0;
}
