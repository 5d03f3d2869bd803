package org.cheriemu.emulator.loader;

/** One symbol from .symtab. {@code type} and {@code bind} are the STT_/STB_ values. */
public record ElfSymbol(String name, long value, long size, int type, int bind, int shndx) {

    public static final int STT_NOTYPE = 0, STT_OBJECT = 1, STT_FUNC = 2, STT_SECTION = 3,
            STT_FILE = 4, STT_TLS = 6;
    public static final int STB_LOCAL = 0, STB_GLOBAL = 1, STB_WEAK = 2;
    public static final int SHN_UNDEF = 0, SHN_ABS = 0xfff1;

    /** The same symbol moved by {@code bias} (for position-independent images). */
    public ElfSymbol relocated(long bias) {
        return bias == 0 || shndx == SHN_ABS ? this
                : new ElfSymbol(name, value + bias, size, type, bind, shndx);
    }
}
