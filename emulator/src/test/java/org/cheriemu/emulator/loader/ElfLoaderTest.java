package org.cheriemu.emulator.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.cheriemu.isa.memory.Page;
import org.cheriemu.isa.memory.TaggedMemory;
import org.junit.jupiter.api.Test;

class ElfLoaderTest {

    @Test
    void loadsMinimalImageAtItsAddress() throws Exception {
        ElfFile f = ElfFile.parse(new MiniElf(0x00000013, 0x12345678).bytes());
        TaggedMemory mem = new TaggedMemory();
        LoadedImage img = ElfLoader.load(f, mem, ElfLoader.Mode.BARE_METAL);
        assertEquals(MiniElf.BASE + MiniElf.CODE_OFFSET, img.entry());
        assertEquals(0x00000013, mem.load32(img.entry()));
        assertEquals(0x12345678, mem.load32(img.entry() + 4));
        assertEquals(0x464c457f, mem.load32(MiniElf.BASE));
        assertEquals(Page.PROT_READ | Page.PROT_EXEC, mem.pageAt(MiniElf.BASE).prot());
        assertEquals(1, img.segments().size());
        assertEquals(MiniElf.BASE, img.start());
    }

    @Test
    void bssIsZeroAndNotMaterialised() throws Exception {
        // memsz 1 MiB larger than filesz: the loader must not create those pages
        byte[] b = new MiniElf(0x00000013).u64(104, 0x100000 + MiniElf.CODE_OFFSET + 4).bytes();
        TaggedMemory mem = new TaggedMemory();
        // garbage where the bss will be
        mem.store64(MiniElf.BASE + 0x2000, -1L);
        mem.store64(MiniElf.BASE + MiniElf.CODE_OFFSET + 8, -1L);
        LoadedImage img = ElfLoader.load(ElfFile.parse(b), mem, ElfLoader.Mode.BARE_METAL);
        assertEquals(0, mem.load64(MiniElf.BASE + 0x2000));
        assertEquals(0, mem.load64(MiniElf.BASE + MiniElf.CODE_OFFSET + 8));
        assertNull(mem.pageAt(MiniElf.BASE + 0x2000));
        assertEquals(1, mem.pageCount());
        assertEquals(MiniElf.BASE + 0x100000 + MiniElf.CODE_OFFSET + 4, img.end());
    }

    @Test
    void positionIndependentImagesMoveByBias() throws Exception {
        byte[] b = new MiniElf(0x00000013).u16(16, ElfFile.ET_DYN).u64(80, 0).u64(88, 0)
                .u64(24, MiniElf.CODE_OFFSET).bytes();
        ElfFile f = ElfFile.parse(b);
        assertTrue(f.isPositionIndependent());
        TaggedMemory mem = new TaggedMemory();
        LoadedImage img = ElfLoader.load(f, mem, 0x4000000000L, ElfLoader.Mode.LINUX);
        assertEquals(0x4000000000L + MiniElf.CODE_OFFSET, img.entry());
        assertEquals(0x4000000000L + 64, img.phdrAddress());
        assertEquals(0x13, mem.load32(img.entry()));
        BadElfException e = assertThrows(BadElfException.class, () -> ElfLoader.load(f, mem, -0x1000L, ElfLoader.Mode.LINUX));
        assertTrue(e.getMessage().contains("does not fit in the address space"), e.getMessage());
    }

    @Test
    void realBinaryLoadsLikeLinux() throws Exception {
        ElfFile f = ElfFile.read(TestGuests.staticHello());
        byte[] file = Files.readAllBytes(TestGuests.staticHello());
        TaggedMemory mem = new TaggedMemory();
        LoadedImage img = ElfLoader.load(f, mem, ElfLoader.Mode.LINUX);
        for (ProgramHeader ph : f.loadSegments()) {
            byte[] got = new byte[(int) ph.filesz()];
            mem.read(ph.vaddr(), got, 0, got.length);
            byte[] want = java.util.Arrays.copyOfRange(file, (int) ph.offset(), (int) (ph.offset() + ph.filesz()));
            assertArrayEquals(want, got, "segment at 0x" + Long.toHexString(ph.vaddr()));
            // bss reads zero
            for (long a = ph.vaddr() + ph.filesz(); a < ph.vaddr() + ph.memsz(); a += 64) {
                assertEquals(0, mem.load8(a));
            }
            Page p = mem.pageAt(ph.vaddr());
            assertEquals(ph.prot(), p.prot());
        }
        // AT_PHDR points at a copy of the program header table
        assertEquals(mem.load32(img.phdrAddress()), f.programHeaders().get(0).type());
        // the first page holds the ELF header (Linux maps whole file pages)
        assertEquals(0x464c457f, mem.load32(img.start()));
    }
}
