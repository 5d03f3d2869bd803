package org.cheriemu.emulator.loader;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.cheriemu.isa.memory.Page;
import org.cheriemu.isa.memory.TaggedMemory;

/**
 * Copies the PT_LOAD segments of an {@link ElfFile} into {@link TaggedMemory} and sets page
 * protections. Used by both the Linux user-mode environment and bare-metal boards.
 *
 * <p>For each PT_LOAD with a non-zero memory size, in file order (later segments win on a
 * shared page, as with Linux's {@code MAP_FIXED} mappings):
 * <ol>
 *   <li>the file bytes {@code [vaddr, vaddr+filesz)} are written; in {@link Mode#LINUX} mode,
 *       when vaddr and offset are congruent modulo the page size (as every linker makes them),
 *       the rest of the first and last file-backed pages is filled from the file as well, since
 *       Linux maps whole file pages;</li>
 *   <li>the zero-filled part {@code [vaddr+filesz, vaddr+memsz)}: the remainder of its first
 *       page is cleared, and any page wholly inside it that already exists is removed (absent
 *       pages read as zero and are created by the environment on first touch, so a huge bss
 *       costs nothing);</li>
 *   <li>every present page of the segment gets the segment's protection.</li>
 * </ol>
 * Pages are created with the protection of the segment ({@link Page#setProt}); in
 * {@link Mode#BARE_METAL} a page shared by two segments gets the union of their protections.
 */
public final class ElfLoader {

    /** How file pages are mapped. */
    public enum Mode {
        /** Exactly the file bytes of each segment (bare-metal boards, like QEMU's loader). */
        BARE_METAL,
        /** Whole file pages, as Linux's {@code elf_map} (qemu-user does the same). */
        LINUX
    }

    private static final long PAGE = Page.SIZE;

    private ElfLoader() {
    }

    /** Loads {@code elf} at its own addresses (ET_EXEC, or ET_DYN at bias 0). */
    public static LoadedImage load(ElfFile elf, TaggedMemory memory, Mode mode) throws BadElfException {
        return load(elf, memory, 0, mode);
    }

    /**
     * Loads {@code elf} with every vaddr moved by {@code bias} (use 0 for ET_EXEC). Throws
     * {@link BadElfException} if a relocated segment wraps the address space.
     */
    public static LoadedImage load(ElfFile elf, TaggedMemory memory, long bias, Mode mode) throws BadElfException {
        if (elf.type() == ElfFile.ET_EXEC && bias != 0) {
            throw new IllegalArgumentException("ET_EXEC images cannot be relocated");
        }
        List<LoadedImage.Segment> segs = new ArrayList<>();
        long lo = -1, hi = 0;
        int index = 0;
        for (ProgramHeader ph : elf.programHeaders()) {
            index++;
            if (!ph.isLoad() || ph.memsz() == 0) {
                continue;
            }
            long vaddr = ph.vaddr() + bias;
            long memEnd = vaddr + ph.memsz();
            boolean wrapped = bias >= 0 ? Long.compareUnsigned(vaddr, ph.vaddr()) < 0
                    : Long.compareUnsigned(vaddr, ph.vaddr()) > 0;
            if (wrapped || Long.compareUnsigned(memEnd, vaddr) < 0 || Long.compareUnsigned(memEnd, -PAGE) > 0) {
                throw new BadElfException("PT_LOAD segment " + (index - 1) + " (0x" + Long.toHexString(ph.vaddr())
                        + ", size 0x" + Long.toHexString(ph.memsz()) + ") does not fit in the address space"
                        + (bias != 0 ? " at load bias 0x" + Long.toHexString(bias) : ""));
            }
            long fileEnd = vaddr + ph.filesz();
            long pageStart = vaddr & -PAGE;
            long pageEnd = (memEnd + PAGE - 1) & -PAGE;
            long fileOff = ph.offset();
            long copyStart = vaddr, copyEnd = fileEnd, copyOff = fileOff;
            if (mode == Mode.LINUX && ph.filesz() != 0 && ((vaddr - fileOff) & (PAGE - 1)) == 0) {
                copyStart = pageStart;
                copyOff = fileOff - (vaddr - pageStart);
                if (ph.memsz() == ph.filesz()) {
                    copyEnd = (fileEnd + PAGE - 1) & -PAGE;
                }
            }
            int prot = ph.prot();
            if (mode == Mode.LINUX) {
                // a fresh mapping replaces whatever was there
                memory.removePages(pageStart, pageEnd - pageStart);
            }
            copyFromFile(elf, memory, copyStart, copyEnd, copyOff);
            if (Long.compareUnsigned(memEnd, fileEnd) > 0) {
                long tailEnd = minUnsigned(memEnd, (fileEnd + PAGE - 1) & -PAGE);
                if (Long.compareUnsigned(tailEnd, fileEnd) > 0) {
                    memory.fill(fileEnd, tailEnd - fileEnd, (byte) 0);
                }
                long bssPages = (fileEnd + PAGE - 1) & -PAGE;
                if (Long.compareUnsigned(pageEnd, bssPages) > 0) {
                    memory.removePages(bssPages, pageEnd - bssPages);
                }
            }
            // only pages up to the end of the file bytes can be present now
            long present = minUnsigned(pageEnd, (copyEnd + PAGE - 1) & -PAGE);
            for (long a = pageStart; Long.compareUnsigned(a, present) < 0; a += PAGE) {
                Page p = memory.pageAt(a);
                if (p != null) {
                    boolean fresh = mode == Mode.LINUX || !touchedBefore(segs, a);
                    p.setProt(fresh ? prot : p.prot() | prot);
                }
            }
            segs.add(new LoadedImage.Segment(pageStart, pageEnd, prot, fileOff, fileEnd));
            if (Long.compareUnsigned(pageStart, lo) < 0) {
                lo = pageStart;
            }
            if (Long.compareUnsigned(memEnd, hi) > 0) {
                hi = memEnd;
            }
        }
        return new LoadedImage(elf, bias, elf.entry() + bias, elf.phdrAddress() + bias, lo, hi,
                Collections.unmodifiableList(segs), elf.symbols().relocated(bias));
    }

    private static long minUnsigned(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0 ? a : b;
    }

    private static boolean touchedBefore(List<LoadedImage.Segment> segs, long page) {
        for (LoadedImage.Segment s : segs) {
            if (Long.compareUnsigned(page, s.start()) >= 0 && Long.compareUnsigned(page, s.end()) < 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes file bytes {@code [off, off + (end - start))} to {@code [start, end)}; bytes past
     * the end of the file (or before its start) are zero.
     */
    private static void copyFromFile(ElfFile elf, TaggedMemory memory, long start, long end, long off) {
        byte[] buf = new byte[(int) PAGE];
        long addr = start;
        while (Long.compareUnsigned(addr, end) < 0) {
            int chunk = (int) Math.min(PAGE - (addr & (PAGE - 1)), end - addr);
            long o = off + (addr - start);
            Arrays.fill(buf, 0, chunk, (byte) 0);
            long avail = Math.max(0, Math.min(chunk, elf.fileSize() - o));
            if (avail > 0) {
                elf.copyOut(o, buf, 0, (int) avail);
            }
            memory.write(addr, buf, 0, chunk);
            addr += chunk;
        }
    }
}
