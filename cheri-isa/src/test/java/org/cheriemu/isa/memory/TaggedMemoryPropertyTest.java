package org.cheriemu.isa.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random mixed operations on {@link TaggedMemory} and {@link ReferenceMemory} side by side: every
 * load and tag read is compared as it happens, and the whole memory (bytes, tags, counts,
 * capDirty, iterators) is compared every few thousand operations.
 */
class TaggedMemoryPropertyTest {
    private static final int OPS_PER_SEED = 500_000;
    private static final int FULL_CHECK_EVERY = 25_000;

    /**
     * Addresses cluster in a few 3-page windows so that operations collide, straddle pages, and
     * wrap around the top of the address space into page 0.
     */
    private static final long[] WINDOWS = {
        0x0L, 0x8000_0000L, 0x7FFF_FFFF_E000L, 0xFFFF_FFFF_FFFF_E000L, 0x8000_0000_0000_0000L, 0x1234_5000L,
    };
    private static final int WINDOW_SIZE = 3 * Page.SIZE;

    private final class Run {
        final Random rnd;
        final TaggedMemory mem = new TaggedMemory();
        final ReferenceMemory model = new ReferenceMemory();
        long op;

        Run(long seed) {
            rnd = new Random(seed);
        }

        long address() {
            long base = WINDOWS[rnd.nextInt(WINDOWS.length)];
            int off;
            if (rnd.nextInt(4) == 0) {
                // near a page boundary, so that wide accesses straddle it
                off = Page.SIZE * (1 + rnd.nextInt(2)) - 20 + rnd.nextInt(40);
            } else {
                off = rnd.nextInt(WINDOW_SIZE);
            }
            return base + off;
        }

        long capAddress() {
            return address() & ~15L;
        }

        void check(long expected, long actual, String what, long addr) {
            if (expected != actual) {
                assertEquals(expected, actual, "op " + op + ": " + what + " at 0x" + Long.toHexString(addr));
            }
        }

        void step() {
            int kind = rnd.nextInt(1000);
            long a;
            if (kind < 250) {                                   // data load, any width
                a = address();
                int w = 1 << rnd.nextInt(4);
                long actual = switch (w) {
                    case 1 -> mem.load8(a);
                    case 2 -> mem.load16(a);
                    case 4 -> Integer.toUnsignedLong(mem.load32(a));
                    default -> mem.load64(a);
                };
                check(model.load(a, w), actual, "load" + (8 * w), a);
            } else if (kind < 500) {                            // data store, any width
                a = address();
                int w = 1 << rnd.nextInt(4);
                long v = rnd.nextLong();
                switch (w) {
                    case 1 -> mem.store8(a, (int) v);
                    case 2 -> mem.store16(a, (int) v);
                    case 4 -> mem.store32(a, (int) v);
                    default -> mem.store64(a, v);
                }
                model.store(a, v, w);
            } else if (kind < 530) {                            // 16-byte data store
                a = address();
                long lo = rnd.nextLong();
                long hi = rnd.nextLong();
                mem.store128(a, lo, hi);
                model.store(a, lo, 8);
                model.store(a + 8, hi, 8);
            } else if (kind < 700) {                            // capability store
                a = capAddress();
                long addr = rnd.nextLong();
                long meta = rnd.nextLong();
                boolean tag = rnd.nextInt(4) != 0;
                mem.storeCap(a, addr, meta, tag);
                model.storeCap(a, addr, meta, tag);
            } else if (kind < 850) {                            // capability load
                a = capAddress();
                check(model.tag(a) ? 1 : 0, mem.loadTag(a) ? 1 : 0, "loadTag", a);
                check(model.load(a, 8), mem.loadCapAddress(a), "loadCapAddress", a);
                check(model.load(a + 8, 8), mem.loadCapMeta(a), "loadCapMeta", a);
            } else if (kind < 880) {                            // clearTag
                a = capAddress();
                mem.clearTag(a);
                model.clearTag(a);
            } else if (kind < 930) {                            // loadTags
                a = capAddress();
                int count = 1 + rnd.nextInt(32);
                int expected = 0;
                for (int i = 0; i < count; i++) {
                    expected |= model.tag(a + 16L * i) ? 1 << i : 0;
                }
                check(expected, mem.loadTags(a, count), "loadTags(" + count + ")", a);
            } else if (kind < 960) {                            // page-local fast path
                a = address();
                int off = (int) a & Page.MASK;
                int w = 1 << rnd.nextInt(4);
                if (off + w <= Page.SIZE) {
                    long v = rnd.nextLong();
                    Page p = mem.pageOrCreate(a >>> Page.SHIFT);
                    model.pages.add(a >>> Page.SHIFT);
                    switch (w) {
                        case 1 -> p.store8(off, (int) v);
                        case 2 -> p.store16(off, (int) v);
                        case 4 -> p.store32(off, (int) v);
                        default -> p.store64(off, v);
                    }
                    model.store(a, v, w);
                    long back = switch (w) {
                        case 1 -> p.load8(off);
                        case 2 -> p.load16(off);
                        case 4 -> Integer.toUnsignedLong(p.load32(off));
                        default -> p.load64(off);
                    };
                    check(model.load(a, w), back, "page load" + (8 * w), a);
                }
            } else if (kind < 975) {                            // fill
                a = address();
                int len = rnd.nextInt(2 * Page.SIZE);
                byte value = rnd.nextBoolean() ? 0 : (byte) rnd.nextInt();
                mem.fill(a, len, value);
                model.fill(a, len, value);
            } else if (kind < 990) {                            // bulk write / read
                a = address();
                byte[] buf = new byte[rnd.nextInt(2 * Page.SIZE)];
                if (rnd.nextBoolean()) {
                    rnd.nextBytes(buf);
                    mem.write(a, buf, 0, buf.length);
                    for (int i = 0; i < buf.length; i++) {
                        model.store8(a + i, buf[i]);
                    }
                } else {
                    mem.read(a, buf, 0, buf.length);
                    for (int i = 0; i < buf.length; i++) {
                        check(model.load8(a + i), buf[i] & 0xFF, "read", a + i);
                    }
                }
            } else if (kind < 994) {                            // munmap 1..3 pages
                long first = address() >>> Page.SHIFT;
                int count = 1 + rnd.nextInt(3);
                if (first + count <= TaggedMemory.PAGE_NUMBER_LIMIT) {
                    mem.removePages(first << Page.SHIFT, (long) count * Page.SIZE - rnd.nextInt(Page.SIZE));
                    model.removePages(first, count);
                }
            } else if (kind < 997) {                            // clear all capDirty flags
                mem.clearCapDirty();
                model.dirtyPages.clear();
            } else {                                            // clear one page's capDirty flag
                a = address();
                Page p = mem.page(a >>> Page.SHIFT);
                if (p != null) {
                    p.clearCapDirty();
                    model.dirtyPages.remove(a >>> Page.SHIFT);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 0x5EED})
    void randomOperationsMatchTheModel(long seed) {
        Run run = new Run(seed);
        for (run.op = 0; run.op < OPS_PER_SEED; run.op++) {
            run.step();
            if ((run.op + 1) % FULL_CHECK_EVERY == 0) {
                MemoryChecks.assertSameAsModel(run.mem, run.model);
            }
        }
        MemoryChecks.assertSameAsModel(run.mem, run.model);
    }
}
