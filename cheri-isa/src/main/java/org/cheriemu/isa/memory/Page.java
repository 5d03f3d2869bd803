package org.cheriemu.isa.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * One 4 KiB page of guest memory: its bytes, one tag bit per 16-byte granule (CHERI reference
 * §1.10, §5.1), a count of set tags, a "capability stored since last cleared" (capDirty) flag
 * and a protection mask.
 *
 * <p>The page-local accessors take an offset within the page; the access must not cross the
 * end of the page (callers split such accesses, as {@link TaggedMemory} does). They are the
 * interpreter's fast path: no allocation, no lookup, and a data store only tests the tag count
 * before touching tag bits.
 *
 * <p>Tags are changed only through this class, so the owning {@link TaggedMemory} can keep its
 * index of tagged pages and its total tag count exact. A page removed from its memory (by
 * {@link TaggedMemory#removePages}) is <em>detached</em>: it still works as a plain object but
 * no longer affects the memory it came from.
 *
 * <p>The bytes live in {@code slab[base .. base + SIZE)}: the memory carves pages out of
 * shared arrays so that the garbage collector keeps neighbouring pages next to each other,
 * which is what lets a sweep stream through memory at hardware-prefetch speed.
 *
 * <p>Data layout is little-endian: a capability at offset {@code off} (16-byte aligned) holds
 * its address in bytes {@code off..off+7} and its memory-form metadata in {@code off+8..off+15}.
 */
public final class Page {
    public static final int SHIFT = 12;
    public static final int SIZE = 1 << SHIFT;
    /** Mask of the offset bits of an address. */
    public static final int MASK = SIZE - 1;
    public static final int GRANULE_SHIFT = 4;
    public static final int GRANULE_SIZE = 1 << GRANULE_SHIFT;
    public static final int GRANULES = SIZE >>> GRANULE_SHIFT;
    /** Number of 64-bit words of tag bits; granule {@code g} is bit {@code g & 63} of word {@code g >>> 6}. */
    public static final int TAG_WORDS = GRANULES / 64;

    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int PROT_EXEC = 4;
    public static final int PROT_ALL = PROT_READ | PROT_WRITE | PROT_EXEC;

    private static final VarHandle SHORT =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Page number: the address of the page's first byte shifted right by {@link #SHIFT}. */
    public final long number;
    /**
     * The array holding this page's bytes: byte {@code i} of the page is {@code slab[base + i]}.
     * Pages share slabs (see {@link TaggedMemory}), so never index it without {@link #base}.
     * Reading it directly is fine; writing it directly bypasses tag clearing, so only do that
     * for granules known to be untagged. The accessors below are the normal way in.
     */
    public final byte[] slab;
    /** Offset of the page's first byte in {@link #slab}. */
    public final int base;

    private final long[] tags = new long[TAG_WORDS];
    private int tagCount;
    private boolean capDirty;
    private int prot = PROT_ALL;

    /**
     * An opaque slot for the interpreter (for example a decoded-instruction cache). The memory
     * never reads or writes it; it goes away with the page.
     */
    public Object execCache;

    // Bookkeeping owned by TaggedMemory.
    TaggedMemory owner;      // null once detached (or for a stand-alone page)
    int taggedIndex = -1;    // position in owner's tagged-page list, -1 if not listed
    int dirtyIndex = -1;     // position in owner's capDirty-page list, -1 if not listed

    /** A page with an array of its own (for tests). */
    Page(long number, TaggedMemory owner) {
        this(number, owner, new byte[SIZE], 0);
    }

    Page(long number, TaggedMemory owner, byte[] slab, int base) {
        if (base < 0 || base > slab.length - SIZE) {
            throw new IllegalArgumentException("page outside its slab");
        }
        this.number = number;
        this.owner = owner;
        this.slab = slab;
        this.base = base;
    }

    /** Address of the first byte of this page. */
    public long baseAddress() {
        return number << SHIFT;
    }

    // ---------------------------------------------------------------- data loads

    /** Zero-extended byte. */
    public int load8(int off) {
        return slab[base + off] & 0xFF;
    }

    /** Zero-extended halfword (cast to {@code short} to sign-extend). */
    public int load16(int off) {
        return (short) SHORT.get(slab, base + off) & 0xFFFF;
    }

    /** Word bits (widen with a cast to sign-extend, {@link Integer#toUnsignedLong} to zero-extend). */
    public int load32(int off) {
        return (int) INT.get(slab, base + off);
    }

    public long load64(int off) {
        return (long) LONG.get(slab, base + off);
    }

    // ---------------------------------------------------------------- data stores (clear tags)

    public void store8(int off, int v) {
        slab[base + off] = (byte) v;
        if (tagCount != 0) {
            clearTag(off >>> GRANULE_SHIFT);
        }
    }

    public void store16(int off, int v) {
        SHORT.set(slab, base + off, (short) v);
        if (tagCount != 0) {
            clearTagsOfBytes(off, 2);
        }
    }

    public void store32(int off, int v) {
        INT.set(slab, base + off, v);
        if (tagCount != 0) {
            clearTagsOfBytes(off, 4);
        }
    }

    public void store64(int off, long v) {
        LONG.set(slab, base + off, v);
        if (tagCount != 0) {
            clearTagsOfBytes(off, 8);
        }
    }

    /** A 16-byte data store (any alignment within the page): {@code lo} at off, {@code hi} at off+8. */
    public void store128(int off, long lo, long hi) {
        LONG.set(slab, base + off, lo);
        LONG.set(slab, base + off + 8, hi);
        if (tagCount != 0) {
            clearTagsOfBytes(off, 16);
        }
    }

    /** Copies {@code len} bytes from offset {@code off} of this page into {@code dst}. */
    public void read(int off, byte[] dst, int dstOff, int len) {
        Objects.checkFromIndexSize(off, len, SIZE);
        System.arraycopy(slab, base + off, dst, dstOff, len);
    }

    /** Copies {@code len} bytes of {@code src} to offset {@code off} of this page, clearing the tags they touch. */
    public void write(int off, byte[] src, int srcOff, int len) {
        Objects.checkFromIndexSize(off, len, SIZE);
        System.arraycopy(src, srcOff, slab, base + off, len);
        if (len != 0 && tagCount != 0) {
            clearTagsOfBytes(off, len);
        }
    }

    /** Sets {@code len} bytes from offset {@code off} to {@code value}, clearing the tags they touch. */
    public void fill(int off, int len, byte value) {
        Objects.checkFromIndexSize(off, len, SIZE);
        Arrays.fill(slab, base + off, base + off + len, value);
        if (len != 0 && tagCount != 0) {
            clearTagsOfBytes(off, len);
        }
    }

    /**
     * Makes this page a copy of {@code src}, bytes and tags (mremap moving a page). This page's
     * old tags are dropped; copied tags count as capability stores, so they set capDirty.
     */
    public void copyFrom(Page src) {
        if (src == this) {
            return;
        }
        System.arraycopy(src.slab, src.base, slab, base, SIZE);
        clearTagRange(0, GRANULES - 1);
        for (int w = 0; w < TAG_WORDS; w++) {
            long bits = src.tags[w];
            while (bits != 0) {
                setTag((w << 6) | Long.numberOfTrailingZeros(bits));
                bits &= bits - 1;
            }
        }
    }

    // ---------------------------------------------------------------- capabilities

    /** Bytes 0–7 of the capability at {@code off} (16-byte aligned): its address. */
    public long loadCapAddress(int off) {
        return (long) LONG.get(slab, base + off);
    }

    /** Bytes 8–15 of the capability at {@code off} (16-byte aligned): its memory-form metadata. */
    public long loadCapMeta(int off) {
        return (long) LONG.get(slab, base + off + 8);
    }

    /**
     * Stores a capability: 16 bytes and the granule tag in one step. {@code off} must be 16-byte
     * aligned. A tagged store sets the capDirty flag.
     */
    public void storeCap(int off, long address, long memMeta, boolean tag) {
        if ((off & (GRANULE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("capability offset not 16-byte aligned: " + off);
        }
        LONG.set(slab, base + off, address);
        LONG.set(slab, base + off + 8, memMeta);
        int g = off >>> GRANULE_SHIFT;
        if (tag) {
            setTag(g);
        } else if (tagCount != 0) {
            clearTag(g);
        }
    }

    // ---------------------------------------------------------------- tags

    public boolean tag(int granule) {
        return (tags[granule >>> 6] & (1L << granule)) != 0;
    }

    /** Tag word {@code w} (0..{@link #TAG_WORDS}-1): bit {@code b} is the tag of granule {@code 64*w + b}. */
    public long tagWord(int w) {
        return tags[w];
    }

    /**
     * Tags of {@code count} (1..32) consecutive granules from {@code granule}, which must all lie
     * in this page: bit i = tag of granule {@code granule + i}.
     */
    public int tagBits(int granule, int count) {
        int w = granule >>> 6;
        int b = granule & 63;
        long bits = tags[w] >>> b;
        if (b + count > 64) {
            bits |= tags[w + 1] << (64 - b);
        }
        return (int) (bits & ((1L << count) - 1));
    }

    /** Number of tagged granules in this page. */
    public int tagCount() {
        return tagCount;
    }

    /**
     * Next tagged granule at or after {@code from} (0..{@link #GRANULES}), or -1 if none.
     */
    public int nextTaggedGranule(int from) {
        if (from >= GRANULES) {
            return -1;
        }
        int w = from >>> 6;
        long bits = tags[w] & (-1L << from);
        while (true) {
            if (bits != 0) {
                return (w << 6) | Long.numberOfTrailingZeros(bits);
            }
            if (++w == TAG_WORDS) {
                return -1;
            }
            bits = tags[w];
        }
    }

    /** Sets the tag of a granule (and capDirty). Normally done by {@link #storeCap}. */
    public void setTag(int granule) {
        int w = granule >>> 6;
        long bit = 1L << granule;
        long old = tags[w];
        if ((old & bit) == 0) {
            tags[w] = old | bit;
            if (++tagCount == 1 && owner != null) {
                owner.pageGainedTags(this);
            }
            if (owner != null) {
                owner.tagCount++;
            }
        }
        if (!capDirty) {
            capDirty = true;
            if (owner != null) {
                owner.pageBecameDirty(this);
            }
        }
    }

    public void clearTag(int granule) {
        int w = granule >>> 6;
        long bit = 1L << granule;
        long old = tags[w];
        if ((old & bit) != 0) {
            tags[w] = old & ~bit;
            tagsRemoved(1);
        }
    }

    /** Clears the tags of every granule that bytes {@code off..off+len-1} (len ≥ 1) touch. */
    public void clearTagsOfBytes(int off, int len) {
        clearTagRange(off >>> GRANULE_SHIFT, (off + len - 1) >>> GRANULE_SHIFT);
    }

    /** Clears the tags of granules {@code first..last} (inclusive). */
    public void clearTagRange(int first, int last) {
        if (tagCount == 0) {
            return;
        }
        int w0 = first >>> 6;
        int w1 = last >>> 6;
        int cleared = 0;
        for (int w = w0; w <= w1; w++) {
            long m = -1L;
            if (w == w0) {
                m &= -1L << first;
            }
            if (w == w1) {
                m &= -1L >>> (63 - (last & 63));
            }
            long old = tags[w];
            long hit = old & m;
            if (hit != 0) {
                tags[w] = old & ~hit;
                cleared += Long.bitCount(hit);
            }
        }
        if (cleared != 0) {
            tagsRemoved(cleared);
        }
    }

    /**
     * Clears the tags of the granules of tag word {@code w} (0..{@link #TAG_WORDS}-1) whose bits
     * are set in {@code mask}, in one step: a sweeper's revocations for 64 granules. Returns the
     * number of tags that were set and are now clear.
     */
    public int clearTagsInWord(int w, long mask) {
        long old = tags[w];
        long hit = old & mask;
        if (hit == 0) {
            return 0;
        }
        tags[w] = old & ~hit;
        int n = Long.bitCount(hit);
        tagsRemoved(n);
        return n;
    }

    private void tagsRemoved(int n) {
        tagCount -= n;
        if (owner != null) {
            owner.tagCount -= n;
            if (tagCount == 0) {
                owner.pageLostTags(this);
            }
        }
    }

    // ---------------------------------------------------------------- capDirty and protection

    /** True if a tagged capability was stored into this page since the flag was last cleared. */
    public boolean capDirty() {
        return capDirty;
    }

    public void clearCapDirty() {
        if (capDirty) {
            capDirty = false;
            if (owner != null) {
                owner.pageBecameClean(this);
            }
        }
    }

    /** Clears the flag without telling the owner (the owner is clearing its whole list). */
    void resetCapDirtyFlag() {
        capDirty = false;
    }

    /** Protection bits ({@link #PROT_READ} | {@link #PROT_WRITE} | {@link #PROT_EXEC}); the memory does not enforce them. */
    public int prot() {
        return prot;
    }

    /** Sets the protection bits; a change advances the owner's {@link TaggedMemory#generation()}. */
    public void setProt(int prot) {
        if ((prot & ~PROT_ALL) != 0) {
            throw new IllegalArgumentException("bad protection bits: " + prot);
        }
        if (prot != this.prot) {
            this.prot = prot;
            if (owner != null) {
                owner.generation++;
            }
        }
    }

    /** True once the page has been removed from its memory. */
    public boolean detached() {
        return owner == null;
    }

    @Override
    public String toString() {
        return "Page[0x" + Long.toHexString(baseAddress()) + ", tags=" + tagCount
                + (capDirty ? ", capDirty" : "") + "]";
    }
}
