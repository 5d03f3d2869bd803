package org.cheriemu.emulator.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the initial process stack as Linux's {@code create_elf_tables} (and qemu-user) do.
 * From the top of the stack downwards:
 * <pre>
 *   8 zero bytes (end marker)
 *   AT_EXECFN string
 *   environment strings (envp[0] lowest), argument strings (argv[0] lowest)
 *   -- aligned down to 16 --
 *   16 random bytes (AT_RANDOM)
 *   -- aligned down to 16 after reserving the vector below --
 *   auxv pairs ... AT_NULL, 0
 *   envp[0..n-1], NULL
 *   argv[0..n-1], NULL
 *   argc                         &lt;- sp (16-byte aligned)
 * </pre>
 */
public final class InitialStack {

    public static final int AT_NULL = 0, AT_IGNORE = 1, AT_EXECFD = 2, AT_PHDR = 3, AT_PHENT = 4,
            AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7, AT_FLAGS = 8, AT_ENTRY = 9, AT_NOTELF = 10,
            AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14, AT_PLATFORM = 15, AT_HWCAP = 16,
            AT_CLKTCK = 17, AT_SECURE = 23, AT_BASE_PLATFORM = 24, AT_RANDOM = 25, AT_HWCAP2 = 26,
            AT_EXECFN = 31;

    /** RV64 IMAFDC in AT_HWCAP (bit = letter - 'a'), as qemu-riscv64 reports: 0x112d. */
    public static final long HWCAP_RV64GC = (1L << ('i' - 'a')) | (1L << ('m' - 'a')) | (1L << ('a' - 'a'))
            | (1L << ('f' - 'a')) | (1L << ('d' - 'a')) | (1L << ('c' - 'a'));

    /** Where everything ended up (for tests and debugging). */
    public record Layout(long sp, long argc, long argv, long envp, long auxv, long random, long execfn,
                         long stringsStart, List<long[]> auxvEntries) {
    }

    /** The process facts that go into the auxiliary vector. */
    public record Facts(long phdr, int phent, int phnum, long base, long entry, long uid, long euid,
                        long gid, long egid, long hwcap, byte[] random) {
    }

    private InitialStack() {
    }

    /**
     * Writes the stack below {@code top} (exclusive) in {@code space} and returns its layout.
     * Throws E2BIG if the strings and vectors do not fit in {@code maxSize} bytes.
     */
    public static Layout build(AddressSpace space, long top, long maxSize, List<String> argv,
                               List<String> envp, String execfn, Facts facts) throws ErrnoException {
        long p = top - 8;
        byte[] execfnBytes = cstring(execfn);
        p -= execfnBytes.length;
        long execfnAddr = p;
        // argv and envp strings, contiguous, argv[0] lowest
        List<byte[]> strings = new ArrayList<>();
        for (String s : argv) {
            strings.add(cstring(s));
        }
        for (String s : envp) {
            strings.add(cstring(s));
        }
        long total = 0;
        for (byte[] b : strings) {
            total += b.length;
        }
        if (total + execfnBytes.length + 4096 > maxSize / 4) {
            // Linux allows arguments up to a quarter of the stack limit
            throw new ErrnoException(Errno.E2BIG);
        }
        p -= total;
        long stringsStart = p;
        long[] stringAddr = new long[strings.size()];
        long q = p;
        for (int i = 0; i < strings.size(); i++) {
            stringAddr[i] = q;
            space.writeUnchecked(q, strings.get(i), 0, strings.get(i).length);
            q += strings.get(i).length;
        }
        space.writeUnchecked(execfnAddr, execfnBytes, 0, execfnBytes.length);
        space.writeUnchecked(top - 8, new byte[8], 0, 8);

        p &= -16L;
        p -= 16;
        long randomAddr = p;
        space.writeUnchecked(randomAddr, facts.random(), 0, 16);

        List<long[]> aux = new ArrayList<>();
        aux.add(new long[] {AT_HWCAP, facts.hwcap()});
        aux.add(new long[] {AT_PAGESZ, AddressSpace.PAGE});
        aux.add(new long[] {AT_CLKTCK, 100});
        aux.add(new long[] {AT_PHDR, facts.phdr()});
        aux.add(new long[] {AT_PHENT, facts.phent()});
        aux.add(new long[] {AT_PHNUM, facts.phnum()});
        aux.add(new long[] {AT_BASE, facts.base()});
        aux.add(new long[] {AT_FLAGS, 0});
        aux.add(new long[] {AT_ENTRY, facts.entry()});
        aux.add(new long[] {AT_UID, facts.uid()});
        aux.add(new long[] {AT_EUID, facts.euid()});
        aux.add(new long[] {AT_GID, facts.gid()});
        aux.add(new long[] {AT_EGID, facts.egid()});
        aux.add(new long[] {AT_SECURE, 0});
        aux.add(new long[] {AT_RANDOM, randomAddr});
        aux.add(new long[] {AT_EXECFN, execfnAddr});
        aux.add(new long[] {AT_NULL, 0});

        int argc = argv.size();
        int envc = envp.size();
        long words = 1 + (argc + 1) + (envc + 1) + 2L * aux.size();
        long sp = (p - words * 8) & -16L;
        if (top - sp > maxSize) {
            throw new ErrnoException(Errno.E2BIG);
        }
        ByteBuffer bb = ByteBuffer.allocate((int) (words * 8)).order(ByteOrder.LITTLE_ENDIAN);
        bb.putLong(argc);
        for (int i = 0; i < argc; i++) {
            bb.putLong(stringAddr[i]);
        }
        bb.putLong(0);
        for (int i = 0; i < envc; i++) {
            bb.putLong(stringAddr[argc + i]);
        }
        bb.putLong(0);
        for (long[] e : aux) {
            bb.putLong(e[0]);
            bb.putLong(e[1]);
        }
        space.writeUnchecked(sp, bb.array(), 0, bb.capacity());
        long argvAddr = sp + 8;
        long envpAddr = argvAddr + 8L * (argc + 1);
        long auxvAddr = envpAddr + 8L * (envc + 1);
        return new Layout(sp, sp, argvAddr, envpAddr, auxvAddr, randomAddr, execfnAddr, stringsStart, List.copyOf(aux));
    }

    private static byte[] cstring(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] r = new byte[b.length + 1];
        System.arraycopy(b, 0, r, 0, b.length);
        return r;
    }
}
