package org.cheriemu.emulator.loader;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.cheriemu.isa.memory.TaggedMemory;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random corruptions of a real static binary (and of the hand-built minimal one):
 * each must parse, or fail with {@link BadElfException} with a one-line message; a file that
 * parses must load without any other exception.
 */
class ElfFuzzTest {

    private static final long[] EXTREMES = {0, 1, -1, 0x7fffffffffffffffL, 0x8000000000000000L, 0xffffffffL,
            0x100000000L, 0x1000, 0x7fffffff, 0x80000000L, -4096};

    @Test
    void randomCorruptionsNeverEscapeAsOtherExceptions() throws Exception {
        byte[] real = Files.readAllBytes(TestGuests.staticHello());
        fuzz(real, 4000, 0x5eed1);
    }

    @Test
    void randomCorruptionsOfMinimalImage() throws Exception {
        fuzz(new MiniElf(0x13, 0x13, 0x13).bytes(), 3000, 42);
    }

    private static void fuzz(byte[] original, int rounds, long seed) throws Exception {
        ByteBuffer hdr = ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN);
        long shoff = hdr.getLong(40);
        int shnum = hdr.getShort(60) & 0xffff;
        int phEnd = 64 + 56 * (hdr.getShort(56) & 0xffff);
        SplittableRandom rnd = new SplittableRandom(seed);
        int parsed = 0, rejected = 0;
        for (int round = 0; round < rounds; round++) {
            byte[] b = original.clone();
            int mutations = 1 + rnd.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                int kind = rnd.nextInt(10);
                int region = rnd.nextInt(4);
                int pos;
                if (region == 0) {
                    pos = rnd.nextInt(64);                      // ELF header
                } else if (region == 1) {
                    pos = 64 + rnd.nextInt(Math.max(1, phEnd - 64));  // program headers
                } else if (region == 2 && shoff > 0 && shoff + shnum * 64L <= b.length) {
                    pos = (int) shoff + rnd.nextInt(shnum * 64);    // section headers
                } else {
                    pos = rnd.nextInt(b.length);
                }
                pos = Math.min(pos, b.length - 1);
                if (kind < 4) {
                    b[pos] ^= (byte) (1 << rnd.nextInt(8));       // bit flip
                } else if (kind < 6) {
                    b[pos] = (byte) rnd.nextInt(256);             // random byte
                } else if (kind < 9 && b.length >= 8) {
                    int at = Math.max(0, Math.min(pos & ~7, b.length - 8));
                    long v = rnd.nextBoolean() ? EXTREMES[rnd.nextInt(EXTREMES.length)] : b.length + rnd.nextInt(-64, 64);
                    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(at, v);   // extreme field
                } else if (kind == 9) {
                    b = Arrays.copyOf(b, rnd.nextInt(b.length));   // truncation
                    if (b.length == 0) {
                        break;
                    }
                }
            }
            try {
                ElfFile f = ElfFile.parse(b);
                parsed++;
                long bias = f.isPositionIndependent() ? 0x4000000000L : 0;
                try {
                    ElfLoader.load(f, new TaggedMemory(), bias, ElfLoader.Mode.LINUX);
                    f.symbols().symbolize(f.entry());
                    f.phdrAddress();
                } catch (BadElfException e) {
                    checkMessage(e);
                }
            } catch (BadElfException e) {
                rejected++;
                checkMessage(e);
            } catch (Throwable t) {
                fail("round " + round + ": " + t, t);
            }
        }
        assertTrue(rejected > rounds / 10, "too few corruptions detected: " + rejected);
        assertTrue(parsed > 0 || rounds < 100, "nothing parsed");
    }

    private static void checkMessage(BadElfException e) {
        String m = e.getMessage();
        assertTrue(m != null && !m.isBlank() && !m.contains("\n") && !m.contains("Exception"), m);
    }
}
