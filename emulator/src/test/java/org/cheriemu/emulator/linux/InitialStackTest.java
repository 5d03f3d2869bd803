package org.cheriemu.emulator.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.cheriemu.emulator.loader.ElfFile;
import org.junit.jupiter.api.Test;

class InitialStackTest {

    @Test
    void stackIsLaidOutFieldByFieldLikeLinux() throws Exception {
        Guest g = Guest.captured(Guest.options("./hello", "a b", "").env(List.of("A=1", "BB=two")));
        var m = g.memory;
        long sp = g.env.initialSp();
        assertEquals(0, sp & 15, "sp 16-byte aligned");
        // the stack region is 8 MiB of RW below the top, where qemu-riscv64 puts it
        AddressSpace.Vma stack = g.env.addressSpace().find(sp);
        assertEquals("[stack]", stack.name());
        assertEquals(0x4000001000L, stack.start());
        assertEquals(0x4000801000L, stack.end());
        assertEquals(AddressSpace.PROT_READ | AddressSpace.PROT_WRITE, stack.prot());

        assertEquals(3, m.load64(sp), "argc");
        long argv = sp + 8;
        assertEquals("./hello", g.cstr(m.load64(argv)));
        assertEquals("a b", g.cstr(m.load64(argv + 8)));
        assertEquals("", g.cstr(m.load64(argv + 16)));
        assertEquals(0, m.load64(argv + 24), "argv NULL");
        long envp = argv + 32;
        assertEquals("A=1", g.cstr(m.load64(envp)));
        assertEquals("BB=two", g.cstr(m.load64(envp + 8)));
        assertEquals(0, m.load64(envp + 16), "envp NULL");

        Map<Long, Long> aux = new HashMap<>();
        long p = envp + 24;
        List<Long> order = new java.util.ArrayList<>();
        while (true) {
            long type = m.load64(p), val = m.load64(p + 8);
            order.add(type);
            if (type == InitialStack.AT_NULL) {
                assertEquals(0, val);
                break;
            }
            aux.put(type, val);
            p += 16;
        }
        ElfFile elf = ElfFile.read(Guest.exe());
        assertEquals(g.env.image().phdrAddress(), aux.get((long) InitialStack.AT_PHDR));
        // AT_PHDR really points at the program headers: compare with the file
        byte[] file = Files.readAllBytes(Guest.exe());
        byte[] phdrs = g.bytes(aux.get((long) InitialStack.AT_PHDR), 56 * elf.programHeaders().size());
        assertArrayEquals(java.util.Arrays.copyOfRange(file, (int) elf.programHeaderOffset(),
                (int) elf.programHeaderOffset() + phdrs.length), phdrs);
        assertEquals(56L, aux.get((long) InitialStack.AT_PHENT));
        assertEquals((long) elf.programHeaders().size(), aux.get((long) InitialStack.AT_PHNUM));
        assertEquals(4096L, aux.get((long) InitialStack.AT_PAGESZ));
        assertEquals(0L, aux.get((long) InitialStack.AT_BASE));
        assertEquals(elf.entry(), aux.get((long) InitialStack.AT_ENTRY));
        assertEquals(0L, aux.get((long) InitialStack.AT_SECURE));
        assertEquals(0x112dL, aux.get((long) InitialStack.AT_HWCAP));
        assertEquals(100L, aux.get((long) InitialStack.AT_CLKTCK));
        long hostUid = ((Number) Files.getAttribute(java.nio.file.Path.of("/proc/self"), "unix:uid")).longValue();
        assertEquals(hostUid, aux.get((long) InitialStack.AT_UID));
        assertEquals(hostUid, aux.get((long) InitialStack.AT_EUID));
        assertTrue(aux.containsKey((long) InitialStack.AT_GID) && aux.containsKey((long) InitialStack.AT_EGID));
        // AT_RANDOM: 16 bytes from the seeded generator, 16-byte aligned
        long rnd = aux.get((long) InitialStack.AT_RANDOM);
        byte[] want = new byte[16];
        new SplittableRandom(Guest.SEED).nextBytes(want);
        assertArrayEquals(want, g.bytes(rnd, 16));
        assertEquals(0, rnd & 15);
        assertEquals("./hello", g.cstr(aux.get((long) InitialStack.AT_EXECFN)));
        // strings above the random bytes, execfn highest, 8 zero bytes at the very top
        assertTrue(rnd > p && rnd < m.load64(argv));
        assertTrue(aux.get((long) InitialStack.AT_EXECFN) > m.load64(envp + 8));
        assertEquals(0, m.load64(stack.end() - 8));
        assertEquals(stack.end() - 8 - "./hello".length() - 1, aux.get((long) InitialStack.AT_EXECFN));
        // argv strings contiguous, then env strings
        assertEquals(m.load64(argv) + 8, m.load64(argv + 8));
        assertEquals(m.load64(argv + 16) + 1, m.load64(envp));
        // Linux's auxv order
        assertEquals(List.of(16L, 6L, 17L, 3L, 4L, 5L, 7L, 8L, 9L, 11L, 12L, 13L, 14L, 23L, 25L, 31L, 0L), order);
    }

    @Test
    void hostEnvironmentPassesThroughByDefault() throws Exception {
        Guest g = Guest.captured(LinuxOptions.of(List.of("hello")).randomSeed(1));
        long envp = g.env.initialSp() + 8 + 16;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (long p = envp; g.memory.load64(p) != 0; p += 8) {
            seen.add(g.cstr(g.memory.load64(p)));
        }
        String path = System.getenv("PATH");
        if (path != null) {
            assertTrue(seen.contains("PATH=" + path), "PATH passed through");
        }
        assertTrue(seen.size() >= System.getenv().size() - 1);
    }
}
