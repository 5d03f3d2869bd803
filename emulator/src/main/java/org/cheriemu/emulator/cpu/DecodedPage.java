package org.cheriemu.emulator.cpu;

import org.cheriemu.isa.memory.Page;

/**
 * The decode cache of one code page: for every 2-byte-aligned offset, the decoded instruction
 * starting there, in primitive arrays (filled lazily; {@link Op#DECODE} marks an empty slot).
 * It hangs off {@link Page#execCache} and is dropped when the page is written or on fence.i.
 *
 * <p>{@code args} packs the operand fields: rd in bits 0–5 (32 is the x0 write sink), rs1 in
 * 6–10, rs2 in 11–15, rs3 in 16–20, rm in 21–23 and the instruction length (2 or 4) from bit 24.
 */
final class DecodedPage {
    static final int SLOTS = Page.SIZE / 2;

    final Page page;
    final long base;
    final int[] ops = new int[SLOTS];
    final int[] args = new int[SLOTS];
    final long[] imms = new long[SLOTS];
    /** The raw instruction words (for mtval on illegal instructions, reports and traces). */
    final int[] raw = new int[SLOTS];
    /** True if the last slot holds an instruction that continues into the next page. */
    boolean crossesNext;

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
