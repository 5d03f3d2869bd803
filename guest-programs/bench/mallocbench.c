/* Benchmark: a malloc-heavy workload. A pool of live blocks of mixed sizes is churned: each step frees a
 * pseudo-randomly chosen block and allocates a new one (sometimes with realloc), writing to every block so
 * the memory is really touched; then a linked structure is built and torn down. Prints checksums only. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef SCALE
#define SCALE 1
#endif

static uint32_t rng = 2463534242u;
static uint32_t next(void) { rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5; return rng; }

static size_t pick_size(void) {
    uint32_t r = next() % 100;
    if (r < 60) return 8 + next() % 56;       /* small */
    if (r < 90) return 64 + next() % 448;     /* medium */
    if (r < 99) return 512 + next() % 3584;   /* large */
    return 4096 + next() % 60000;             /* huge */
}

struct node { struct node *left, *right; uint64_t key; char payload[24]; };

static struct node *insert(struct node *t, uint64_t key) {
    struct node **p = &t;
    while (*p) p = key < (*p)->key ? &(*p)->left : &(*p)->right;
    *p = calloc(1, sizeof **p);
    (*p)->key = key;
    memset((*p)->payload, (int)(key & 0xff), sizeof (*p)->payload);
    return t;
}
static uint64_t teardown(struct node *t) {
    if (!t) return 0;
    uint64_t h = teardown(t->left) * 3 + teardown(t->right) + t->key + (unsigned char)t->payload[7];
    free(t);
    return h;
}

int main(void) {
    enum { LIVE = 4096 };
    static unsigned char *blocks[LIVE];
    static size_t sizes[LIVE];
    uint64_t sum = 0;
    long steps = 2000000L * SCALE;
    for (long s = 0; s < steps; s++) {
        unsigned i = next() % LIVE;
        if (blocks[i] && (next() & 3) == 0) {
            size_t n = pick_size();
            blocks[i] = realloc(blocks[i], n);
            if (n > sizes[i]) memset(blocks[i] + sizes[i], (int)(s & 0xff), n - sizes[i]);
            sizes[i] = n;
            /* only written bytes are ever read (stale heap bytes could be addresses, which differ by engine) */
            blocks[i][n - 1] = (unsigned char)s;
            blocks[i][n / 2] = (unsigned char)(s >> 5);
        } else {
            if (blocks[i]) sum += blocks[i][sizes[i] / 2];
            free(blocks[i]);
            sizes[i] = pick_size();
            blocks[i] = malloc(sizes[i]);
            memset(blocks[i], (int)(s & 0xff), sizes[i] < 64 ? sizes[i] : 64);
            blocks[i][sizes[i] - 1] = (unsigned char)s;
            blocks[i][sizes[i] / 2] = (unsigned char)(s >> 3);
        }
    }
    for (unsigned i = 0; i < LIVE; i++) { if (blocks[i]) sum += blocks[i][sizes[i] - 1]; free(blocks[i]); }
    printf("churn: %llu\n", (unsigned long long)sum);

    uint64_t h = 0;
    for (int round = 0; round < 6 * SCALE; round++) {
        struct node *t = NULL;
        for (int k = 0; k < 60000; k++) t = insert(t, ((uint64_t)next() << 32) | next());
        h = h * 7 + teardown(t);
    }
    printf("trees: %016llx\n", (unsigned long long)h);
    return 0;
}
