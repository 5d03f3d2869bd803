/* Floating-point edge cases, printed as hex bits (plus the accrued fflags) so the output is exact:
 * NaN propagation and canonical NaNs, infinities, signed zeros, subnormals, every rounding mode through
 * fesetround and through static rounding modes, fused multiply-add, min/max, sign injection, fclass,
 * compares, NaN boxing, and the saturating conversions of fcvt. */
#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint64_t dbits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static uint32_t fbits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static double dfrom(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }
static float ffrom(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }

static unsigned take_flags(void) {
    unsigned long f;
    __asm__ volatile("csrrw %0, fflags, zero" : "=r"(f));
    return (unsigned)f;
}
static void clear_flags(void) { __asm__ volatile("csrw fflags, zero"); }

/* flag letters: NV DZ OF UF NX */
static const char *flagstr(unsigned f) {
    static char s[6];
    s[0] = f & 16 ? 'V' : '-'; s[1] = f & 8 ? 'Z' : '-'; s[2] = f & 4 ? 'O' : '-';
    s[3] = f & 2 ? 'U' : '-'; s[4] = f & 1 ? 'X' : '-'; s[5] = 0;
    return s;
}

#define D2(insn, a, b)                                                                               \
    do {                                                                                             \
        double r_; clear_flags();                                                                    \
        __asm__ volatile(insn " %0, %1, %2" : "=f"(r_) : "f"(a), "f"(b));                            \
        unsigned fl_ = take_flags();                                                                 \
        printf("%-10s %016llx %016llx -> %016llx %s\n", insn, (unsigned long long)dbits(a),          \
               (unsigned long long)dbits(b), (unsigned long long)dbits(r_), flagstr(fl_));           \
    } while (0)
#define F2(insn, a, b)                                                                               \
    do {                                                                                             \
        float r_; clear_flags();                                                                     \
        __asm__ volatile(insn " %0, %1, %2" : "=f"(r_) : "f"(a), "f"(b));                            \
        unsigned fl_ = take_flags();                                                                 \
        printf("%-10s %08x %08x -> %08x %s\n", insn, fbits(a), fbits(b), fbits(r_), flagstr(fl_));    \
    } while (0)
/* conversion to integer with an explicit rounding mode */
#define CVT_I(insn, rm, ftype, fmt, x)                                                               \
    do {                                                                                             \
        int64_t r_; clear_flags();                                                                   \
        __asm__ volatile(insn " %0, %1, " rm : "=r"(r_) : "f"(x));                                   \
        unsigned fl_ = take_flags();                                                                 \
        printf("%-9s %-3s " fmt " -> %016llx %s\n", insn, rm, (unsigned long long)ftype(x), (unsigned long long)r_, flagstr(fl_)); \
    } while (0)

static const char *mode_name(int m) {
    switch (m) {
    case FE_TONEAREST: return "nearest";
    case FE_TOWARDZERO: return "towardzero";
    case FE_DOWNWARD: return "downward";
    case FE_UPWARD: return "upward";
    }
    return "?";
}

int main(void) {
    volatile double one = 1.0, three = 3.0, zero = 0.0, nzero = -0.0, two = 2.0, ten = 10.0;
    double inf = dfrom(0x7FF0000000000000ULL), ninf = dfrom(0xFFF0000000000000ULL);
    double qnan = dfrom(0x7FF8000000000000ULL), snan = dfrom(0x7FF0000000000001ULL);
    double payload_nan = dfrom(0xFFF8DEADBEEF0001ULL);
    double dmin_sub = dfrom(1), dmax = dfrom(0x7FEFFFFFFFFFFFFFULL), dmin_norm = dfrom(0x0010000000000000ULL);
    float fone = 1.0f, fthree = 3.0f, fzero = 0.0f;
    float finf = ffrom(0x7F800000), fqnan = ffrom(0x7FC00000), fsnan = ffrom(0x7F800001);
    float fmax = ffrom(0x7F7FFFFF), fmin_sub = ffrom(1);

    printf("-- arithmetic\n");
    D2("fadd.d", one, three); D2("fsub.d", one, one); D2("fsub.d", nzero, zero); D2("fadd.d", nzero, nzero);
    D2("fdiv.d", one, three); D2("fdiv.d", one, zero); D2("fdiv.d", one, nzero); D2("fdiv.d", zero, zero);
    D2("fmul.d", inf, zero); D2("fsub.d", inf, inf); D2("fadd.d", inf, ninf); D2("fadd.d", qnan, one);
    D2("fadd.d", snan, one); D2("fadd.d", payload_nan, one); D2("fmul.d", dmax, two); D2("fmul.d", dmin_sub, dfrom(0x3FE0000000000000ULL));
    D2("fdiv.d", dmin_norm, ten); D2("fmul.d", dmin_norm, dfrom(0x3FF0000000000001ULL));
    F2("fadd.s", fone, fthree); F2("fdiv.s", fone, fthree); F2("fdiv.s", fone, fzero); F2("fdiv.s", fzero, fzero);
    F2("fmul.s", fmax, fthree); F2("fadd.s", fsnan, fone); F2("fadd.s", fqnan, fone); F2("fmul.s", fmin_sub, ffrom(0x3F000000));

    printf("-- sqrt\n");
    {
        double xs[] = {2.0, 0.0, -0.0, -1.0, inf, ninf, qnan, snan, dmin_sub};
        for (unsigned i = 0; i < sizeof xs / sizeof xs[0]; i++) {
            double r; clear_flags();
            __asm__ volatile("fsqrt.d %0, %1" : "=f"(r) : "f"(xs[i]));
            unsigned fl = take_flags();
            printf("fsqrt.d %016llx -> %016llx %s\n", (unsigned long long)dbits(xs[i]), (unsigned long long)dbits(r), flagstr(fl));
        }
        float r; clear_flags();
        __asm__ volatile("fsqrt.s %0, %1" : "=f"(r) : "f"(ffrom(0xBF800000)));
        printf("fsqrt.s -1 -> %08x %s\n", fbits(r), flagstr(take_flags()));
    }

    printf("-- min/max/sign injection/compare/class\n");
    D2("fmin.d", zero, nzero); D2("fmax.d", zero, nzero); D2("fmin.d", nzero, zero); D2("fmax.d", nzero, zero);
    D2("fmin.d", qnan, one); D2("fmax.d", one, qnan); D2("fmin.d", snan, one); D2("fmin.d", qnan, snan);
    F2("fmin.s", fqnan, fone); F2("fmax.s", fsnan, fsnan);
    D2("fsgnj.d", one, ninf); D2("fsgnjn.d", one, ninf); D2("fsgnjx.d", dfrom(0x8000000000000001ULL), ninf);
    F2("fsgnjn.s", fqnan, fqnan);
    {
        double xs[] = {one, qnan, snan, zero};
        const char *names[] = {"1", "qnan", "snan", "0"};
        for (unsigned i = 0; i < 4; i++)
            for (unsigned j = 0; j < 4; j++) {
                long eq, lt, le; unsigned f1, f2, f3;
                clear_flags(); __asm__ volatile("feq.d %0, %1, %2" : "=r"(eq) : "f"(xs[i]), "f"(xs[j])); f1 = take_flags();
                __asm__ volatile("flt.d %0, %1, %2" : "=r"(lt) : "f"(xs[i]), "f"(xs[j])); f2 = take_flags();
                __asm__ volatile("fle.d %0, %1, %2" : "=r"(le) : "f"(xs[i]), "f"(xs[j])); f3 = take_flags();
                printf("cmp %-4s %-4s: feq %ld %s flt %ld %s fle %ld %s\n", names[i], names[j], eq, flagstr(f1), lt,
                       flagstr(f2), le, flagstr(f3));
            }
        double cls[] = {ninf, -1.0, dfrom(0x800FFFFFFFFFFFFFULL), nzero, zero, dmin_sub, one, inf, snan, qnan};
        for (unsigned i = 0; i < sizeof cls / sizeof cls[0]; i++) {
            long c;
            __asm__ volatile("fclass.d %0, %1" : "=r"(c) : "f"(cls[i]));
            printf("fclass.d %016llx = 0x%03lx\n", (unsigned long long)dbits(cls[i]), c);
        }
        long c;
        __asm__ volatile("fclass.s %0, %1" : "=r"(c) : "f"(fsnan));
        printf("fclass.s snan = 0x%03lx\n", c);
    }

    printf("-- NaN boxing\n");
    {
        uint64_t raw;
        float s = fone;
        __asm__ volatile("fmv.x.d %0, %1" : "=r"(raw) : "f"(s));
        printf("float 1.0 in a double register: %016llx\n", (unsigned long long)raw);
        /* an improperly boxed single is treated as the canonical NaN */
        double unboxed = dfrom(0x000000003F800000ULL);
        float r;
        __asm__ volatile("fadd.s %0, %1, %1" : "=f"(r) : "f"(unboxed));
        printf("fadd.s of an unboxed value: %08x\n", fbits(r));
        __asm__ volatile("fmv.x.w %0, %1" : "=r"(raw) : "f"(ffrom(0x80000000)));
        printf("fmv.x.w sign-extends: %016llx\n", (unsigned long long)raw);
        double widened, narrowed_src = dfrom(0x7FF4000000000000ULL);
        __asm__ volatile("fcvt.d.s %0, %1" : "=f"(widened) : "f"(fsnan));
        printf("fcvt.d.s snan: %016llx\n", (unsigned long long)dbits(widened));
        __asm__ volatile("fcvt.s.d %0, %1" : "=f"(r) : "f"(narrowed_src));
        printf("fcvt.s.d snan: %08x\n", fbits(r));
    }

    printf("-- fused multiply-add\n");
    {
        double a = dfrom(0x3FF0000000000001ULL), b = dfrom(0x3FF0000000000001ULL), c = dfrom(0xBFF0000000000002ULL);
        double r1, r2, r3, r4;
        __asm__ volatile("fmadd.d %0, %1, %2, %3" : "=f"(r1) : "f"(a), "f"(b), "f"(c));
        __asm__ volatile("fmsub.d %0, %1, %2, %3" : "=f"(r2) : "f"(a), "f"(b), "f"(c));
        __asm__ volatile("fnmadd.d %0, %1, %2, %3" : "=f"(r3) : "f"(a), "f"(b), "f"(c));
        __asm__ volatile("fnmsub.d %0, %1, %2, %3" : "=f"(r4) : "f"(a), "f"(b), "f"(c));
        printf("fmadd %016llx fmsub %016llx fnmadd %016llx fnmsub %016llx\n", (unsigned long long)dbits(r1),
               (unsigned long long)dbits(r2), (unsigned long long)dbits(r3), (unsigned long long)dbits(r4));
        printf("fma() libm: %016llx\n", (unsigned long long)dbits(fma(a, b, c)));
        clear_flags();
        __asm__ volatile("fmadd.d %0, %1, %2, %3" : "=f"(r1) : "f"(inf), "f"(zero), "f"(qnan));
        printf("fmadd inf*0+qnan: %016llx %s\n", (unsigned long long)dbits(r1), flagstr(take_flags()));
        float fr;
        float fa = ffrom(0x3F800001);
        __asm__ volatile("fmadd.s %0, %1, %2, %3" : "=f"(fr) : "f"(fa), "f"(fa), "f"(ffrom(0xBF800002)));
        printf("fmadd.s: %08x\n", fbits(fr));
    }

    printf("-- rounding modes (fesetround)\n");
    {
        int modes[] = {FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD};
        for (unsigned m = 0; m < 4; m++) {
            fesetround(modes[m]);
            volatile double q = one / three, nq = -one / three, s = sqrt(two), big = dmax + dmax;
            volatile float fq = fone / fthree;
            volatile float narrowed = (float)(one / three);
            long r1 = lrint(2.5), r2 = lrint(-2.5), r3 = lrint(3.5);
            printf("%-10s frm=%d 1/3=%016llx -1/3=%016llx sqrt2=%016llx max+max=%016llx f1/3=%08x (float)(1/3)=%08x "
                   "lrint(2.5,-2.5,3.5)=%ld,%ld,%ld rint(-0.5)=%016llx\n",
                   mode_name(fegetround()), (int)fegetround(), (unsigned long long)dbits(q), (unsigned long long)dbits(nq),
                   (unsigned long long)dbits(s), (unsigned long long)dbits(big), fbits(fq), fbits(narrowed), r1, r2, r3,
                   (unsigned long long)dbits(rint(-0.5)));
        }
        fesetround(FE_TONEAREST);
        unsigned long frm;
        __asm__ volatile("csrr %0, frm" : "=r"(frm));
        printf("frm after reset: %lu\n", frm);
    }

    printf("-- static rounding modes and saturating conversions\n");
    {
        double xs[] = {2.5, -2.5, 0.5, -0.5, 1.5, -1e30, 1e30, 4294967295.5, 2147483647.5, -2147483648.5,
                       9.3e18, 1.9e19, -1.0, qnan, inf, ninf, nzero};
        for (unsigned i = 0; i < sizeof xs / sizeof xs[0]; i++) {
            double x = xs[i];
            CVT_I("fcvt.w.d", "rne", dbits, "%016llx", x);
            CVT_I("fcvt.w.d", "rtz", dbits, "%016llx", x);
            CVT_I("fcvt.w.d", "rdn", dbits, "%016llx", x);
            CVT_I("fcvt.w.d", "rup", dbits, "%016llx", x);
            CVT_I("fcvt.w.d", "rmm", dbits, "%016llx", x);
            CVT_I("fcvt.wu.d", "rtz", dbits, "%016llx", x);
            CVT_I("fcvt.l.d", "rne", dbits, "%016llx", x);
            CVT_I("fcvt.lu.d", "rmm", dbits, "%016llx", x);
        }
        float fs[] = {2.5f, -2.5f, 3e9f, -3e9f, 1e19f, 2e19f, -1.0f, fqnan, finf};
        for (unsigned i = 0; i < sizeof fs / sizeof fs[0]; i++) {
            float x = fs[i];
            CVT_I("fcvt.w.s", "rne", fbits, "%08llx", x);
            CVT_I("fcvt.wu.s", "rup", fbits, "%08llx", x);
            CVT_I("fcvt.l.s", "rdn", fbits, "%08llx", x);
            CVT_I("fcvt.lu.s", "rtz", fbits, "%08llx", x);
        }
        /* integer -> float with rounding */
        int64_t is[] = {0x7FFFFFFFFFFFFFFFLL, -0x7FFFFFFFFFFFFFFFLL - 1, 0x0020000000000001LL, 16777217, -16777217};
        for (unsigned i = 0; i < sizeof is / sizeof is[0]; i++) {
            double d1, d2; float f1, f2;
            __asm__ volatile("fcvt.d.l %0, %1, rdn" : "=f"(d1) : "r"(is[i]));
            __asm__ volatile("fcvt.d.lu %0, %1, rup" : "=f"(d2) : "r"(is[i]));
            __asm__ volatile("fcvt.s.l %0, %1, rtz" : "=f"(f1) : "r"(is[i]));
            __asm__ volatile("fcvt.s.w %0, %1, rne" : "=f"(f2) : "r"(is[i]));
            printf("int %016llx: d.l/rdn %016llx d.lu/rup %016llx s.l/rtz %08x s.w/rne %08x\n", (unsigned long long)is[i],
                   (unsigned long long)dbits(d1), (unsigned long long)dbits(d2), fbits(f1), fbits(f2));
        }
        double r;
        __asm__ volatile("fadd.d %0, %1, %2, rup" : "=f"(r) : "f"(one), "f"(dfrom(0x3C90000000000000ULL)));
        printf("fadd.d rup 1+2^-54: %016llx\n", (unsigned long long)dbits(r));
        __asm__ volatile("fadd.d %0, %1, %2, rdn" : "=f"(r) : "f"(one), "f"(dfrom(0xBC90000000000000ULL)));
        printf("fadd.d rdn 1-2^-54: %016llx\n", (unsigned long long)dbits(r));
        __asm__ volatile("fsub.d %0, %1, %1, rdn" : "=f"(r) : "f"(one));
        printf("fsub.d rdn 1-1: %016llx\n", (unsigned long long)dbits(r));
    }

    printf("-- fcsr\n");
    {
        unsigned long fcsr;
        clear_flags();
        volatile double x = one / three;
        (void)x;
        volatile double y = one / zero;
        (void)y;
        __asm__ volatile("csrr %0, fcsr" : "=r"(fcsr));
        printf("fcsr after inexact and divide-by-zero: 0x%02lx\n", fcsr);
        printf("fetestexcept: inexact=%d divbyzero=%d invalid=%d\n", !!fetestexcept(FE_INEXACT),
               !!fetestexcept(FE_DIVBYZERO), !!fetestexcept(FE_INVALID));
        __asm__ volatile("csrw fcsr, %0" : : "r"(0xFFUL));
        __asm__ volatile("csrr %0, fcsr" : "=r"(fcsr));
        printf("fcsr write 0xff reads 0x%02lx\n", fcsr);
        __asm__ volatile("csrw fcsr, zero");
    }
    return 0;
}
