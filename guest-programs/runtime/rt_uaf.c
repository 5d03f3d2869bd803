/* Allocator runtime: a use after free caught by revocation. A linked list of 4,000 nodes is built, and a "cache"
 * keeps a capability to node 500. The list is freed; freed memory waits in quarantine, and the frees themselves
 * start a revocation pass (quarantine > 25% of the heap footprint), which clears the tag of the cached capability.
 * A new list then reuses the memory. Reading through the stale cache faults (tag violation) instead of reading the
 * new list's data. Expected: cause 0x02 on c5, exit 162, and a report naming node 500's object, where it was
 * allocated and freed, and the pass that revoked it. */
#include <stdio.h>

#include "cheri.h"

#define NODES 4000
#define CACHED 500

/* A node: [0, 16) capability to the next node, [16, 24) value, [24, 32) spare. */
enum { NEXT = 0, VALUE = 16, NODE_SIZE = 32 };

static cap_t head;
static cap_t cache;

static __attribute__((noinline)) void make_node(cap_t *out, uint64_t value, const cap_t *next) {
    if (cheri_malloc(out, NODE_SIZE) != 0) {
        printf("out of memory\n");
        return;
    }
    cap_store_u64(out, VALUE, value);
    cap_store_cap(out, NEXT, next);
}

/* Builds the list; *remember (if not 0) receives a capability to node CACHED. */
static __attribute__((noinline)) void build_list(uint64_t first_value, cap_t *remember) {
    cap_t node;
    cap_null(&head);
    for (int i = NODES - 1; i >= 0; i--) {
        make_node(&node, first_value + (uint64_t)i, &head);
        cap_copy(&head, &node);
        if (i == CACHED && remember != 0) {
            cap_copy(remember, &node);
        }
    }
}

static __attribute__((noinline)) uint64_t sum_list(void) {
    cap_t node, next;
    uint64_t sum = 0;
    cap_copy(&node, &head);
    while (cap_get_tag(&node)) {
        sum += cap_load_u64(&node, VALUE);
        cap_load_cap(&next, &node, NEXT);
        cap_copy(&node, &next);
    }
    return sum;
}

static __attribute__((noinline)) void free_list(void) {
    cap_t node, next;
    cap_copy(&node, &head);
    while (cap_get_tag(&node)) {
        cap_load_cap(&next, &node, NEXT);
        cheri_free(&node);
        cap_copy(&node, &next);
    }
    cap_null(&head);
}

static __attribute__((noinline)) uint64_t read_cached(void) {
    return cap_load_u64(&cache, VALUE);
}

int main(void) {
    build_list(1000, &cache);
    printf("list of %d nodes, sum %llu; cache -> node %d, value %llu\n", NODES, (unsigned long long)sum_list(), CACHED,
           (unsigned long long)read_cached());
    free_list();
    struct cheri_rt_stats s;
    cheri_rt_statistics(&s);
    printf("list freed: %llu revocation passes so far, cache tag %llu\n", (unsigned long long)s.sweeps,
           (unsigned long long)cap_get_tag(&cache));
    build_list(5000, 0);
    printf("new list built in the reused memory, sum %llu\n", (unsigned long long)sum_list());
    printf("reading node %d through the stale cache: expect a tag violation (cause 0x02, c5), exit 162\n", CACHED);
    fflush(stdout);
    uint64_t v = read_cached();
    printf("NOT REACHED: read %llu\n", (unsigned long long)v);
    return 1;
}
