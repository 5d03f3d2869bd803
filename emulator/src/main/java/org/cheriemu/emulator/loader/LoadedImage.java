package org.cheriemu.emulator.loader;

import java.util.List;

/**
 * An ELF image placed in guest memory by {@link ElfLoader}. Addresses are relocated (bias
 * applied).
 *
 * @param file        the parsed file
 * @param bias        load bias added to every vaddr (0 for ET_EXEC)
 * @param entry       relocated entry point
 * @param phdrAddress relocated address of the program header table (AT_PHDR)
 * @param start       page-aligned start of the lowest segment
 * @param end         end of the highest segment (not page aligned: the initial program break
 *                    is this rounded up to a page)
 * @param segments    the mapped segments, page-aligned, in file order
 * @param symbols     the symbol table, relocated
 */
public record LoadedImage(ElfFile file, long bias, long entry, long phdrAddress, long start, long end,
                          List<Segment> segments, SymbolTable symbols) {

    /**
     * One loaded PT_LOAD segment as mapped: pages {@code [start, end)} with protection
     * {@code prot} (R=1, W=2, X=4). Pages wholly inside the zero-filled part (bss) are not
     * created by the loader: the environment supplies them zeroed on first touch.
     */
    public record Segment(long start, long end, int prot, long fileOffset, long fileBytesEnd) {
    }

    public int phnum() {
        return file.programHeaders().size();
    }

    /** Size of one program header entry (AT_PHENT). */
    public int phent() {
        return ElfFile.PHDR_SIZE;
    }
}
