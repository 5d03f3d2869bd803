package org.cheriemu.emulator.loader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builds minimal ELF64 RISC-V executables by hand: an ELF header, one PT_LOAD program header
 * covering the whole file (R+X at {@link #BASE}), and code. Fields can be overwritten afterwards
 * through {@link #bytes()} to corrupt them.
 */
public final class MiniElf {

    public static final long BASE = 0x10000;
    public static final int CODE_OFFSET = 64 + 56;

    private final ByteBuffer buf;

    /** An image whose code is {@code insns} (32-bit instruction words). */
    public MiniElf(int... insns) {
        int size = CODE_OFFSET + insns.length * 4;
        buf = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        buf.putShort(16, (short) ElfFile.ET_EXEC);
        buf.putShort(18, (short) ElfFile.EM_RISCV);
        buf.putInt(20, 1);
        buf.putLong(24, BASE + CODE_OFFSET);  // e_entry
        buf.putLong(32, 64);                  // e_phoff
        buf.putLong(40, 0);                   // e_shoff
        buf.putInt(48, ElfFile.EF_RISCV_RVC | 0x4);
        buf.putShort(52, (short) 64);
        buf.putShort(54, (short) 56);
        buf.putShort(56, (short) 1);
        buf.putShort(58, (short) 64);
        buf.putShort(60, (short) 0);
        buf.putShort(62, (short) 0);
        // PT_LOAD
        buf.putInt(64, ProgramHeader.PT_LOAD);
        buf.putInt(68, ProgramHeader.PF_R | ProgramHeader.PF_X);
        buf.putLong(72, 0);             // p_offset
        buf.putLong(80, BASE);          // p_vaddr
        buf.putLong(88, BASE);          // p_paddr
        buf.putLong(96, size);          // p_filesz
        buf.putLong(104, size);         // p_memsz
        buf.putLong(112, 0x1000);       // p_align
        for (int i = 0; i < insns.length; i++) {
            buf.putInt(CODE_OFFSET + i * 4, insns[i]);
        }
    }

    public MiniElf u8(int off, int v) {
        buf.put(off, (byte) v);
        return this;
    }

    public MiniElf u16(int off, int v) {
        buf.putShort(off, (short) v);
        return this;
    }

    public MiniElf u32(int off, int v) {
        buf.putInt(off, v);
        return this;
    }

    public MiniElf u64(int off, long v) {
        buf.putLong(off, v);
        return this;
    }

    public byte[] bytes() {
        return buf.array().clone();
    }
}
