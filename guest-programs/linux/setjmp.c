/* setjmp/longjmp across frames, nested jump buffers, and values preserved in volatile locals. */
#include <setjmp.h>
#include <stdio.h>

static jmp_buf outer, inner;
static int calls;

__attribute__((noinline)) static void deep(int n, int code) {
    calls++;
    if (n < 0) return; /* never: keeps the compiler from calling this infinite */
    if (n == 0) longjmp(inner, code);
    deep(n - 1, code);
}

__attribute__((noinline)) static void escape(void) { longjmp(outer, 99); }

int main(void) {
    volatile int counter = 0;
    int r = setjmp(inner);
    printf("setjmp returned %d (counter %d)\n", r, counter);
    if (counter < 3) {
        counter++;
        deep(50 * counter, counter * 10);
    }
    printf("calls after three jumps: %d\n", calls);
    r = setjmp(inner);
    if (r == 0) longjmp(inner, 0); /* longjmp with 0 makes setjmp return 1 */
    printf("longjmp(0) gives %d\n", r);
    volatile double d = 1.25;
    if ((r = setjmp(outer)) == 0) {
        d = d * 4;
        escape();
        printf("not reached\n");
    }
    printf("outer: %d, double survived: %.2f\n", r, d);
    sigjmp_buf sj;
    if ((r = sigsetjmp(sj, 1)) == 0) siglongjmp(sj, 7);
    printf("sigsetjmp: %d\n", r);
    return 0;
}
