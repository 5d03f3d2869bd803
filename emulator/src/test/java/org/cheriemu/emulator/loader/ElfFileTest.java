package org.cheriemu.emulator.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ElfFileTest {

    private static final int NOP = 0x00000013;

    private static String badMessage(byte[] bytes) {
        return assertThrows(BadElfException.class, () -> ElfFile.parse(bytes)).getMessage();
    }

    @Test
    void parsesMinimalExecutable() throws Exception {
        ElfFile f = ElfFile.parse(new MiniElf(NOP, NOP).bytes());
        assertEquals(ElfFile.ET_EXEC, f.type());
        assertEquals(ElfFile.EM_RISCV, f.machine());
        assertEquals(MiniElf.BASE + MiniElf.CODE_OFFSET, f.entry());
        assertEquals(1, f.programHeaders().size());
        ProgramHeader ph = f.programHeaders().get(0);
        assertTrue(ph.isLoad());
        assertEquals(1 | 4, ph.prot());
        assertFalse(f.hasInterpreter());
        assertTrue(f.symbols().isEmpty());
        assertTrue(f.sections().isEmpty());
        assertEquals(MiniElf.BASE + 64, f.phdrAddress());
        assertEquals(MiniElf.BASE, f.lowAddress());
        assertEquals(MiniElf.BASE + MiniElf.CODE_OFFSET + 8, f.highAddress());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bad magic            | 1  | 1 | 0x58     | no \\x7fELF magic
            ELF32                | 4  | 1 | 1        | ELF32 file
            big endian           | 5  | 1 | 2        | big-endian
            bad ident version    | 6  | 1 | 7        | bad ELF version 7
            relocatable          | 16 | 2 | 1        | e_type is REL
            core dump            | 16 | 2 | 4        | e_type is CORE
            x86-64               | 18 | 2 | 62       | e_machine is 62 (x86-64)
            AArch64              | 18 | 2 | 183      | e_machine is 183 (AArch64)
            e_version            | 20 | 4 | 2        | bad e_version 2
            phoff outside        | 32 | 8 | 0x100000 | program header table lies outside the file
            phoff overflow       | 32 | 8 | -8       | program header table lies outside the file
            phentsize            | 54 | 2 | 32       | bad e_phentsize 32
            phnum zero           | 56 | 2 | 0        | no program headers
            phnum huge           | 56 | 2 | 0xffff   | program header table too large
            phnum past end       | 56 | 2 | 3        | program header table lies outside the file
            shoff outside        | 40 | 8 | 0x7fff0  | section header table lies outside the file
            segment not loadable | 64 | 4 | 6        | no PT_LOAD segment
            p_offset outside     | 72 | 8 | 0x5000   | PT_LOAD segment 0 lies outside the file
            p_filesz huge        | 96 | 8 | -1       | PT_LOAD segment 0 lies outside the file
            p_memsz small        | 104| 8 | 4        | exceeds memory size
            vaddr wraps          | 80 | 8 | -16      | wraps around the address space
            bad alignment        | 112| 8 | 0x1001   | is not a power of two
            """)
    void corruptHeaderFieldsGiveClearMessages(String what, int off, int width, long value, String expected) {
        MiniElf e = new MiniElf(NOP, NOP);
        switch (width) {
            case 1 -> e.u8(off, (int) value);
            case 2 -> e.u16(off, (int) value);
            case 4 -> e.u32(off, (int) value);
            default -> e.u64(off, value);
        }
        String msg = badMessage(e.bytes());
        assertTrue(msg.contains(expected), () -> what + ": message was: " + msg);
        assertFalse(msg.contains("Exception"), msg);
    }

    @Test
    void truncatedFilesAreRejected() {
        byte[] full = new MiniElf(NOP, NOP).bytes();
        assertTrue(badMessage(new byte[0]).contains("no \\x7fELF magic"));
        assertTrue(badMessage(Arrays.copyOf(full, 40)).contains("truncated: 40 bytes"));
        assertTrue(badMessage(Arrays.copyOf(full, 100)).contains("program header table lies outside the file"));
        assertTrue(badMessage(Arrays.copyOf(full, MiniElf.CODE_OFFSET + 4)).contains("PT_LOAD segment 0 lies outside the file"));
    }

    @Test
    void interpreterIsReported() throws Exception {
        // a second program header: PT_INTERP pointing at a string appended after the code
        byte[] base = new MiniElf(NOP, NOP).bytes();
        String interp = "/lib/ld-linux-riscv64-lp64d.so.1";
        byte[] b = Arrays.copyOf(base, base.length + 56 + interp.length() + 1);
        // move: put the new phdr table at the end of the old image
        int phoff = base.length;
        System.arraycopy(base, 64, b, phoff, 56);
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bb.putLong(32, phoff);
        bb.putShort(56, (short) 2);
        // overwrite the old slot with nothing useful and build PT_INTERP at phoff+56
        int p2 = phoff + 56;
        int strOff = p2 + 56;
        b = Arrays.copyOf(b, strOff + interp.length() + 1);
        bb = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bb.putInt(p2, ProgramHeader.PT_INTERP);
        bb.putLong(p2 + 8, strOff);
        bb.putLong(p2 + 32, interp.length() + 1);
        System.arraycopy(interp.getBytes(), 0, b, strOff, interp.length());
        ElfFile f = ElfFile.parse(b);
        assertEquals(interp, f.interpreter().orElseThrow());
        // not NUL-terminated
        b[strOff + interp.length()] = 'x';
        assertTrue(badMessage(b).contains("PT_INTERP path is not NUL-terminated"));
    }

    @Test
    void realStaticBinaryParses() throws Exception {
        ElfFile f = ElfFile.read(TestGuests.staticHello());
        assertEquals(ElfFile.ET_EXEC, f.type());
        assertFalse(f.hasInterpreter());
        assertEquals(ElfFile.ELFOSABI_SYSV, f.osAbi() == ElfFile.ELFOSABI_GNU ? 0 : f.osAbi());
        assertTrue(f.loadSegments().size() >= 2);
        assertTrue(f.notes().stream().anyMatch(n -> n.name().equals("GNU") && n.type() == ElfNote.NT_GNU_ABI_TAG),
                f.notes().toString());
        long main = f.symbols().address("main").orElseThrow();
        long helper = f.symbols().address("helper").orElseThrow();
        assertEquals("main+0x0", f.symbols().symbolize(main));
        assertEquals("main+0x6", f.symbols().symbolize(main + 6));
        assertEquals("helper+0x2", f.symbols().symbolize(helper + 2));
        assertTrue(f.symbols().lookup("counter").orElseThrow().type() == ElfSymbol.STT_OBJECT);
        assertTrue(f.section(".symtab").isPresent());
        assertEquals("0x8", f.symbols().symbolize(8));
        // relocated table moves every symbol
        assertEquals("main+0x4", f.symbols().relocated(0x1000).symbolize(main + 0x1004));
        // entry is _start
        assertEquals("_start+0x0", f.symbols().symbolize(f.entry()));
    }
}
