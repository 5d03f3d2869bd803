package org.cheriemu.emulator.loader;

/** One ELF64 section header ({@code Elf64_Shdr}) with its name resolved. */
public record SectionHeader(String name, int type, long flags, long addr, long offset, long size,
                            int link, int info, long addralign, long entsize) {

    public static final int SHT_NULL = 0, SHT_PROGBITS = 1, SHT_SYMTAB = 2, SHT_STRTAB = 3,
            SHT_NOTE = 7, SHT_NOBITS = 8, SHT_DYNSYM = 11;
}
