package org.cheriemu.emulator.loader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A parsed and validated ELF64 little-endian RISC-V image (ET_EXEC or ET_DYN): header, program
 * headers, sections, notes, interpreter and symbol table. Parsing never throws anything but
 * {@link BadElfException} for bad input: every offset and size is checked against the file
 * before it is used.
 *
 * <p>Validation follows what Linux's {@code load_elf_binary} requires of an executable, plus
 * consistency of the section table (a corrupt symbol table is reported, not ignored):
 * <ul>
 *   <li>magic, ELFCLASS64, ELFDATA2LSB, EV_CURRENT, e_machine = EM_RISCV (243), e_type ET_EXEC
 *       or ET_DYN;</li>
 *   <li>e_phentsize = 56, 1 ≤ e_phnum, program header table ≤ 64 KiB and inside the file;</li>
 *   <li>every PT_LOAD: file bytes inside the file, filesz ≤ memsz, vaddr + memsz not wrapping
 *       the address space; at least one PT_LOAD;</li>
 *   <li>PT_INTERP and PT_NOTE contents inside the file and well formed;</li>
 *   <li>when a section table is present (e_shoff ≠ 0): e_shentsize = 64, table inside the file,
 *       valid e_shstrndx, names inside .shstrtab, .symtab and its string table well formed.</li>
 * </ul>
 * The loadable image is then placed by {@link ElfLoader}.
 */
public final class ElfFile {

    public static final int EM_RISCV = 243;
    public static final int ET_REL = 1, ET_EXEC = 2, ET_DYN = 3, ET_CORE = 4;
    public static final int ELFOSABI_SYSV = 0, ELFOSABI_GNU = 3, ELFOSABI_FREEBSD = 9;
    /** e_flags bits of the RISC-V psABI (and the CHERI-RISC-V extensions). */
    public static final int EF_RISCV_RVC = 0x1, EF_RISCV_FLOAT_ABI_MASK = 0x6, EF_RISCV_RVE = 0x8,
            EF_RISCV_CHERIABI = 0x10000, EF_RISCV_CAP_MODE = 0x20000;

    static final int EHDR_SIZE = 64, PHDR_SIZE = 56, SHDR_SIZE = 64, SYM_SIZE = 24;
    /** Linux refuses program header tables larger than this. */
    static final int MAX_PHDR_TABLE = 65536;
    /** Files larger than this are refused before reading (no real guest comes close). */
    public static final long MAX_FILE_SIZE = 1L << 30;

    private final byte[] data;
    private final int type;
    private final int machine;
    private final int osAbi;
    private final int abiVersion;
    private final int flags;
    private final long entry;
    private final long phoff;
    private final List<ProgramHeader> programHeaders;
    private final List<SectionHeader> sections;
    private final List<ElfNote> notes;
    private final String interpreter;
    private final SymbolTable symbols;

    private ElfFile(byte[] data) throws BadElfException {
        this.data = data;
        if (data.length < 4 || data[0] != 0x7f || data[1] != 'E' || data[2] != 'L' || data[3] != 'F') {
            throw new BadElfException("not an ELF file (no \\x7fELF magic)");
        }
        if (data.length < EHDR_SIZE) {
            throw new BadElfException("truncated: " + data.length
                    + " bytes, shorter than the 64-byte ELF64 header");
        }
        if (data[4] != 2) {
            throw new BadElfException(data[4] == 1 ? "ELF32 file: only ELF64 (RV64) is supported"
                    : "bad ELF class " + (data[4] & 0xff) + " (expected 2, ELFCLASS64)");
        }
        if (data[5] != 1) {
            throw new BadElfException(data[5] == 2 ? "big-endian ELF: RISC-V is little-endian"
                    : "bad ELF data encoding " + (data[5] & 0xff) + " (expected 1, little-endian)");
        }
        if (data[6] != 1) {
            throw new BadElfException("bad ELF version " + (data[6] & 0xff) + " (expected 1)");
        }
        osAbi = data[7] & 0xff;
        abiVersion = data[8] & 0xff;
        type = u16(16);
        machine = u16(18);
        if (machine != EM_RISCV) {
            throw new BadElfException("not a RISC-V file: e_machine is " + machine + " ("
                    + machineName(machine) + "), expected 243 (RISC-V)");
        }
        if (type != ET_EXEC && type != ET_DYN) {
            throw new BadElfException("not an executable: e_type is " + typeName(type)
                    + " (expected EXEC or DYN)");
        }
        if (u32(20) != 1) {
            throw new BadElfException("bad e_version " + Integer.toUnsignedString((int) u32(20)) + " (expected 1)");
        }
        entry = u64(24);
        phoff = u64(32);
        long shoff = u64(40);
        flags = (int) u32(48);
        int phentsize = u16(54);
        int phnum = u16(56);
        int shentsize = u16(58);
        int shnum = u16(60);
        int shstrndx = u16(62);

        programHeaders = parseProgramHeaders(phentsize, phnum);
        String interp = null;
        List<ElfNote> ns = new ArrayList<>();
        for (ProgramHeader ph : programHeaders) {
            if (ph.type() == ProgramHeader.PT_INTERP) {
                if (interp != null) {
                    throw new BadElfException("more than one PT_INTERP program header");
                }
                interp = parseInterp(ph);
            } else if (ph.type() == ProgramHeader.PT_NOTE) {
                parseNotes(ph, ns);
            }
        }
        interpreter = interp;
        notes = Collections.unmodifiableList(ns);
        sections = parseSections(shoff, shentsize, shnum, shstrndx);
        symbols = parseSymbols();
    }

    /** Parses an image held in memory. */
    public static ElfFile parse(byte[] image) throws BadElfException {
        try {
            return new ElfFile(image.clone());
        } catch (RuntimeException e) {
            // Defensive: every access is checked, so this is a bug; still never leak it.
            throw new BadElfException("malformed ELF file (" + e + ")");
        }
    }

    /**
     * Reads and parses a file. I/O problems (missing, unreadable) are {@link IOException}s;
     * everything about the contents is a {@link BadElfException}.
     */
    public static ElfFile read(Path path) throws IOException, BadElfException {
        long size = Files.size(path);
        if (size > MAX_FILE_SIZE) {
            throw new BadElfException("file too large for an executable (" + size + " bytes)");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes((int) MAX_FILE_SIZE + 1);
        }
        if (bytes.length > MAX_FILE_SIZE) {
            throw new BadElfException("file too large for an executable");
        }
        try {
            return new ElfFile(bytes);
        } catch (RuntimeException e) {
            throw new BadElfException("malformed ELF file (" + e + ")");
        }
    }

    // ------------------------------------------------------------------ header accessors

    /** e_type: {@link #ET_EXEC} or {@link #ET_DYN}. */
    public int type() {
        return type;
    }

    /** True for ET_DYN (static-pie): the image may be placed anywhere. */
    public boolean isPositionIndependent() {
        return type == ET_DYN;
    }

    public int machine() {
        return machine;
    }

    /** EI_OSABI (0 System V, 3 GNU/Linux, 9 FreeBSD, ...). */
    public int osAbi() {
        return osAbi;
    }

    public int abiVersion() {
        return abiVersion;
    }

    /** e_flags (see the EF_RISCV_ constants). */
    public int flags() {
        return flags;
    }

    /** e_entry, unrelocated. */
    public long entry() {
        return entry;
    }

    /** e_phoff. */
    public long programHeaderOffset() {
        return phoff;
    }

    public List<ProgramHeader> programHeaders() {
        return programHeaders;
    }

    /** The PT_LOAD program headers, in file order. */
    public List<ProgramHeader> loadSegments() {
        return programHeaders.stream().filter(ProgramHeader::isLoad).toList();
    }

    /** Sections (empty when the file has no section table). */
    public List<SectionHeader> sections() {
        return sections;
    }

    public Optional<SectionHeader> section(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public List<ElfNote> notes() {
        return notes;
    }

    /** The PT_INTERP path (dynamically linked executables), if present. */
    public Optional<String> interpreter() {
        return Optional.ofNullable(interpreter);
    }

    public boolean hasInterpreter() {
        return interpreter != null;
    }

    /** The .symtab symbols, unrelocated ({@link SymbolTable#EMPTY} when stripped). */
    public SymbolTable symbols() {
        return symbols;
    }

    /** Size of the file in bytes. */
    public int fileSize() {
        return data.length;
    }

    /** Copies {@code len} file bytes from {@code offset} (already validated by the caller). */
    void copyOut(long offset, byte[] dst, int dstOff, int len) {
        System.arraycopy(data, (int) offset, dst, dstOff, len);
    }

    byte fileByte(long offset) {
        return data[(int) offset];
    }

    /** Lowest vaddr of a non-empty PT_LOAD (unrelocated). */
    public long lowAddress() {
        long lo = -1;
        for (ProgramHeader ph : programHeaders) {
            if (ph.isLoad() && ph.memsz() != 0 && Long.compareUnsigned(ph.vaddr(), lo) < 0) {
                lo = ph.vaddr();
            }
        }
        return lo;
    }

    /** End (exclusive) of the highest PT_LOAD (unrelocated). */
    public long highAddress() {
        long hi = 0;
        for (ProgramHeader ph : programHeaders) {
            if (ph.isLoad() && ph.memsz() != 0 && Long.compareUnsigned(ph.vaddr() + ph.memsz(), hi) > 0) {
                hi = ph.vaddr() + ph.memsz();
            }
        }
        return hi;
    }

    /**
     * The (unrelocated) address of the program header table in the loaded image, as Linux
     * computes AT_PHDR: PT_PHDR's vaddr if present, else the PT_LOAD whose file bytes contain
     * e_phoff, else the first PT_LOAD's {@code vaddr - offset + e_phoff}.
     */
    public long phdrAddress() {
        for (ProgramHeader ph : programHeaders) {
            if (ph.type() == ProgramHeader.PT_PHDR) {
                return ph.vaddr();
            }
        }
        ProgramHeader first = null;
        for (ProgramHeader ph : programHeaders) {
            if (!ph.isLoad()) {
                continue;
            }
            if (first == null) {
                first = ph;
            }
            if (Long.compareUnsigned(ph.offset(), phoff) <= 0 && Long.compareUnsigned(phoff - ph.offset(), ph.filesz()) < 0) {
                return ph.vaddr() + (phoff - ph.offset());
            }
        }
        return first.vaddr() - first.offset() + phoff;
    }

    // ------------------------------------------------------------------ parsing

    private List<ProgramHeader> parseProgramHeaders(int phentsize, int phnum) throws BadElfException {
        if (phnum == 0) {
            throw new BadElfException("no program headers (e_phnum is 0): nothing to load");
        }
        if (phentsize != PHDR_SIZE) {
            throw new BadElfException("bad e_phentsize " + phentsize + " (expected 56)");
        }
        long tableSize = (long) phnum * PHDR_SIZE;
        if (tableSize > MAX_PHDR_TABLE) {
            throw new BadElfException("program header table too large (" + phnum + " entries)");
        }
        checkRange(phoff, tableSize, "program header table");
        List<ProgramHeader> list = new ArrayList<>(phnum);
        boolean anyLoad = false;
        for (int i = 0; i < phnum; i++) {
            int o = (int) phoff + i * PHDR_SIZE;
            ProgramHeader ph = new ProgramHeader((int) u32(o), (int) u32(o + 4), u64(o + 8), u64(o + 16),
                    u64(o + 24), u64(o + 32), u64(o + 40), u64(o + 48));
            if (ph.isLoad()) {
                anyLoad = true;
                String what = "PT_LOAD segment " + i;
                checkRange(ph.offset(), ph.filesz(), what);
                if (Long.compareUnsigned(ph.filesz(), ph.memsz()) > 0) {
                    throw new BadElfException(what + ": file size 0x" + Long.toHexString(ph.filesz())
                            + " exceeds memory size 0x" + Long.toHexString(ph.memsz()));
                }
                if (Long.compareUnsigned(ph.vaddr() + ph.memsz(), ph.vaddr()) < 0) {
                    throw new BadElfException(what + ": address 0x" + Long.toHexString(ph.vaddr())
                            + " + size 0x" + Long.toHexString(ph.memsz()) + " wraps around the address space");
                }
                if (ph.align() > 1 && Long.bitCount(ph.align()) != 1) {
                    throw new BadElfException(what + ": alignment 0x" + Long.toHexString(ph.align())
                            + " is not a power of two");
                }
            }
            list.add(ph);
        }
        if (!anyLoad) {
            throw new BadElfException("no PT_LOAD segment: nothing to load");
        }
        return Collections.unmodifiableList(list);
    }

    private String parseInterp(ProgramHeader ph) throws BadElfException {
        checkRange(ph.offset(), ph.filesz(), "PT_INTERP");
        if (ph.filesz() < 2 || ph.filesz() > 4096) {
            throw new BadElfException("PT_INTERP has a bad size (" + ph.filesz() + ")");
        }
        int off = (int) ph.offset();
        int len = (int) ph.filesz();
        if (data[off + len - 1] != 0) {
            throw new BadElfException("PT_INTERP path is not NUL-terminated");
        }
        int n = 0;
        while (data[off + n] != 0) {
            n++;
        }
        return new String(data, off, n, StandardCharsets.UTF_8);
    }

    private void parseNotes(ProgramHeader ph, List<ElfNote> out) throws BadElfException {
        checkRange(ph.offset(), ph.filesz(), "PT_NOTE");
        int align = ph.align() == 8 ? 8 : 4;
        long p = ph.offset();
        long end = ph.offset() + ph.filesz();
        while (end - p >= 12) {
            long namesz = u32((int) p);
            long descsz = u32((int) p + 4);
            int ntype = (int) u32((int) p + 8);
            long nameOff = p + 12;
            long descOff = alignUp(nameOff + namesz, align);
            long next = alignUp(descOff + descsz, align);
            if (descOff + descsz > end) {
                throw new BadElfException("PT_NOTE: note at file offset 0x" + Long.toHexString(p)
                        + " runs past the end of its segment");
            }
            int nlen = (int) namesz;
            if (nlen > 0 && data[(int) nameOff + nlen - 1] == 0) {
                nlen--;
            }
            String name = new String(data, (int) nameOff, nlen, StandardCharsets.UTF_8);
            byte[] desc = new byte[(int) descsz];
            System.arraycopy(data, (int) descOff, desc, 0, desc.length);
            out.add(new ElfNote(name, ntype, desc));
            p = Math.min(next, end);
        }
    }

    private List<SectionHeader> parseSections(long shoff, int shentsize, int shnum, int shstrndx)
            throws BadElfException {
        if (shoff == 0) {
            return List.of();
        }
        if (shentsize != SHDR_SIZE) {
            throw new BadElfException("bad e_shentsize " + shentsize + " (expected 64)");
        }
        checkRange(shoff, SHDR_SIZE, "section header table");
        long count = shnum;
        if (count == 0) {
            count = u64((int) shoff + 32); // extended numbering: section 0's sh_size
        }
        if (shstrndx == 0xffff) {
            shstrndx = (int) u32((int) shoff + 40); // SHN_XINDEX: section 0's sh_link
        }
        if (Long.compareUnsigned(count, (data.length - shoff) / SHDR_SIZE) > 0) {
            throw new BadElfException("section header table lies outside the file (e_shoff 0x"
                    + Long.toHexString(shoff) + ", " + count + " sections, file is " + data.length + " bytes)");
        }
        int n = (int) count;
        if (Integer.compareUnsigned(shstrndx, n) >= 0) {
            throw new BadElfException("e_shstrndx " + Integer.toUnsignedString(shstrndx)
                    + " is not a section (" + n + " sections)");
        }
        long[][] raw = new long[n][];
        for (int i = 0; i < n; i++) {
            int o = (int) shoff + i * SHDR_SIZE;
            raw[i] = new long[] {u32(o), u32(o + 4), u64(o + 8), u64(o + 16), u64(o + 24), u64(o + 32),
                    u32(o + 40), u32(o + 44), u64(o + 48), u64(o + 56)};
            if (raw[i][1] != SectionHeader.SHT_NOBITS && raw[i][1] != SectionHeader.SHT_NULL) {
                checkRange(raw[i][4], raw[i][5], "section " + i);
            }
        }
        long[] strtab = raw[shstrndx];
        List<SectionHeader> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long[] r = raw[i];
            String name = shstrndx == 0 ? "" : string(strtab, r[0], "section name of section " + i);
            list.add(new SectionHeader(name, (int) r[1], r[2], r[3], r[4], r[5], (int) r[6], (int) r[7], r[8], r[9]));
        }
        return Collections.unmodifiableList(list);
    }

    private SymbolTable parseSymbols() throws BadElfException {
        SectionHeader symtab = null;
        for (SectionHeader s : sections) {
            if (s.type() == SectionHeader.SHT_SYMTAB) {
                symtab = s;
                break;
            }
        }
        if (symtab == null) {
            return SymbolTable.EMPTY;
        }
        if (symtab.entsize() != SYM_SIZE) {
            throw new BadElfException(".symtab has entry size " + symtab.entsize() + " (expected 24)");
        }
        if (Integer.compareUnsigned(symtab.link(), sections.size()) >= 0) {
            throw new BadElfException(".symtab links to string table " + Integer.toUnsignedString(symtab.link())
                    + ", which is not a section");
        }
        SectionHeader str = sections.get(symtab.link());
        if (str.type() != SectionHeader.SHT_STRTAB) {
            throw new BadElfException(".symtab links to section " + symtab.link() + ", which is not a string table");
        }
        long[] strRaw = {0, 0, 0, 0, str.offset(), str.size()};
        int count = (int) (symtab.size() / SYM_SIZE);
        List<ElfSymbol> syms = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int o = (int) symtab.offset() + i * SYM_SIZE;
            long nameOff = u32(o);
            int info = data[o + 4] & 0xff;
            int shndx = u16(o + 6);
            long value = u64(o + 8);
            long size = u64(o + 16);
            String name = string(strRaw, nameOff, "name of symbol " + i);
            syms.add(new ElfSymbol(name, value, size, info & 0xf, info >>> 4, shndx));
        }
        return new SymbolTable(syms);
    }

    /** NUL-terminated string at {@code off} within the string-table section {@code tab}. */
    private String string(long[] tab, long off, String what) throws BadElfException {
        long base = tab[4], size = tab[5];
        checkRange(base, size, "string table of " + what);
        if (Long.compareUnsigned(off, size) >= 0) {
            throw new BadElfException(what + " lies outside its string table (offset " + off
                    + ", table size " + size + ")");
        }
        int start = (int) (base + off);
        int end = (int) (base + size);
        int p = start;
        while (p < end && data[p] != 0) {
            p++;
        }
        if (p == end) {
            throw new BadElfException(what + " is not NUL-terminated within its string table");
        }
        return new String(data, start, p - start, StandardCharsets.UTF_8);
    }

    private void checkRange(long off, long len, String what) throws BadElfException {
        if (Long.compareUnsigned(off, data.length) > 0 || Long.compareUnsigned(len, data.length - off) > 0) {
            throw new BadElfException(what + " lies outside the file (offset 0x" + Long.toHexString(off)
                    + ", size 0x" + Long.toHexString(len) + ", file is " + data.length + " bytes)");
        }
    }

    private static long alignUp(long v, int a) {
        return (v + a - 1) & -a;
    }

    private int u16(int o) {
        return (data[o] & 0xff) | (data[o + 1] & 0xff) << 8;
    }

    private long u32(int o) {
        return (data[o] & 0xffL) | (data[o + 1] & 0xffL) << 8 | (data[o + 2] & 0xffL) << 16
                | (data[o + 3] & 0xffL) << 24;
    }

    private long u64(int o) {
        return u32(o) | u32(o + 4) << 32;
    }

    static String typeName(int type) {
        return switch (type) {
            case 0 -> "NONE (0)";
            case ET_REL -> "REL (relocatable object, 1)";
            case ET_EXEC -> "EXEC (2)";
            case ET_DYN -> "DYN (3)";
            case ET_CORE -> "CORE (core dump, 4)";
            default -> String.valueOf(type);
        };
    }

    static String machineName(int m) {
        return switch (m) {
            case 0 -> "none";
            case 3 -> "x86";
            case 8 -> "MIPS";
            case 20 -> "PowerPC";
            case 21 -> "PowerPC64";
            case 40 -> "ARM";
            case 62 -> "x86-64";
            case 183 -> "AArch64";
            case 243 -> "RISC-V";
            case 258 -> "LoongArch";
            default -> "unknown";
        };
    }

    @Override
    public String toString() {
        return "ElfFile[" + typeName(type) + ", entry 0x" + Long.toHexString(entry) + ", "
                + programHeaders.size() + " program headers, " + sections.size() + " sections]";
    }
}
