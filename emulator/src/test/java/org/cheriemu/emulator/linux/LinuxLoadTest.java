package org.cheriemu.emulator.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cheriemu.emulator.loader.BadElfException;
import org.cheriemu.emulator.loader.ElfFile;
import org.cheriemu.emulator.loader.MiniElf;
import org.cheriemu.emulator.loader.ProgramHeader;
import org.cheriemu.isa.memory.TaggedMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Placing images in the Linux address space, and refusing what Linux user mode cannot run. */
class LinuxLoadTest {

    @TempDir
    Path dir;

    private LinuxEnvironment load(byte[] image) throws Exception {
        Path f = dir.resolve("guest");
        Files.write(f, image);
        return LinuxEnvironment.load(new TaggedMemory(), f, LinuxOptions.of(List.of("guest")).env(List.of())
                .randomSeed(1).stdio(new java.io.ByteArrayInputStream(new byte[0]),
                        new java.io.ByteArrayOutputStream(), new java.io.ByteArrayOutputStream(), false));
    }

    @Test
    void staticPieIsPlacedLikeQemu() throws Exception {
        byte[] pie = new MiniElf(0x13).u16(16, ElfFile.ET_DYN).u64(80, 0).u64(88, 0)
                .u64(24, MiniElf.CODE_OFFSET).bytes();
        LinuxEnvironment env = load(pie);
        assertEquals(0x4000000000L + MiniElf.CODE_OFFSET, env.entry());
        assertEquals(0x4000000000L, env.image().bias());
        long brk = env.addressSpace().brk();
        assertEquals(0x4000001000L, brk);
        AddressSpace.Vma stack = env.addressSpace().find(env.initialSp());
        assertEquals("[stack]", stack.name());
        assertEquals(brk + LinuxEnvironment.PIE_BRK_GAP + 4096, stack.start(), "32 MiB of brk room, then guard and stack");
        assertEquals(0x13, env.addressSpace().memory().load32(env.entry()));
    }

    @Test
    void execImageIsPlacedAtItsAddresses() throws Exception {
        LinuxEnvironment env = load(new MiniElf(0x13).bytes());
        assertEquals(MiniElf.BASE + MiniElf.CODE_OFFSET, env.entry());
        AddressSpace.Vma text = env.addressSpace().find(env.entry());
        assertEquals(AddressSpace.PROT_READ | AddressSpace.PROT_EXEC, text.prot());
        assertEquals(0x4000001000L, env.addressSpace().find(env.initialSp()).start());
        assertEquals(0x4000802000L, env.addressSpace().mmapBase());
    }

    @Test
    void refusesWhatLinuxUserModeCannotRun() throws Exception {
        // dynamically linked: PT_INTERP (overwrite the single PT_LOAD's type is not enough; add one)
        Path hello = org.cheriemu.emulator.loader.TestGuests.staticHello();
        byte[] real = Files.readAllBytes(hello);
        ElfFile elf = ElfFile.parse(real);
        int note = -1;
        for (int i = 0; i < elf.programHeaders().size(); i++) {
            if (elf.programHeaders().get(i).type() == ProgramHeader.PT_NOTE) {
                note = i;
            }
        }
        byte[] dyn = real.clone();
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(dyn).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int ph = (int) elf.programHeaderOffset() + 56 * note;
        // turn PT_NOTE into PT_INTERP pointing at "/lib/ld.so\0" written over the start of .comment-free padding
        byte[] path = "/lib/ld.so\0".getBytes();
        int at = real.length - path.length;
        System.arraycopy(path, 0, dyn, at, path.length);
        bb.putInt(ph, ProgramHeader.PT_INTERP);
        bb.putLong(ph + 8, at);
        bb.putLong(ph + 32, path.length);
        BadElfException e = assertThrows(BadElfException.class, () -> load(dyn));
        assertTrue(e.getMessage().contains("dynamically linked") && e.getMessage().contains("-static"), e.getMessage());

        byte[] bsd = new MiniElf(0x13).u8(7, ElfFile.ELFOSABI_FREEBSD).bytes();
        e = assertThrows(BadElfException.class, () -> load(bsd));
        assertTrue(e.getMessage().contains("FreeBSD"), e.getMessage());

        byte[] high = new MiniElf(0x13).u64(80, 0x4000000000L).u64(24, 0x4000000000L).bytes();
        e = assertThrows(BadElfException.class, () -> load(high));
        assertTrue(e.getMessage().contains("overlaps the stack area"), e.getMessage());

        byte[] x86 = new MiniElf(0x13).u16(18, 62).bytes();
        e = assertThrows(BadElfException.class, () -> load(x86));
        assertTrue(e.getMessage().contains("not a RISC-V file"), e.getMessage());
    }

    @Test
    void corruptedExecutablesLoadOrFailCleanly() throws Exception {
        byte[] real = Files.readAllBytes(org.cheriemu.emulator.loader.TestGuests.staticHello());
        byte[] pie = new MiniElf(0x13).u16(16, ElfFile.ET_DYN).u64(80, 0).u64(88, 0).u64(24, MiniElf.CODE_OFFSET).bytes();
        java.util.SplittableRandom r = new java.util.SplittableRandom(99);
        long[] extremes = {0, -1, 1L << 62, 0x3fffffffffL, 0x4000000000L, 1L << 47, 0xfffffffffffff000L};
        int loaded = 0;
        for (int round = 0; round < 600; round++) {
            byte[] b = (round % 3 == 0 ? pie : real).clone();
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            int phoff = (int) bb.getLong(32);
            int phnum = bb.getShort(56);
            int ph = phoff + 56 * r.nextInt(Math.max(1, phnum));
            int field = new int[] {8, 16, 32, 40}[r.nextInt(4)];   // offset, vaddr, filesz, memsz
            if (ph + field + 8 <= b.length) {
                bb.putLong(ph + field, r.nextBoolean() ? extremes[r.nextInt(extremes.length)] : r.nextLong() >>> r.nextInt(64));
            }
            try {
                load(b);
                loaded++;
            } catch (BadElfException e) {
                assertTrue(!e.getMessage().contains("\n"), e.getMessage());
                // the safety net for unexpected host exceptions must not be what caught it
                assertTrue(!e.getMessage().contains("cannot be loaded as a Linux process"), e.getMessage());
            }
        }
        assertTrue(loaded > 0);
    }
}
