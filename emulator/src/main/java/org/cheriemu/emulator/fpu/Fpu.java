package org.cheriemu.emulator.fpu;

/**
 * IEEE-754 arithmetic for the RISC-V F and D extensions.
 *
 * <p>PRELIMINARY: this version computes round-to-nearest-even with Java's native operations and
 * ignores {@code rm}; flags are approximate. The public API is final.
 */
public final class Fpu {
    public static final int NX = 1, UF = 2, OF = 4, DZ = 8, NV = 16;
    public static final int RNE = 0, RTZ = 1, RDN = 2, RUP = 3, RMM = 4;
    public static final int CANONICAL_NAN32 = 0x7fc00000;
    public static final long CANONICAL_NAN64 = 0x7ff8000000000000L;

    /** Accumulated exception flags (fflags bits). */
    public int flags;

    private static boolean isSnan64(long a) {
        return (a & 0x7ff0000000000000L) == 0x7ff0000000000000L && (a & 0x000fffffffffffffL) != 0
                && (a & 0x0008000000000000L) == 0;
    }

    private static boolean isSnan32(int a) {
        return (a & 0x7f800000) == 0x7f800000 && (a & 0x007fffff) != 0 && (a & 0x00400000) == 0;
    }

    private long res64(double r, long... in) {
        for (long x : in) if (isSnan64(x)) flags |= NV;
        if (Double.isNaN(r)) {
            boolean anyNan = false;
            for (long x : in) anyNan |= Double.isNaN(Double.longBitsToDouble(x));
            if (!anyNan) flags |= NV;
            return CANONICAL_NAN64;
        }
        return Double.doubleToRawLongBits(r);
    }

    private int res32(float r, int... in) {
        for (int x : in) if (isSnan32(x)) flags |= NV;
        if (Float.isNaN(r)) {
            boolean anyNan = false;
            for (int x : in) anyNan |= Float.isNaN(Float.intBitsToFloat(x));
            if (!anyNan) flags |= NV;
            return CANONICAL_NAN32;
        }
        return Float.floatToRawIntBits(r);
    }

    private static double d(long a) { return Double.longBitsToDouble(a); }
    private static float f(int a) { return Float.intBitsToFloat(a); }

    public long add64(long a, long b, int rm) { return res64(d(a) + d(b), a, b); }
    public long sub64(long a, long b, int rm) { return res64(d(a) - d(b), a, b); }
    public long mul64(long a, long b, int rm) { return res64(d(a) * d(b), a, b); }
    public long div64(long a, long b, int rm) { return res64(d(a) / d(b), a, b); }
    public long sqrt64(long a, int rm) { return res64(Math.sqrt(d(a)), a); }
    public long fmadd64(long a, long b, long c, int rm) { return res64(Math.fma(d(a), d(b), d(c)), a, b, c); }
    public long fmsub64(long a, long b, long c, int rm) { return res64(Math.fma(d(a), d(b), -d(c)), a, b, c); }
    public long fnmsub64(long a, long b, long c, int rm) { return res64(Math.fma(-d(a), d(b), d(c)), a, b, c); }
    public long fnmadd64(long a, long b, long c, int rm) { return res64(Math.fma(-d(a), d(b), -d(c)), a, b, c); }
    public long min64(long a, long b) { return res64(Math.min(d(a), d(b)), a, b); }
    public long max64(long a, long b) { return res64(Math.max(d(a), d(b)), a, b); }
    public boolean eq64(long a, long b) { if (isSnan64(a) || isSnan64(b)) flags |= NV; return d(a) == d(b); }
    public boolean lt64(long a, long b) { if (Double.isNaN(d(a)) || Double.isNaN(d(b))) flags |= NV; return d(a) < d(b); }
    public boolean le64(long a, long b) { if (Double.isNaN(d(a)) || Double.isNaN(d(b))) flags |= NV; return d(a) <= d(b); }
    public static int classify64(long a) { return 0; }
    public int toInt32From64(long a, int rm) { return (int) d(a); }
    public int toUInt32From64(long a, int rm) { return (int) (long) d(a); }
    public long toInt64From64(long a, int rm) { return (long) d(a); }
    public long toUInt64From64(long a, int rm) { return (long) d(a); }
    public long fromInt32To64(int v, int rm) { return Double.doubleToRawLongBits(v); }
    public long fromUInt32To64(int v, int rm) { return Double.doubleToRawLongBits(v & 0xffffffffL); }
    public long fromInt64To64(long v, int rm) { return Double.doubleToRawLongBits(v); }
    public long fromUInt64To64(long v, int rm) { return Double.doubleToRawLongBits(v); }

    public int add32(int a, int b, int rm) { return res32(f(a) + f(b), a, b); }
    public int sub32(int a, int b, int rm) { return res32(f(a) - f(b), a, b); }
    public int mul32(int a, int b, int rm) { return res32(f(a) * f(b), a, b); }
    public int div32(int a, int b, int rm) { return res32(f(a) / f(b), a, b); }
    public int sqrt32(int a, int rm) { return res32((float) Math.sqrt(f(a)), a); }
    public int fmadd32(int a, int b, int c, int rm) { return res32(Math.fma(f(a), f(b), f(c)), a, b, c); }
    public int fmsub32(int a, int b, int c, int rm) { return res32(Math.fma(f(a), f(b), -f(c)), a, b, c); }
    public int fnmsub32(int a, int b, int c, int rm) { return res32(Math.fma(-f(a), f(b), f(c)), a, b, c); }
    public int fnmadd32(int a, int b, int c, int rm) { return res32(Math.fma(-f(a), f(b), -f(c)), a, b, c); }
    public int min32(int a, int b) { return res32(Math.min(f(a), f(b)), a, b); }
    public int max32(int a, int b) { return res32(Math.max(f(a), f(b)), a, b); }
    public boolean eq32(int a, int b) { if (isSnan32(a) || isSnan32(b)) flags |= NV; return f(a) == f(b); }
    public boolean lt32(int a, int b) { if (Float.isNaN(f(a)) || Float.isNaN(f(b))) flags |= NV; return f(a) < f(b); }
    public boolean le32(int a, int b) { if (Float.isNaN(f(a)) || Float.isNaN(f(b))) flags |= NV; return f(a) <= f(b); }
    public static int classify32(int a) { return 0; }
    public int toInt32From32(int a, int rm) { return (int) f(a); }
    public int toUInt32From32(int a, int rm) { return (int) (long) f(a); }
    public long toInt64From32(int a, int rm) { return (long) f(a); }
    public long toUInt64From32(int a, int rm) { return (long) f(a); }
    public int fromInt32To32(int v, int rm) { return Float.floatToRawIntBits(v); }
    public int fromUInt32To32(int v, int rm) { return Float.floatToRawIntBits(v & 0xffffffffL); }
    public int fromInt64To32(long v, int rm) { return Float.floatToRawIntBits(v); }
    public int fromUInt64To32(long v, int rm) { return Float.floatToRawIntBits(v); }

    public int doubleToSingle(long a, int rm) { return res32((float) d(a), (int) 0); }
    public long singleToDouble(int a) { return res64((double) f(a), 0L); }
}
