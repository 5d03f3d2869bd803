package org.cheriemu.isa.cap;

import java.util.SplittableRandom;

/** Seeded generators of interesting 64-bit values and capabilities for property tests. */
final class RandomCaps {
    private final SplittableRandom rnd;

    RandomCaps(long seed) {
        rnd = new SplittableRandom(seed);
    }

    SplittableRandom random() {
        return rnd;
    }

    /** A 64-bit value with a log-uniform magnitude, sometimes near 0 or 2^64. */
    long value() {
        long v = rnd.nextLong() >>> rnd.nextInt(64);
        return switch (rnd.nextInt(8)) {
            case 0 -> -v; // near 2^64
            case 1 -> v & ~((1L << rnd.nextInt(20)) - 1); // aligned
            default -> v;
        };
    }

    /** A length: log-uniform, sometimes exactly a power of two or one less. */
    long length() {
        return switch (rnd.nextInt(6)) {
            case 0 -> 1L << rnd.nextInt(64);
            case 1 -> (1L << rnd.nextInt(64)) - 1;
            case 2 -> -1L - rnd.nextInt(1 << 12);
            default -> rnd.nextLong() >>> rnd.nextInt(64);
        };
    }

    /** Any 64 bits: includes malformed bounds, reserved bits, any otype. */
    long anyMeta() {
        long m = rnd.nextLong();
        if (rnd.nextInt(4) == 0) { // bias towards large exponents and edge E values
            int e = 45 + rnd.nextInt(19); // 45..63
            m = (m | (1L << 26)) & ~((7L << 14) | 7L);
            m |= ((long) (e >>> 3) << 14) | (e & 7);
        }
        return m;
    }

    /** A well-formed, unsealed capability derived from root with set-bounds; address = base. */
    Capability bounded() {
        long base = value();
        long len = length();
        long encoded = SetBounds.encode(base, len);
        long meta = CapFormat.withPerms(CapFormat.ROOT_META, rnd.nextInt(1 << 12));
        meta = CapFormat.withUperms(meta, rnd.nextInt(16));
        meta = CapFormat.withFlags(meta, rnd.nextInt(2));
        return new Capability(true, SetBounds.applyTo(meta, encoded), base);
    }

    /** A bounded capability with its address moved to a random point in its representable window. */
    Capability boundedAnywhere() {
        Capability c = bounded();
        long newAddr = randomInWindow(c);
        return new Capability(true, c.meta(), newAddr);
    }

    /** A uniformly random address of the representable window of c (see {@link #windowStart}). */
    long randomInWindow(Capability c) {
        int e = BoundsCodec.decodeExponent(c.meta());
        if (e + 14 >= 64) {
            return rnd.nextLong();
        }
        return windowStart(c) + (rnd.nextLong() >>> (64 - (e + 14)));
    }

    /**
     * Start of the representable window: the 2^(E+14)-byte region whose bits E+13..E+11 equal R3
     * at its start (reference §1.4 and §1.8). Base's own bits E+13..E+11 are B3 = R3 + 1, so the
     * window starts one 2^(E+11) step below base rounded down to 2^(E+11).
     */
    static long windowStart(Capability c) {
        int e = BoundsCodec.decodeExponent(c.meta());
        long step = 1L << (e + 11);
        return (c.base() & -step) - step;
    }

    /** A sealed (not reserved-otype) or sentry copy of c. */
    Capability sealed(Capability c) {
        int otype = rnd.nextInt(4) == 0 ? Otype.SENTRY : rnd.nextInt(Otype.MAX_SEALABLE + 1);
        return new Capability(c.tag(), CapFormat.withOtype(c.meta(), otype), c.address());
    }
}
