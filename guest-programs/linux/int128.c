/* 128-bit arithmetic through __int128 (mul, mulhu, mulh, divide via libgcc), printed as two 64-bit halves. */
#include <stdint.h>
#include <stdio.h>

typedef unsigned __int128 u128;
typedef __int128 s128;

static void p(const char *label, u128 v) {
    printf("%s = 0x%016llx_%016llx\n", label, (unsigned long long)(v >> 64), (unsigned long long)v);
}

static void dec(const char *label, u128 v) {
    char buf[48];
    int i = 47;
    buf[i] = 0;
    do { buf[--i] = (char)('0' + (int)(v % 10)); v /= 10; } while (v);
    printf("%s = %s\n", label, buf + i);
}

int main(void) {
    volatile uint64_t a = 0xFFFFFFFFFFFFFFFFULL, b = 0x123456789ABCDEF1ULL, c = 0x8000000000000000ULL;
    volatile int64_t sa = -1, sb = INT64_MIN, sc = 0x7FFFFFFFFFFFFFFFLL;
    p("max*max", (u128)a * a);
    p("max*b", (u128)a * b);
    p("b*b", (u128)b * b);
    p("c*c", (u128)c * c);
    p("s: -1*min", (u128)((s128)sa * sb));
    p("s: min*min", (u128)((s128)sb * sb));
    p("s: max*min", (u128)((s128)sc * sb));
    p("s: -1*max", (u128)((s128)sa * sc));
    p("mixed: (s)-1*(u)max", (u128)((s128)sa * (s128)(u128)a));
    u128 f = 1;
    for (int i = 1; i <= 34; i++) f *= (u128)i;
    dec("34!", f);
    p("34!", f);
    u128 x = ((u128)b << 64) | a;
    p("x", x);
    p("x / 1000000007", x / 1000000007u);
    p("x % 1000000007", x % 1000000007u);
    p("x / b", x / b);
    p("x >> 67", x >> 67);
    p("x << 13", x << 13);
    s128 neg = -(s128)x;
    p("-x", (u128)neg);
    p("-x / 3", (u128)(neg / 3));
    p("-x % 3", (u128)(neg % 3));
    printf("compare: %d %d\n", neg < 0, x > (u128)a);
    return 0;
}
