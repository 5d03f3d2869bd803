/* malloc/realloc/free-heavy data structures: a growable vector, a chained hash map with rehashing,
 * a binary search tree with deletion, and a linked list, all freed at the end. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t rng = 12345;
static uint32_t rnd(void) { rng = rng * 1103515245u + 12345u; return rng >> 8; }

/* --- vector of strings, grown with realloc --- */
struct vec { char **items; size_t len, cap; };
static void vec_push(struct vec *v, const char *s) {
    if (v->len == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 1;
        v->items = realloc(v->items, v->cap * sizeof *v->items);
    }
    v->items[v->len++] = strdup(s);
}

/* --- hash map string -> count --- */
struct entry { char *key; long value; struct entry *next; };
struct map { struct entry **buckets; size_t nbuckets, size; };
static uint64_t fnv(const char *s) {
    uint64_t h = 1469598103934665603ULL;
    while (*s) { h ^= (unsigned char)*s++; h *= 1099511628211ULL; }
    return h;
}
static void map_rehash(struct map *m) {
    size_t nb = m->nbuckets ? m->nbuckets * 2 : 8;
    struct entry **b = calloc(nb, sizeof *b);
    for (size_t i = 0; i < m->nbuckets; i++)
        for (struct entry *e = m->buckets[i], *n; e; e = n) {
            n = e->next;
            size_t j = fnv(e->key) & (nb - 1);
            e->next = b[j];
            b[j] = e;
        }
    free(m->buckets);
    m->buckets = b;
    m->nbuckets = nb;
}
static void map_add(struct map *m, const char *key, long delta) {
    if (m->size >= m->nbuckets * 3 / 4) map_rehash(m);
    size_t j = fnv(key) & (m->nbuckets - 1);
    for (struct entry *e = m->buckets[j]; e; e = e->next)
        if (!strcmp(e->key, key)) { e->value += delta; return; }
    struct entry *e = malloc(sizeof *e);
    e->key = strdup(key);
    e->value = delta;
    e->next = m->buckets[j];
    m->buckets[j] = e;
    m->size++;
}
static long map_get(struct map *m, const char *key) {
    size_t j = fnv(key) & (m->nbuckets - 1);
    for (struct entry *e = m->buckets[j]; e; e = e->next)
        if (!strcmp(e->key, key)) return e->value;
    return -1;
}
static void map_free(struct map *m) {
    for (size_t i = 0; i < m->nbuckets; i++)
        for (struct entry *e = m->buckets[i], *n; e; e = n) { n = e->next; free(e->key); free(e); }
    free(m->buckets);
}

/* --- binary search tree with deletion --- */
struct node { long key; struct node *l, *r; char *payload; };
static struct node *bst_insert(struct node *t, long k) {
    if (!t) {
        t = calloc(1, sizeof *t);
        t->key = k;
        t->payload = malloc((size_t)(k % 200) + 1);
        memset(t->payload, (int)(k & 0x7f), (size_t)(k % 200) + 1);
        return t;
    }
    if (k < t->key) t->l = bst_insert(t->l, k);
    else if (k > t->key) t->r = bst_insert(t->r, k);
    return t;
}
static struct node *bst_delete(struct node *t, long k) {
    if (!t) return NULL;
    if (k < t->key) { t->l = bst_delete(t->l, k); return t; }
    if (k > t->key) { t->r = bst_delete(t->r, k); return t; }
    if (!t->l || !t->r) {
        struct node *c = t->l ? t->l : t->r;
        free(t->payload);
        free(t);
        return c;
    }
    struct node *m = t->r;
    while (m->l) m = m->l;
    long mk = m->key;
    t->r = bst_delete(t->r, mk);
    t->key = mk;
    t->payload = realloc(t->payload, (size_t)(mk % 200) + 1);
    memset(t->payload, (int)(mk & 0x7f), (size_t)(mk % 200) + 1);
    return t;
}
static void bst_walk(struct node *t, long *count, uint64_t *hash, int depth, int *maxdepth) {
    if (!t) return;
    if (depth > *maxdepth) *maxdepth = depth;
    bst_walk(t->l, count, hash, depth + 1, maxdepth);
    ++*count;
    *hash = *hash * 1000003u + (uint64_t)t->key + (unsigned char)t->payload[t->key % 200];
    bst_walk(t->r, count, hash, depth + 1, maxdepth);
}
static void bst_free(struct node *t) {
    if (!t) return;
    bst_free(t->l); bst_free(t->r); free(t->payload); free(t);
}

int main(void) {
    struct vec v = {0};
    char word[32];
    for (int i = 0; i < 5000; i++) {
        int len = 1 + (int)(rnd() % 6);
        for (int j = 0; j < len; j++) word[j] = (char)('a' + rnd() % 4);
        word[len] = 0;
        vec_push(&v, word);
    }
    printf("vector: len=%zu cap=%zu first=%s last=%s\n", v.len, v.cap, v.items[0], v.items[v.len - 1]);

    struct map m = {0};
    for (size_t i = 0; i < v.len; i++) map_add(&m, v.items[i], 1);
    printf("map: size=%zu buckets=%zu a=%ld ab=%ld abcd=%ld dddddd=%ld missing=%ld\n", m.size, m.nbuckets,
           map_get(&m, "a"), map_get(&m, "ab"), map_get(&m, "abcd"), map_get(&m, "dddddd"), map_get(&m, "zz"));

    /* a buffer that grows and shrinks through realloc, keeping its contents */
    size_t cap = 1;
    unsigned char *buf = malloc(cap);
    buf[0] = 0; /* every byte read below was written first: freed-chunk leftovers would hold addresses */
    uint64_t bsum = 0;
    for (int round = 0; round < 200; round++) {
        size_t want = 1 + rnd() % 70000;
        size_t keep = want < cap ? want : cap;
        unsigned char *nb = realloc(buf, want);
        for (size_t i = 0; i < keep; i += 97) bsum += nb[i];
        for (size_t i = keep; i < want; i++) nb[i] = (unsigned char)(i ^ (size_t)round);
        buf = nb;
        cap = want;
    }
    free(buf);
    printf("realloc: checksum=%llu\n", (unsigned long long)bsum);

    struct node *root = NULL;
    for (int i = 0; i < 4000; i++) root = bst_insert(root, (long)(rnd() % 10000));
    for (int i = 0; i < 2000; i++) root = bst_delete(root, (long)(rnd() % 10000));
    long count = 0; uint64_t hash = 0; int maxdepth = 0;
    bst_walk(root, &count, &hash, 1, &maxdepth);
    printf("bst: nodes=%ld depth=%d hash=%llu\n", count, maxdepth, (unsigned long long)hash);
    bst_free(root);

    /* a linked list with many small allocations, reversed and freed */
    struct item { struct item *next; int v; } *head = NULL;
    for (int i = 0; i < 10000; i++) {
        struct item *it = malloc(sizeof *it);
        it->v = i;
        it->next = head;
        head = it;
    }
    struct item *rev = NULL;
    while (head) { struct item *n = head->next; head->next = rev; rev = head; head = n; }
    long lsum = 0; int first = rev->v;
    while (rev) { struct item *n = rev->next; lsum += rev->v; free(rev); rev = n; }
    printf("list: first=%d sum=%ld\n", first, lsum);

    for (size_t i = 0; i < v.len; i++) free(v.items[i]);
    free(v.items);
    map_free(&m);
    printf("done\n");
    return 0;
}
