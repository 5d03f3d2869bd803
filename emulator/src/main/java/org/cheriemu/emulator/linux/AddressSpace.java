package org.cheriemu.emulator.linux;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cheriemu.isa.memory.Page;
import org.cheriemu.isa.memory.TaggedMemory;

/**
 * The guest's user address space: the mapped regions (VMAs) with their protections over a
 * {@link TaggedMemory}, the program break, and guest-memory access for system calls.
 *
 * <p>Layout, as qemu-riscv64 (7.2) lays out a static binary on a 64-bit host:
 * <pre>
 *   image (ET_EXEC at its vaddr; ET_DYN at 0x4000000000) then [heap] (brk)
 *   0x4000000000 (after the image for ET_DYN)  guard page, PROT_NONE
 *   + 0x1000    [stack], 8 MiB, RW
 *   stack top   one R-X page (QEMU's signal trampoline page)
 *   next        mmap area, first fit, growing upwards
 * </pre>
 * Pages are created lazily: {@link #resolvePage} creates a zeroed page with its region's
 * protection on first touch, and returns null (access fault) outside any region or when the
 * region's protection forbids the access.
 *
 * <p>Memory written by system calls ({@link #write}) goes to pages of the right protection and
 * drops their decoded-instruction cache ({@link Page#execCache}), as a store would.
 */
public final class AddressSpace {

    public static final long PAGE = Page.SIZE;
    /** Upper bound of guest user addresses (exclusive). */
    public static final long USER_TOP = 1L << 47;
    public static final int PROT_NONE = 0, PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;

    /** One mapped region [start, end), page aligned. */
    public static final class Vma {
        long start, end;
        int prot;
        String name;

        Vma(long start, long end, int prot, String name) {
            this.start = start;
            this.end = end;
            this.prot = prot;
            this.name = name;
        }

        public long start() {
            return start;
        }

        public long end() {
            return end;
        }

        public int prot() {
            return prot;
        }

        public String name() {
            return name;
        }

        @Override
        public String toString() {
            return String.format("%x-%x %s %s", start, end, protString(prot), name);
        }
    }

    private final TaggedMemory memory;
    private final TreeMap<Long, Vma> vmas = new TreeMap<>();
    private final long maxPages;
    private long brkStart, brk, mmapBase;

    /**
     * @param maxPages limit on present pages (the guest's resident memory); exceeding it ends the
     *                 guest with SIGKILL status like the Linux OOM killer would
     */
    public AddressSpace(TaggedMemory memory, long maxPages) {
        this.memory = memory;
        this.maxPages = maxPages;
    }

    public TaggedMemory memory() {
        return memory;
    }

    public static long pageUp(long a) {
        return (a + PAGE - 1) & -PAGE;
    }

    public static long pageDown(long a) {
        return a & -PAGE;
    }

    // ------------------------------------------------------------------ regions

    /** The region containing {@code addr}, or null. */
    public Vma find(long addr) {
        Map.Entry<Long, Vma> e = vmas.floorEntry(addr);
        if (e == null || Long.compareUnsigned(addr, e.getValue().end) >= 0) {
            return null;
        }
        return e.getValue();
    }

    /** A snapshot of the regions in address order. */
    public List<Vma> regions() {
        return new ArrayList<>(vmas.values());
    }

    /** True if no region intersects [start, end). */
    public boolean isFree(long start, long end) {
        if (Long.compareUnsigned(start, end) >= 0 || Long.compareUnsigned(end, USER_TOP) > 0) {
            return false;
        }
        Map.Entry<Long, Vma> e = vmas.lowerEntry(end);
        return e == null || Long.compareUnsigned(e.getValue().end, start) <= 0;
    }

    /** Maps [start, end) (page aligned), replacing whatever was there (like MAP_FIXED). */
    public void map(long start, long end, int prot, String name) {
        unmap(start, end);
        vmas.put(start, new Vma(start, end, prot, name));
    }

    /** Unmaps [start, end) (page aligned): splits regions and drops their pages. */
    public void unmap(long start, long end) {
        if (Long.compareUnsigned(start, end) > 0) {
            throw new IllegalArgumentException(String.format("bad range 0x%x-0x%x", start, end));
        }
        split(start);
        split(end);
        List<Long> doomed = new ArrayList<>(vmas.subMap(start, true, end, false).keySet());
        for (Long k : doomed) {
            vmas.remove(k);
        }
        memory.removePages(start, end - start);
    }

    /** Splits the region containing {@code at} (if any) so that a region starts at {@code at}. */
    private void split(long at) {
        Vma v = find(at);
        if (v != null && v.start != at) {
            Vma tail = new Vma(at, v.end, v.prot, v.name);
            v.end = at;
            vmas.put(at, tail);
        }
    }

    /** True if every page of [start, end) is in some region. */
    public boolean isMapped(long start, long end) {
        long a = start;
        while (Long.compareUnsigned(a, end) < 0) {
            Vma v = find(a);
            if (v == null) {
                return false;
            }
            a = v.end;
        }
        return true;
    }

    /** mprotect: [start, end) must be wholly mapped (else ENOMEM). */
    public void protect(long start, long end, int prot) throws ErrnoException {
        if (!isMapped(start, end)) {
            throw new ErrnoException(Errno.ENOMEM);
        }
        split(start);
        split(end);
        for (Vma v : vmas.subMap(start, true, end, false).values()) {
            v.prot = prot;
        }
        for (long a = start; Long.compareUnsigned(a, end) < 0; a += PAGE) {
            Page p = memory.pageAt(a);
            if (p != null) {
                p.setProt(prot);
                p.execCache = null;
            }
        }
        merge();
    }

    /** Joins adjacent regions with equal protection and name. */
    private void merge() {
        Vma prev = null;
        List<Long> gone = new ArrayList<>();
        for (Vma v : vmas.values()) {
            if (prev != null && prev.end == v.start && prev.prot == v.prot && prev.name.equals(v.name)) {
                prev.end = v.end;
                gone.add(v.start);
            } else {
                prev = v;
            }
        }
        for (Long k : gone) {
            vmas.remove(k);
        }
    }

    /**
     * First free range of {@code len} bytes at or above {@code from} (page aligned), or -1.
     */
    public long findFree(long from, long len) {
        long a = Math.max(from, mmapBase);
        while (true) {
            if (Long.compareUnsigned(len, USER_TOP - a) > 0 || a < 0) {
                return -1;
            }
            Map.Entry<Long, Vma> e = vmas.lowerEntry(a + len);
            if (e == null || Long.compareUnsigned(e.getValue().end, a) <= 0) {
                return a;
            }
            a = e.getValue().end;
        }
    }

    public long mmapBase() {
        return mmapBase;
    }

    public void setMmapBase(long base) {
        this.mmapBase = base;
    }

    // ------------------------------------------------------------------ brk

    /** Sets up the program break at {@code start} (page aligned end of the image). */
    public void initBrk(long start) {
        brkStart = start;
        brk = start;
    }

    public long brkStart() {
        return brkStart;
    }

    public long brk() {
        return brk;
    }

    /** Linux brk semantics: returns the new break, or the unchanged one on failure. */
    public long setBrk(long newBrk) {
        if (newBrk == 0 || Long.compareUnsigned(newBrk, brkStart) < 0) {
            return brk;
        }
        long oldTop = pageUp(brk);
        long newTop = pageUp(newBrk);
        if (Long.compareUnsigned(newBrk, USER_TOP) > 0) {
            return brk;
        }
        if (Long.compareUnsigned(newTop, oldTop) > 0) {
            if (!isFree(oldTop, newTop)) {
                return brk;
            }
            Vma below = find(oldTop - 1);
            if (below != null && below.name.equals("[heap]") && below.end == oldTop) {
                below.end = newTop;
            } else {
                vmas.put(oldTop, new Vma(oldTop, newTop, PROT_READ | PROT_WRITE, "[heap]"));
            }
        } else if (Long.compareUnsigned(newTop, oldTop) < 0) {
            unmap(newTop, oldTop);
        }
        brk = newBrk;
        return brk;
    }

    // ------------------------------------------------------------------ pages

    /**
     * The page for a guest access that found no page: created zeroed with the region's
     * protection, or null (access fault) if unmapped or not permitted.
     */
    public Page resolvePage(long pageNumber, int access) {
        long addr = pageNumber << Page.SHIFT;
        if (pageNumber < 0 || pageNumber >= (USER_TOP >>> Page.SHIFT)) {
            return null;
        }
        Vma v = find(addr);
        if (v == null || (access & ~v.prot) != 0) {
            return null;
        }
        return materialize(pageNumber, v);
    }

    private Page materialize(long pageNumber, Vma v) {
        Page p = memory.page(pageNumber);
        if (p == null) {
            if (memory.pageCount() >= maxPages) {
                throw new MemoryLimitExceeded(maxPages);
            }
            p = memory.pageOrCreate(pageNumber);
            p.setProt(v.prot);
        }
        return p;
    }

    /** Thrown when the guest touches more pages than allowed. */
    public static final class MemoryLimitExceeded extends RuntimeException {
        public MemoryLimitExceeded(long pages) {
            super("guest memory limit exceeded (" + (pages * PAGE >> 20) + " MiB)", null, false, false);
        }
    }

    // ------------------------------------------------------------------ syscall access

    /** EFAULT unless every byte of [addr, addr+len) is mapped with {@code access} allowed. */
    public void check(long addr, long len, int access) throws ErrnoException {
        if (len == 0) {
            return;
        }
        long end = addr + len;
        if (Long.compareUnsigned(end, addr) < 0 || Long.compareUnsigned(end, USER_TOP) > 0) {
            throw new ErrnoException(Errno.EFAULT);
        }
        long a = addr;
        while (Long.compareUnsigned(a, end) < 0) {
            Vma v = find(a);
            if (v == null || (access & ~v.prot) != 0) {
                throw new ErrnoException(Errno.EFAULT);
            }
            a = v.end;
        }
    }

    public byte[] read(long addr, int len) throws ErrnoException {
        check(addr, len, PROT_READ);
        byte[] b = new byte[len];
        memory.read(addr, b, 0, len);
        return b;
    }

    public long read64(long addr) throws ErrnoException {
        check(addr, 8, PROT_READ);
        return memory.load64(addr);
    }

    public int read32(long addr) throws ErrnoException {
        check(addr, 4, PROT_READ);
        return memory.load32(addr);
    }

    /** Guest-visible write (copy_to_user): needs PROT_WRITE on every byte. */
    public void write(long addr, byte[] b, int off, int len) throws ErrnoException {
        check(addr, len, PROT_WRITE);
        writeUnchecked(addr, b, off, len);
    }

    public void write(long addr, byte[] b) throws ErrnoException {
        write(addr, b, 0, b.length);
    }

    public void write64(long addr, long v) throws ErrnoException {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        write(addr, b);
    }

    /** Writes bytes to mapped memory regardless of protection (loader, initial stack, file mappings). */
    public void writeUnchecked(long addr, byte[] b, int off, int len) {
        long a = addr;
        int done = 0;
        while (done < len) {
            int chunk = (int) Math.min(len - done, PAGE - (a & (PAGE - 1)));
            Vma v = find(a);
            Page p = v != null ? materialize(a >>> Page.SHIFT, v) : memory.pageAtOrCreate(a);
            p.execCache = null;
            memory.write(a, b, off + done, chunk);
            a += chunk;
            done += chunk;
        }
    }

    /** A NUL-terminated string of at most {@code max} bytes (ENAMETOOLONG beyond, EFAULT if unmapped). */
    public String readCString(long addr, int max) throws ErrnoException {
        byte[] buf = new byte[64];
        int n = 0;
        while (true) {
            if (n == max) {
                throw new ErrnoException(Errno.ENAMETOOLONG);
            }
            long a = addr + n;
            if (n == 0 || (a & (PAGE - 1)) == 0) {
                check(a, 1, PROT_READ);
            }
            int c = memory.load8(a);
            if (c == 0) {
                return new String(buf, 0, n, StandardCharsets.UTF_8);
            }
            if (n == buf.length) {
                buf = java.util.Arrays.copyOf(buf, n * 2);
            }
            buf[n++] = (byte) c;
        }
    }

    /** Moves the pages of [from, from+len) to [to, to+len), keeping data and tags (mremap). */
    public void movePages(long from, long to, long len) {
        for (long off = 0; Long.compareUnsigned(off, len) < 0; off += PAGE) {
            Page src = memory.pageAt(from + off);
            if (src == null) {
                continue;
            }
            Vma v = find(to + off);
            Page dst = v != null ? materialize((to + off) >>> Page.SHIFT, v) : memory.pageAtOrCreate(to + off);
            dst.copyFrom(src);
            dst.execCache = null;
        }
    }

    /** {@code /proc/self/maps} text for the current regions. */
    public String procMaps() {
        StringBuilder sb = new StringBuilder();
        for (Vma v : vmas.values()) {
            String line = String.format("%08x-%08x %s 00000000 00:00 0", v.start, v.end, protString(v.prot) + "p");
            sb.append(line);
            if (!v.name.isEmpty()) {
                sb.append(" ".repeat(Math.max(1, 73 - line.length()))).append(v.name);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String protString(int prot) {
        return ((prot & PROT_READ) != 0 ? "r" : "-") + ((prot & PROT_WRITE) != 0 ? "w" : "-")
                + ((prot & PROT_EXEC) != 0 ? "x" : "-");
    }
}
