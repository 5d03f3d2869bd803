package org.cheriemu.emulator.oracle;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongUnaryOperator;

import org.cheriemu.emulator.nativelib.Unicorn;
import org.cheriemu.isa.memory.Page;
import org.cheriemu.isa.memory.TaggedMemory;

/**
 * Keeps Unicorn's memory a copy of our {@link TaggedMemory}, page by page (4 KiB, Unicorn's
 * mapping granule). Tags are not mirrored (Unicorn has none; non-CHERI code).
 *
 * <p>Protections: with no protection function, pages are mapped read/write/execute (lockstep: our
 * interpreter runs each instruction first, so an access it rejects never reaches Unicorn). With
 * one (the Unicorn engine: the Linux layer's mappings), each page gets its region's protection,
 * re-read after every system call (mmap, mprotect).
 */
final class MemoryMirror {

    private final Unicorn uc;
    private final TaggedMemory memory;
    private final Set<Long> mapped = new HashSet<>();
    private final byte[] buffer = new byte[Page.SIZE];
    private final MemorySegment bufferSegment = MemorySegment.ofArray(buffer);
    private final LongUnaryOperator protection;
    private final Map<Long, Integer> prot = new HashMap<>();
    long pagesCopied;

    MemoryMirror(Unicorn uc, TaggedMemory memory) {
        this(uc, memory, null);
    }

    /** {@code protection}: page number to UC_PROT_* bits (the same bits as PROT_READ/WRITE/EXEC). */
    MemoryMirror(Unicorn uc, TaggedMemory memory, LongUnaryOperator protection) {
        this.uc = uc;
        this.memory = memory;
        this.protection = protection;
    }

    private int protectionOf(long pageNumber) {
        return protection == null ? Unicorn.UC_PROT_ALL : (int) protection.applyAsLong(pageNumber) & Unicorn.UC_PROT_ALL;
    }

    boolean isMapped(long pageNumber) {
        return mapped.contains(pageNumber);
    }

    /** Maps and copies every page present in our memory (contiguous runs mapped in one call). */
    void mapAll() {
        List<Page> pages = new ArrayList<>();
        memory.forEachPage(pages::add);
        long[] numbers = pages.stream().mapToLong(p -> p.number).filter(n -> !mapped.contains(n)).sorted().toArray();
        int i = 0;
        while (i < numbers.length) {
            int j = i;
            while (j + 1 < numbers.length && numbers[j + 1] == numbers[j] + 1) {
                j++;
            }
            uc.memMap(numbers[i] << Page.SHIFT, (long) (j - i + 1) << Page.SHIFT, Unicorn.UC_PROT_ALL);
            for (int k = i; k <= j; k++) {
                mapped.add(numbers[k]);
            }
            i = j + 1;
        }
        for (Page p : pages) {
            copyToUnicorn(p);
        }
        syncProtections();
    }

    /** Maps {@code page} in Unicorn (if needed) and copies its contents there. */
    void mapPage(Page page) {
        if (mapped.add(page.number)) {
            int p = protectionOf(page.number);
            uc.memMap(page.baseAddress(), Page.SIZE, p);
            prot.put(page.number, p);
        }
        copyToUnicorn(page);
    }

    void copyToUnicorn(Page page) {
        uc.memWrite(page.baseAddress(), MemorySegment.ofArray(page.slab).asSlice(page.base, Page.SIZE));
        pagesCopied++;
    }

    /**
     * After our side changed memory behind Unicorn's back (a system call): maps new pages,
     * rewrites pages whose contents differ, and unmaps pages our memory no longer has.
     */
    void syncToUnicorn() {
        Set<Long> present = new HashSet<>();
        memory.forEachPage(p -> {
            present.add(p.number);
            if (!mapped.contains(p.number)) {
                mapPage(p);
                return;
            }
            uc.memRead(p.baseAddress(), bufferSegment);
            if (!Arrays.equals(buffer, 0, Page.SIZE, p.slab, p.base, p.base + Page.SIZE)) {
                copyToUnicorn(p);
            }
        });
        for (Long n : new ArrayList<>(mapped)) {
            if (!present.contains(n)) {
                uc.memUnmap(n << Page.SHIFT, Page.SIZE);
                mapped.remove(n);
                prot.remove(n);
            }
        }
        syncProtections();
    }

    /** Gives every mapped page its current protection (no-op without a protection function). */
    void syncProtections() {
        if (protection == null) {
            return;
        }
        for (Long n : mapped) {
            int p = protectionOf(n);
            Integer old = prot.put(n, p);
            if (old == null || old != p) {
                uc.memProtect(n << Page.SHIFT, Page.SIZE, p);
            }
        }
    }

    /**
     * The other way (Unicorn as the engine): copies every Unicorn page whose contents differ into
     * our memory, so our system-call layer sees what the guest wrote.
     */
    void syncFromUnicorn() {
        for (Long n : mapped) {
            Page p = memory.page(n);
            if (p == null) {
                continue;
            }
            uc.memRead(n << Page.SHIFT, bufferSegment);
            if (!Arrays.equals(buffer, 0, Page.SIZE, p.slab, p.base, p.base + Page.SIZE)) {
                p.write(0, buffer, 0, Page.SIZE);
                p.execCache = null;
            }
        }
    }

    /** Reads {@code len} bytes of Unicorn memory, or null when a page is not mapped there. */
    byte[] readUnicorn(long address, int len) {
        if (!mapped.contains(address >>> Page.SHIFT) || !mapped.contains((address + len - 1) >>> Page.SHIFT)) {
            return null;
        }
        return uc.memRead(address, len);
    }
}
