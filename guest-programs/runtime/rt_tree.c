/* Allocator runtime workload: a binary search tree under churn, to show revocation passes and what they cost.
 * Each round inserts keys from a fixed pseudo-random sequence and deletes about as many, so the tree stays near
 * TARGET nodes while thousands of nodes are freed; the frees fill the quarantine and start passes. Children are
 * capabilities stored in the nodes, so the heap is dense with pointers. Prints a checksum per round and the
 * runtime's statistics at the end (deterministic for given run flags).
 * Run with --sweep-stats FILE to get one JSON line per pass, or --stats for the exit summary.
 * Arguments (all optional): rt_tree [NODES [ROUNDS [PAYLOAD]]]: tree size (default 1500), rounds (default 6) and
 * bytes of plain data per node (default 16; more data means fewer capabilities per byte of heap). The key range
 * grows with NODES. */
#include <stdio.h>
#include <stdlib.h>

#include "cheri.h"

/* A node: [0, 16) left, [16, 32) right, [32, 40) key, [40, 40 + payload) data; the checksum reads its first word. */
enum { LEFT = 0, RIGHT = 16, KEY = 32, PAYLOAD = 40 };

static uint64_t keys = 8192;
static size_t node_size = 56;

static cap_t root;
static uint64_t seed = 12345;

static uint64_t next_key(void) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    return (seed >> 33) % keys;
}

/* The slot that holds, or would hold, key: root or a child field of a node (returned as a capability to that
 * 16-byte field, so it can be read and written with cap_load_cap/cap_store_cap at offset 0). */
static __attribute__((noinline)) void find_slot(cap_t *slot, uint64_t key) {
    cap_t node;
    cap_from_ddc(slot, (uint64_t)(uintptr_t)&root);
    cap_set_bounds(slot, slot, sizeof root);
    cap_load_cap(&node, slot, 0);
    while (cap_get_tag(&node)) {
        uint64_t k = cap_load_u64(&node, KEY);
        if (k == key) {
            return;
        }
        cap_inc_offset(slot, &node, key < k ? LEFT : RIGHT);
        cap_set_bounds(slot, slot, 16);
        cap_load_cap(&node, slot, 0);
    }
}

static __attribute__((noinline)) int insert(uint64_t key) {
    cap_t slot, node;
    find_slot(&slot, key);
    cap_load_cap(&node, &slot, 0);
    if (cap_get_tag(&node)) {
        return 0;
    }
    if (cheri_malloc(&node, node_size) != 0) {
        return 0;
    }
    cap_store_u64(&node, KEY, key);
    cap_store_u64(&node, PAYLOAD, key * 7);
    cap_store_cap(&slot, 0, &node);
    return 1;
}

static __attribute__((noinline)) int delete(uint64_t key) {
    cap_t slot, node, left, right;
    find_slot(&slot, key);
    cap_load_cap(&node, &slot, 0);
    if (!cap_get_tag(&node)) {
        return 0;
    }
    cap_load_cap(&left, &node, LEFT);
    cap_load_cap(&right, &node, RIGHT);
    if (!cap_get_tag(&left)) {
        cap_store_cap(&slot, 0, &right);
    } else if (!cap_get_tag(&right)) {
        cap_store_cap(&slot, 0, &left);
    } else {
        /* Two children: hang the left subtree under the leftmost node of the right subtree. */
        cap_t leftmost, next;
        cap_copy(&leftmost, &right);
        cap_load_cap(&next, &leftmost, LEFT);
        while (cap_get_tag(&next)) {
            cap_copy(&leftmost, &next);
            cap_load_cap(&next, &leftmost, LEFT);
        }
        cap_store_cap(&leftmost, LEFT, &left);
        cap_store_cap(&slot, 0, &right);
    }
    cheri_free(&node);
    return 1;
}

static __attribute__((noinline)) uint64_t checksum(const cap_t *node, int depth) {
    if (!cap_get_tag(node) || depth > 4096) {
        return 0;
    }
    cap_t left, right;
    cap_load_cap(&left, node, LEFT);
    cap_load_cap(&right, node, RIGHT);
    return cap_load_u64(node, KEY) + cap_load_u64(node, PAYLOAD) + checksum(&left, depth + 1)
           + checksum(&right, depth + 1);
}

int main(int argc, char **argv) {
    long target = argc > 1 ? atol(argv[1]) : 1500;
    int rounds = argc > 2 ? atoi(argv[2]) : 6;
    long payload = argc > 3 ? atol(argv[3]) : 16;
    if (target < 1 || target > 1000000 || rounds < 1 || payload < 8 || payload > 65536) {
        fprintf(stderr, "usage: rt_tree [NODES (1..1000000) [ROUNDS (>= 1) [PAYLOAD (8..65536)]]]\n");
        return 2;
    }
    keys = target < 1500 ? 8192 : (uint64_t)target * 8192 / 1500;
    node_size = (size_t)(PAYLOAD + payload);
    long nodes = 0;
    cap_null(&root);
    for (int round = 0; round < rounds; round++) {
        while (nodes < target) {
            nodes += insert(next_key());
        }
        for (long i = 0; i < target; i++) {
            nodes -= delete(next_key());
        }
        while (nodes < target) {
            nodes += insert(next_key());
        }
        printf("round %d: %ld nodes, checksum %llu\n", round, nodes, (unsigned long long)checksum(&root, 0));
    }
    struct cheri_rt_stats s;
    cheri_rt_statistics(&s);
    printf("mallocs %llu, frees %llu, revocation passes %llu, capabilities revoked %llu\n",
           (unsigned long long)s.mallocs, (unsigned long long)s.frees, (unsigned long long)s.sweeps,
           (unsigned long long)(s.revoked_in_memory + s.revoked_in_registers));
    return 0;
}
