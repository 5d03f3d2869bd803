package org.cheriemu.emulator.loader;

/**
 * One ELF64 program header ({@code Elf64_Phdr}), fields as in the ELF specification.
 * {@code flags} uses {@link #PF_X}, {@link #PF_W}, {@link #PF_R}.
 */
public record ProgramHeader(int type, int flags, long offset, long vaddr, long paddr, long filesz,
                            long memsz, long align) {

    public static final int PT_NULL = 0, PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3, PT_NOTE = 4,
            PT_SHLIB = 5, PT_PHDR = 6, PT_TLS = 7;
    public static final int PT_GNU_EH_FRAME = 0x6474e550, PT_GNU_STACK = 0x6474e551,
            PT_GNU_RELRO = 0x6474e552, PT_RISCV_ATTRIBUTES = 0x70000003;
    public static final int PF_X = 1, PF_W = 2, PF_R = 4;

    public boolean isLoad() {
        return type == PT_LOAD;
    }

    /** Protection bits in {@code Page.PROT_*} / {@code Environment.Access} encoding (R=1, W=2, X=4). */
    public int prot() {
        int p = 0;
        if ((flags & PF_R) != 0) {
            p |= 1;
        }
        if ((flags & PF_W) != 0) {
            p |= 2;
        }
        if ((flags & PF_X) != 0) {
            p |= 4;
        }
        return p;
    }

    /** readelf-style name of the type. */
    public String typeName() {
        return switch (type) {
            case PT_NULL -> "NULL";
            case PT_LOAD -> "LOAD";
            case PT_DYNAMIC -> "DYNAMIC";
            case PT_INTERP -> "INTERP";
            case PT_NOTE -> "NOTE";
            case PT_SHLIB -> "SHLIB";
            case PT_PHDR -> "PHDR";
            case PT_TLS -> "TLS";
            case PT_GNU_EH_FRAME -> "GNU_EH_FRAME";
            case PT_GNU_STACK -> "GNU_STACK";
            case PT_GNU_RELRO -> "GNU_RELRO";
            case PT_RISCV_ATTRIBUTES -> "RISCV_ATTRIBUTES";
            default -> String.format("0x%x", type);
        };
    }
}
