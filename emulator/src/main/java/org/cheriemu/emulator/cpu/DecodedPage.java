package org.cheriemu.emulator.cpu;

import org.cheriemu.isa.memory.Page;

/**
 * The decode cache of one code page: for every 2-byte-aligned offset, the decoded instruction
 * starting there, in primitive arrays (filled lazily; {@link Op#DECODE} marks an empty slot).
 * It hangs off {@link Page#execCache} and is dropped when the page is written or on fence.i.
 *
 * <p>The packed operand word ({@code args}) holds the operand fields: rd in bits 0–5 (32 is the x0 write sink), rs1 in
 * 6–10, rs2 in 11–15, rs3 in 16–20, rm in 21–23 and the instruction length (2 or 4) from bit 24.
 */
final class DecodedPage {
    static final int SLOTS = Page.SIZE / 2;

    final Page page;
    final long base;
    /**
     * Two longs per slot, interleaved so one instruction touches one cache line: at index
     * {@code 2*slot} (= the byte offset of the instruction in the page) the opcode in the low 32
     * bits and the packed operands ({@code args}) in the high 32 bits; at {@code 2*slot+1} the
     * immediate.
     */
    final long[] code = new long[2 * SLOTS];
    /** The raw instruction words (for mtval on illegal instructions, reports and traces). */
    final int[] raw = new int[SLOTS];
    /** True if the last slot holds an instruction that continues into the next page. */
    boolean crossesNext;
    /**
     * Which 64-byte chunks of the page hold decoded instructions (bit c = chunk c), plus the chunk
     * before each such chunk (a store of at most 8 bytes starting there can reach into it). A store
     * whose first byte lies in a marked chunk takes the slow path, which drops the decode cache if
     * the store really overlaps code; stores elsewhere in the page (data next to code) stay fast.
     */
    long codeMask;

    /** The compiled region entered at each slot that starts one of its blocks, or null (see {@link RegionCompiler}). */
    CompiledRegion[] regions;
    /** Bit s set: slot s is compiled into a region (or could not be, and is not sampled again). */
    long[] compiled;
    /** Interpreter samples of not-yet-compiled code in this page since the last compile. */
    int samples;

    boolean isCompiled(int slot) {
        return compiled != null && ((compiled[slot >>> 6] >>> slot) & 1) != 0;
    }

    /** Marks the chunks of an instruction of {@code len} bytes at offset {@code off}. */
    void markCode(int off, int len) {
        int c1 = off >>> 6;
        int c2 = Math.min(off + len - 1, Page.SIZE - 1) >>> 6;
        long m = (1L << c1) | (1L << c2);
        if (c1 > 0) {
            m |= 1L << (c1 - 1);
        }
        codeMask |= m;
    }

    /** True if bytes {@code off..off+size-1} (within this page) may overlap decoded code. */
    boolean overlaps(int off, int size) {
        int last = Math.min(off + size - 1, Page.SIZE - 1);
        return ((codeMask >>> (off >>> 6)) & 1) != 0 || ((codeMask >>> (last >>> 6)) & 1) != 0;
    }

    DecodedPage(Page page) {
        this.page = page;
        this.base = page.baseAddress();
    }

    static int rd(int a) {
        return a & 63;
    }

    static int rs1(int a) {
        return (a >>> 6) & 31;
    }

    static int rs2(int a) {
        return (a >>> 11) & 31;
    }

    static int rs3(int a) {
        return (a >>> 16) & 31;
    }

    static int rm(int a) {
        return (a >>> 21) & 7;
    }

    static int len(int a) {
        return a >>> 24;
    }

    static int pack(int rd, int rs1, int rs2, int rs3, int rm, int len) {
        return rd | rs1 << 6 | rs2 << 11 | rs3 << 16 | rm << 21 | len << 24;
    }
}
