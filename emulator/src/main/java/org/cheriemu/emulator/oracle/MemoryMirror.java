package org.cheriemu.emulator.oracle;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.cheriemu.emulator.nativelib.Unicorn;
import org.cheriemu.isa.memory.Page;
import org.cheriemu.isa.memory.TaggedMemory;

/**
 * Keeps Unicorn's memory a copy of our {@link TaggedMemory}, page by page (4 KiB, Unicorn's
 * mapping granule). Pages are mapped read/write/execute: protections are the Linux layer's
 * business, and our interpreter always runs an instruction before Unicorn does, so an access our
 * side rejects never reaches Unicorn. Tags are not mirrored (Unicorn has none; non-CHERI code).
 */
final class MemoryMirror {

    private final Unicorn uc;
    private final TaggedMemory memory;
    private final Set<Long> mapped = new HashSet<>();
    private final byte[] buffer = new byte[Page.SIZE];
    private final MemorySegment bufferSegment = MemorySegment.ofArray(buffer);
    long pagesCopied;

    MemoryMirror(Unicorn uc, TaggedMemory memory) {
        this.uc = uc;
        this.memory = memory;
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
    }

    /** Maps {@code page} in Unicorn (if needed) and copies its contents there. */
    void mapPage(Page page) {
        if (mapped.add(page.number)) {
            uc.memMap(page.baseAddress(), Page.SIZE, Unicorn.UC_PROT_ALL);
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
