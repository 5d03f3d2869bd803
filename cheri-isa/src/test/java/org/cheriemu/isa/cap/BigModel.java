package org.cheriemu.isa.cap;

import java.math.BigInteger;

/**
 * A slow, independent test oracle: reference §1.3, §1.4 and §1.6 transcribed with unbounded
 * integers, so none of the Java shift/sign/width pitfalls of the production code can hide in it.
 */
final class BigModel {
    private BigModel() {}

    static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    static final BigInteger TWO_65 = BigInteger.ONE.shiftLeft(65);

    record Bounds(BigInteger base, BigInteger top) {}

    record Encoded(long ebt, boolean exact) {}

    static BigInteger u(long v) {
        return new BigInteger(Long.toUnsignedString(v));
    }

    static int bits(long meta, int hi, int lo) {
        return (int) ((meta >>> lo) & ((1L << (hi - lo + 1)) - 1));
    }

    /** §1.3 + §1.4. */
    static Bounds decode(long meta, long address) {
        boolean ie = bits(meta, 26, 26) == 1;
        int e;
        int b;
        int tLow;
        int lMsb;
        if (!ie) {
            e = 0;
            b = bits(meta, 13, 0);
            tLow = bits(meta, 25, 14);
            lMsb = 0;
        } else {
            e = (bits(meta, 16, 14) << 3) | bits(meta, 2, 0);
            b = bits(meta, 13, 3) << 3;
            tLow = bits(meta, 25, 17) << 3;
            lMsb = 1;
        }
        int carry = tLow < (b & 0xFFF) ? 1 : 0;
        int t = ((((b >> 12) + carry + lMsb) % 4) << 12) | tLow;

        e = Math.min(e, 52);
        BigInteger a = u(address);
        int a3 = a.shiftRight(e + 11).and(BigInteger.valueOf(7)).intValue();
        int b3 = b >> 11;
        int t3 = t >> 11;
        int r3 = Math.floorMod(b3 - 1, 8);
        int aHi = a3 < r3 ? 1 : 0;
        int bHi = b3 < r3 ? 1 : 0;
        int tHi = t3 < r3 ? 1 : 0;
        int cb = bHi - aHi;
        int ct = tHi - aHi;
        BigInteger atop = a.shiftRight(e + 14);
        BigInteger base65 = atop.add(BigInteger.valueOf(cb)).shiftLeft(14).or(BigInteger.valueOf(b))
                .shiftLeft(e).mod(TWO_65);
        BigInteger top65 = atop.add(BigInteger.valueOf(ct)).shiftLeft(14).or(BigInteger.valueOf(t))
                .shiftLeft(e).mod(TWO_65);
        int base2 = base65.testBit(63) ? 1 : 0;
        int top2 = top65.shiftRight(63).intValue();
        if (e < 51 && Math.floorMod(top2 - base2, 4) > 1) {
            top65 = top65.flipBit(64);
        }
        return new Bounds(base65.mod(TWO_64), top65);
    }

    /** §1.6 on base b and 65-bit top t. */
    static Encoded encode(BigInteger b, BigInteger t) {
        BigInteger len = t.subtract(b);
        int e = len.compareTo(BigInteger.ONE.shiftLeft(13)) < 0 ? 0 : len.bitLength() - 1 - 12;
        boolean ie = e != 0 || len.testBit(12);
        if (!ie) {
            long ebt = (t.mod(BigInteger.ONE.shiftLeft(12)).longValue() << 14)
                    | b.mod(BigInteger.ONE.shiftLeft(14)).longValue();
            return new Encoded(ebt, true);
        }
        long bi = slice(b, e + 13, e + 3);
        long ti = slice(t, e + 13, e + 3);
        boolean lostB = slice(b, e + 2, 0) != 0;
        boolean lostT = slice(t, e + 2, 0) != 0;
        if (lostT) {
            ti = (ti + 1) % 2048;
        }
        if ((Math.floorMod(ti - bi, 2048) & 1024) != 0) {
            lostB = lostB || (bi & 1) == 1;
            lostT = lostT || (ti & 1) == 1;
            e = e + 1;
            bi = slice(b, e + 13, e + 3);
            ti = slice(t, e + 13, e + 3);
            if (lostT) {
                ti = (ti + 1) % 2048;
            }
        }
        long ebt = (1L << 26) | ((ti % 512) << 17) | ((long) (e >> 3) << 14) | (bi << 3) | (e & 7);
        return new Encoded(ebt, !(lostB || lostT));
    }

    static long slice(BigInteger x, int hi, int lo) {
        return x.shiftRight(lo).mod(BigInteger.ONE.shiftLeft(hi - lo + 1)).longValue();
    }
}
