/* printf of integers and floats: every conversion glibc's printf offers for them. */
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>

int main(void) {
    printf("ints: %d %d %d %d\n", 0, 1, -1, 123456789);
    printf("limits: %d %d %u\n", INT_MIN, INT_MAX, UINT_MAX);
    printf("long: %ld %ld %lu\n", LONG_MIN, LONG_MAX, ULONG_MAX);
    printf("hex: %x %X %#x %lx %#lo\n", 0xdeadbeefu, 0xcafef00du, 255u, 0x0123456789abcdefUL, 8UL);
    printf("width: [%8d] [%-8d] [%08d] [%+d] [% d]\n", 42, 42, 42, 42, 42);
    printf("char/str: %c%c%c [%s] [%10s] [%-10s] [%.3s]\n", 'a', 'b', 'c', "str", "right", "left", "truncate");
    printf("int64: %" PRId64 " %" PRIu64 " %" PRIx64 "\n", INT64_MIN, UINT64_MAX, (uint64_t)0x8000000000000001ULL);
    printf("short/char: %hd %hhu %hhd\n", (short)-32768, (unsigned char)255, (signed char)-128);
    printf("pct: 100%%\n");
    double ds[] = {0.0, -0.0, 1.0, -1.5, 3.141592653589793, 2.718281828459045, 1e10, 1e-10,
                   123456.789, 1.0 / 3.0, 6.02214076e23, 5e-324, 1.7976931348623157e308};
    for (unsigned i = 0; i < sizeof ds / sizeof ds[0]; i++)
        printf("double[%u]: %f | %.3f | %e | %.10g | %a | %g\n", i, ds[i], ds[i], ds[i], ds[i], ds[i], ds[i]);
    float fs[] = {0.1f, 1.5f, -2.25f, 3.4028235e38f, 1.17549435e-38f};
    for (unsigned i = 0; i < sizeof fs / sizeof fs[0]; i++)
        printf("float[%u]: %.9g %a\n", i, fs[i], fs[i]);
    printf("special: %f %f %f %e\n", 1.0 / 0.0, -1.0 / 0.0, 0.0 / 0.0 * 0.0, -(1.0 / 0.0));
    printf("rounding: %.0f %.0f %.0f %.0f %.1f %.2f\n", 0.5, 1.5, 2.5, -0.5, 0.05, 2.675);
    char buf[64];
    int n = snprintf(buf, sizeof buf, "%d-%s-%.2f", 7, "seven", 7.0);
    printf("snprintf: %d [%s]\n", n, buf);
    const char *volatile longstr = "this is too long";
    n = snprintf(buf, 8, "%s", longstr);
    printf("snprintf truncated: %d [%s]\n", n, buf);
    long parsed;
    double pd;
    n = sscanf("  -9876 2.5e3", "%ld %lf", &parsed, &pd);
    printf("sscanf: %d %ld %.1f\n", n, parsed, pd);
    return 0;
}
