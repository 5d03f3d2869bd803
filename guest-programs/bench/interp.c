/* Benchmark: a small stack-based bytecode interpreter (switch dispatch) running three programs: an iterative
 * loop sum, recursive Fibonacci with calls and returns, and a prime-counting loop. Prints results only. */
#include <stdint.h>
#include <stdio.h>

#ifndef SCALE
#define SCALE 1
#endif

enum op { PUSH, LOAD, STORE, ADD, SUB, MUL, MOD, LT, JMP, JZ, CALL, RET, ARG, DUP, DROP, HALT };

typedef struct { int64_t code; } ins;

#define I(op, arg) ((int64_t)(op) | ((int64_t)(arg) << 8))

static int64_t run(const int64_t *code, int64_t arg0) {
    int64_t stack[4096], vars[16] = {0};
    int64_t frames[2048][2]; /* return pc, frame argument */
    int sp = 0, fp = 0, pc = 0;
    int64_t farg = arg0;
    for (;;) {
        int64_t w = code[pc++];
        int64_t a = w >> 8;
        switch ((enum op)(w & 0xff)) {
        case PUSH: stack[sp++] = a; break;
        case LOAD: stack[sp++] = vars[a]; break;
        case STORE: vars[a] = stack[--sp]; break;
        case ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case MOD: sp--; stack[sp - 1] %= stack[sp]; break;
        case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
        case JMP: pc = (int)a; break;
        case JZ: if (stack[--sp] == 0) pc = (int)a; break;
        case CALL: frames[fp][0] = pc; frames[fp][1] = farg; fp++; farg = stack[--sp]; pc = (int)a; break;
        case RET: fp--; pc = (int)frames[fp][0]; farg = frames[fp][1]; break;
        case ARG: stack[sp++] = farg; break;
        case DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case DROP: sp--; break;
        case HALT: return sp ? stack[sp - 1] : 0;
        }
    }
}

int main(void) {
    /* sum = 0; for (i = 0; i < n; i++) sum = (sum + i * i) % 1000003 */
    const int64_t loop2[] = {
        /* 0 */ I(PUSH, 0), I(STORE, 0), I(PUSH, 0), I(STORE, 1),
        /* 4 */ I(LOAD, 1), I(ARG, 0), I(LT, 0), I(JZ, 22),
        /* 8 */ I(LOAD, 0), I(LOAD, 1), I(DUP, 0), I(MUL, 0), I(ADD, 0), I(PUSH, 1000003), I(MOD, 0), I(STORE, 0),
        /* 16 */ I(LOAD, 1), I(PUSH, 1), I(ADD, 0), I(STORE, 1), I(JMP, 4), I(HALT, 0),
        /* 22 */ I(LOAD, 0), I(HALT, 0),
    };
    /* fib(n) = n < 2 ? n : fib(n-1) + fib(n-2) */
    const int64_t fib[] = {
        /* 0 */ I(ARG, 0), I(CALL, 3), I(HALT, 0),
        /* 3 */ I(ARG, 0), I(PUSH, 2), I(LT, 0), I(JZ, 9), I(ARG, 0), I(RET, 0),
        /* 9 */ I(ARG, 0), I(PUSH, 1), I(SUB, 0), I(CALL, 3),
        /* 13 */ I(ARG, 0), I(PUSH, 2), I(SUB, 0), I(CALL, 3), I(ADD, 0), I(RET, 0),
    };
    /* count primes below n by trial division */
    const int64_t primes[] = {
        /* 0 */ I(PUSH, 0), I(STORE, 0), I(PUSH, 2), I(STORE, 1),
        /* 4 */ I(LOAD, 1), I(ARG, 0), I(LT, 0), I(JZ, 38),
        /* 8 */ I(PUSH, 2), I(STORE, 2),
        /* 10 */ I(LOAD, 2), I(LOAD, 2), I(MUL, 0), I(LOAD, 1), I(PUSH, 1), I(ADD, 0), I(LT, 0), I(JZ, 29),
        /* 18 */ I(LOAD, 1), I(LOAD, 2), I(MOD, 0), I(JZ, 33),
        /* 22 */ I(LOAD, 2), I(PUSH, 1), I(ADD, 0), I(STORE, 2), I(JMP, 10), I(HALT, 0), I(HALT, 0),
        /* 29 */ I(LOAD, 0), I(PUSH, 1), I(ADD, 0), I(STORE, 0),
        /* 33 */ I(LOAD, 1), I(PUSH, 1), I(ADD, 0), I(STORE, 1), I(JMP, 4),
        /* 38 */ I(LOAD, 0), I(HALT, 0),
    };
    printf("loop(1800000) = %lld\n", (long long)run(loop2, 1800000LL * SCALE));
    printf("fib(25) = %lld\n", (long long)run(fib, 25 + (SCALE > 1)));
    printf("primes below 160000 = %lld\n", (long long)run(primes, 160000LL * SCALE));
    return 0;
}
