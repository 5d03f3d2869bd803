/* Deep recursion (100,000 frames, between 3 and 4 MiB of stack; the default limit is 8 MiB), mutual recursion,
 * and the Ackermann function. */
#include <stdio.h>

static volatile long sink;

__attribute__((noinline)) static long depth(long n, volatile char *prev) {
    volatile char frame[16];
    frame[0] = (char)n;
    frame[15] = prev ? prev[0] : 0;
    if (n == 0) return 0;
    long r = depth(n - 1, frame) + (frame[0] & 1); /* not a tail call */
    sink = r;
    return r;
}

__attribute__((noinline)) static int is_odd(unsigned n);
__attribute__((noinline)) static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1) + 0 * (int)sink; }
__attribute__((noinline)) static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1) + 0 * (int)sink; }

static long ack(long m, long n) {
    if (m == 0) return n + 1;
    if (n == 0) return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}

static long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(void) {
    printf("depth(100000) = %ld\n", depth(100000, 0));
    printf("is_even(30001) = %d, is_odd(30001) = %d\n", is_even(30001), is_odd(30001));
    printf("ack(2, 300) = %ld\n", ack(2, 300));
    printf("ack(3, 6) = %ld\n", ack(3, 6));
    printf("fib(25) = %ld\n", fib(25));
    return 0;
}
