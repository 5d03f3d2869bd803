/* Benchmark: integer loops (sieve of Eratosthenes, Collatz lengths, CRC-32 bit by bit, integer matrix
 * multiply). CPU-bound, no system calls inside the loops. Prints checksums only. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef SCALE
#define SCALE 1
#endif

static unsigned sieve(unsigned n) {
    unsigned char *composite = calloc(n + 1, 1);
    unsigned count = 0;
    for (unsigned i = 2; i <= n; i++) {
        if (composite[i]) continue;
        count++;
        for (unsigned long j = (unsigned long)i * i; j <= n; j += i) composite[j] = 1;
    }
    free(composite);
    return count;
}

static uint64_t collatz(unsigned limit) {
    uint64_t best = 0, best_n = 0;
    for (uint64_t n = 1; n < limit; n++) {
        uint64_t x = n, steps = 0;
        while (x != 1) { x = (x & 1) ? 3 * x + 1 : x >> 1; steps++; }
        if (steps > best) { best = steps; best_n = n; }
    }
    return best_n << 16 | best;
}

static uint32_t crc32_bits(unsigned rounds) {
    uint32_t crc = 0xFFFFFFFFu;
    for (unsigned r = 0; r < rounds; r++) {
        crc ^= r * 2654435761u;
        for (int k = 0; k < 32; k++) crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1));
    }
    return ~crc;
}

static uint64_t matmul(int n, int reps) {
    int32_t *a = malloc(sizeof(int32_t) * n * n), *b = malloc(sizeof(int32_t) * n * n);
    int64_t *c = malloc(sizeof(int64_t) * n * n);
    for (int i = 0; i < n * n; i++) { a[i] = (i * 7) % 13 - 6; b[i] = (i * 5) % 11 - 5; }
    uint64_t h = 0;
    for (int r = 0; r < reps; r++) {
        memset(c, 0, sizeof(int64_t) * n * n);
        for (int i = 0; i < n; i++)
            for (int k = 0; k < n; k++) {
                int64_t aik = a[i * n + k] + r;
                for (int j = 0; j < n; j++) c[i * n + j] += aik * b[k * n + j];
            }
        for (int i = 0; i < n * n; i++) h = h * 31 + (uint64_t)c[i];
    }
    free(a); free(b); free(c);
    return h;
}

int main(void) {
    printf("sieve: %u primes\n", sieve(16000000 * SCALE));
    printf("collatz: %llx\n", (unsigned long long)collatz(2000000 * SCALE));
    printf("crc32: %08x\n", crc32_bits(6000000 * SCALE));
    printf("matmul: %016llx\n", (unsigned long long)matmul(96, 24 * SCALE));
    return 0;
}
