package org.cheriemu.emulator.linux;

import static org.cheriemu.emulator.linux.SyscallNames.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cheriemu.emulator.cpu.Environment.Access;
import org.cheriemu.emulator.cpu.GuestExit;
import org.cheriemu.isa.memory.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** System calls through a fake hart over real tagged memory. */
class SyscallTest {

    private static final int AT_FDCWD = -100;

    @Test
    void writeToStdoutPassesRawBytes() throws Exception {
        Guest g = Guest.start();
        byte[] msg = {'h', 'i', (byte) 0xff, 0, '\n'};
        assertEquals(5, g.sys(WRITE, 1, g.put(msg), 5));
        assertArrayEquals(msg, g.capture.out.toByteArray());
        assertEquals(-Errno.EBADF, g.sys(WRITE, 9, g.put(msg), 5));
        assertEquals(-Errno.EFAULT, g.sys(WRITE, 1, 0x10, 5));
        assertEquals(-Errno.EFAULT, g.sys(WRITE, 1, 0x7000_0000_0000L, 5));
        long iov = g.put(new byte[32]);
        long a = g.str("ab"), b = g.str("cde");
        var m = g.memory;
        m.store64(iov, a);
        m.store64(iov + 8, 2);
        m.store64(iov + 16, b);
        m.store64(iov + 24, 3);
        assertEquals(5, g.sys(WRITEV, 1, iov, 2));
        assertTrue(g.stdout().endsWith("abcde"), g.stdout());
        // /dev/stdout is /proc/self/fd/1: the guest's own stdout, not the emulator's
        long fd = g.sys(OPENAT, AT_FDCWD, g.str("/dev/stdout"), 1, 0);
        assertTrue(fd >= 3, "fd " + fd);
        assertEquals(3, g.sys(WRITE, fd, g.str("xyz"), 3));
        assertTrue(g.stdout().endsWith("abcdexyz"), g.stdout());
    }

    @Test
    void readFromStdinAndFiles() throws Exception {
        Guest g = Guest.start();
        long buf = g.alloc(64);
        assertEquals(11, g.sys(READ, 0, buf, 64));
        assertEquals("input line\n", new String(g.bytes(buf, 11), StandardCharsets.UTF_8));
        assertEquals(0, g.sys(READ, 0, buf, 64), "EOF");
        long fd = g.sys(OPENAT, AT_FDCWD, g.str(Guest.exe().toString()), 0, 0);
        assertEquals(3, fd);
        assertEquals(4, g.sys(READ, fd, buf, 4));
        assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F'}, g.bytes(buf, 4));
        assertEquals(1, g.sys(LSEEK, fd, 1, 0));
        assertEquals(3, g.sys(READ, fd, buf, 3));
        assertArrayEquals(new byte[] {'E', 'L', 'F'}, g.bytes(buf, 3));
        assertEquals(2, g.sys(PREAD64, fd, buf, 2, 2));
        assertArrayEquals(new byte[] {'L', 'F'}, g.bytes(buf, 2));
        long size = Files.size(Guest.exe());
        assertEquals(size, g.sys(LSEEK, fd, 0, 2));
        // fstat and newfstatat(AT_EMPTY_PATH) report the size and a regular file
        long st = g.alloc(128);
        assertEquals(0, g.sys(FSTAT, fd, st));
        assertEquals(size, g.memory.load64(st + 48));
        assertEquals(0100000, g.memory.load32(st + 16) & 0170000);
        assertEquals(0, g.sys(NEWFSTATAT, fd, g.str(""), st, 0x1000));
        assertEquals(size, g.memory.load64(st + 48));
        assertEquals(0, g.sys(CLOSE, fd));
        assertEquals(-Errno.EBADF, g.sys(CLOSE, fd));
        assertEquals(-Errno.ENOENT, g.sys(OPENAT, AT_FDCWD, g.str("/nonexistent/file"), 0, 0));
        // read into a read-only page is EFAULT, not a host exception
        long ro = g.sys(MMAP, 0, 4096, 1, 0x22, -1, 0);
        assertEquals(-Errno.EFAULT, g.sys(READ, 0, ro, 4));
    }

    @Test
    void brkGrowsAndShrinksLikeLinux() throws Exception {
        Guest g = Guest.start();
        long b0 = g.sys(BRK, 0);
        assertEquals(AddressSpace.pageUp(g.env.image().end()), b0);
        assertEquals(b0 + 0xb00, g.sys(BRK, b0 + 0xb00));
        assertNotNull(g.env.resolvePage((b0 + 0x10) >>> 12, Access.WRITE));
        assertEquals(b0 + 0x100000, g.sys(BRK, b0 + 0x100000));
        Page p = g.env.resolvePage((b0 + 0x80000) >>> 12, Access.WRITE);
        assertEquals(Page.PROT_READ | Page.PROT_WRITE, p.prot());
        assertEquals(b0 + 0x1000, g.sys(BRK, b0 + 0x1000));
        assertNull(g.env.resolvePage((b0 + 0x80000) >>> 12, Access.READ), "shrunk heap unmapped");
        assertEquals(b0 + 0x1000, g.sys(BRK, 0x1000), "below start: unchanged");
        assertEquals(b0 + 0x1000, g.sys(BRK, 0x4000100000L), "into the stack: unchanged");
    }

    @Test
    void mmapFamily() throws Exception {
        Guest g = Guest.start();
        // the fixture's first mmap (scratch) went where qemu-riscv64 puts the first mapping
        assertEquals(0x4000802000L, g.scratch);
        long a = g.sys(MMAP, 0, 8192, 3, 0x22, -1, 0);
        assertEquals(g.scratch + (1 << 20), a);
        Page p = g.env.resolvePage(a >>> 12, Access.WRITE);
        assertNotNull(p);
        g.memory.store64(a, 0x1122334455667788L);
        g.memory.store64(a + 4096, 42);
        assertEquals(0, g.sys(MPROTECT, a, 4096, 1));
        assertEquals(Page.PROT_READ, g.memory.pageAt(a).prot());
        assertEquals(-Errno.EINVAL, g.sys(MPROTECT, a + 1, 4096, 1));
        assertEquals(-Errno.EFAULT, g.sys(MREMAP, a, 8192, 65536, 1, 0), "spans two regions (as Linux)");
        assertEquals(0, g.sys(MPROTECT, a, 4096, 3));
        // grow in place impossible (next mapping follows?) -> moves, keeping contents
        long c = g.sys(MMAP, a + 8192, 4096, 3, 0x22 | 0x10, -1, 0);
        assertEquals(a + 8192, c);
        long moved = g.sys(MREMAP, a, 8192, 65536, 1, 0);
        assertTrue(moved != a && moved > 0, Long.toHexString(moved));
        assertEquals(0x1122334455667788L, g.memory.load64(moved));
        assertEquals(42, g.memory.load64(moved + 4096));
        assertNull(g.env.resolvePage(a >>> 12, Access.READ), "old range unmapped");
        assertEquals(0, g.sys(MUNMAP, moved, 65536));
        assertNull(g.env.resolvePage(moved >>> 12, Access.READ));
        assertEquals(-Errno.EINVAL, g.sys(MMAP, 0, 0, 3, 0x22, -1, 0));
        assertEquals(-Errno.EINVAL, g.sys(MUNMAP, a + 3, 4096));
        // MAP_FIXED_NOREPLACE onto a mapping
        assertEquals(-Errno.EEXIST, g.sys(MMAP, c, 4096, 3, 0x22 | 0x100000, -1, 0));
        // file-backed private mapping holds the file's bytes
        long fd = g.sys(OPENAT, AT_FDCWD, g.str(Guest.exe().toString()), 0, 0);
        long f = g.sys(MMAP, 0, 10000, 1, 2, fd, 4096);
        byte[] file = Files.readAllBytes(Guest.exe());
        assertArrayEquals(java.util.Arrays.copyOfRange(file, 4096, 4096 + 10000), g.bytes(f, 10000));
        assertEquals(Page.PROT_READ, g.memory.pageAt(f).prot());
        assertEquals(-Errno.ENODEV, g.sys(MMAP, 0, 4096, 3, 1, fd, 0), "shared writable file mapping");
        // MADV_DONTNEED zeroes
        long d = g.sys(MMAP, 0, 4096, 3, 0x22, -1, 0);
        g.env.resolvePage(d >>> 12, Access.WRITE);
        g.memory.store64(d, 7);
        assertEquals(0, g.sys(MADVISE, d, 4096, 4));
        assertEquals(0, g.memory.load64(d));
        // unmapped and PROT_NONE pages fault
        assertNull(g.env.resolvePage(0x3000000000L >>> 12, Access.READ));
        assertNull(g.env.resolvePage(0x4000000000L >>> 12, Access.READ), "stack guard page");
    }

    @Test
    void processIdentityAndClocks() throws Exception {
        Guest g = Guest.start();
        long pid = ProcessHandle.current().pid();
        assertEquals(pid, g.sys(GETPID));
        assertEquals(pid, g.sys(GETTID));
        assertEquals(pid, g.sys(SET_TID_ADDRESS, g.alloc(8)));
        assertEquals(-Errno.ENOSYS, g.sys(SET_ROBUST_LIST, 0, 24));
        assertEquals(-Errno.ENOSYS, g.sys(RSEQ, 0, 0, 0, 0));
        assertEquals(-Errno.ENOSYS, g.sys(9999));
        g.hart.x[10] = 1;
        g.hart.x[17] = (1L << 32) | WRITE;  // not write: the whole register is the number
        g.env.ecall(g.hart);
        assertEquals(-Errno.ENOSYS, g.hart.x[10]);
        long uid = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        assertEquals(uid, g.sys(GETUID));
        assertEquals(uid, g.sys(GETEUID));
        long ts = g.alloc(16);
        assertEquals(0, g.sys(CLOCK_GETTIME, 0, ts));
        long now = System.currentTimeMillis() / 1000;
        assertTrue(Math.abs(g.memory.load64(ts) - now) <= 2);
        assertEquals(0, g.sys(CLOCK_GETTIME, 1, ts));
        long m1 = g.memory.load64(ts) * 1_000_000_000L + g.memory.load64(ts + 8);
        g.memory.store64(ts, 0);
        g.memory.store64(ts + 8, 2_000_000);
        assertEquals(0, g.sys(NANOSLEEP, ts, 0));
        long ts2 = g.alloc(16);
        g.sys(CLOCK_GETTIME, 1, ts2);
        long m2 = g.memory.load64(ts2) * 1_000_000_000L + g.memory.load64(ts2 + 8);
        assertTrue(m2 - m1 >= 2_000_000, "monotonic clock advanced over the sleep");
        assertEquals(-Errno.EINVAL, g.sys(CLOCK_GETTIME, 99, ts));
        long tv = g.alloc(16);
        assertEquals(0, g.sys(GETTIMEOFDAY, tv, 0));
        assertTrue(g.memory.load64(tv + 8) < 1_000_000);
        long u = g.alloc(390);
        assertEquals(0, g.sys(UNAME, u));
        assertEquals("Linux", g.cstr(u));
        assertEquals("riscv64", g.cstr(u + 65 * 4));
        long rl = g.alloc(16);
        assertEquals(0, g.sys(PRLIMIT64, 0, 3, 0, rl));
        assertEquals(8L << 20, g.memory.load64(rl));
        long r = g.alloc(64);
        assertEquals(64, g.sys(GETRANDOM, r, 64, 0));
        assertTrue(java.util.Arrays.stream(new int[] {0}).allMatch(i -> true));
        byte[] rb = g.bytes(r, 64);
        assertTrue(new String(rb, StandardCharsets.ISO_8859_1).chars().anyMatch(c -> c != 0));
    }

    @Test
    void filesystemQueries() throws Exception {
        Guest g = Guest.start();
        long buf = g.alloc(4096);
        long n = g.sys(GETCWD, buf, 4096);
        String cwd = Path.of("").toRealPath().toString();
        assertEquals(cwd.length() + 1, n);
        assertEquals(cwd, g.cstr(buf));
        assertEquals(-Errno.ERANGE, g.sys(GETCWD, buf, 2));
        n = g.sys(READLINKAT, AT_FDCWD, g.str("/proc/self/exe"), buf, 4096);
        assertEquals(Guest.exe().toRealPath().toString(), new String(g.bytes(buf, (int) n), StandardCharsets.UTF_8));
        assertEquals(0, g.sys(FACCESSAT, AT_FDCWD, g.str(Guest.exe().toString()), 4));
        assertEquals(-Errno.ENOENT, g.sys(FACCESSAT, AT_FDCWD, g.str("/no/such"), 0));
        assertEquals(-Errno.EACCES, g.sys(FACCESSAT, AT_FDCWD, g.str(Guest.exe().toString()), 2),
                "not writable without --allow-write");
        // isatty: TCGETS on a non-terminal
        assertEquals(-Errno.ENOTTY, g.sys(IOCTL, 1, 0x5401, buf));
        // /proc/self/maps is the guest's, not the JVM's
        long fd = g.sys(OPENAT, AT_FDCWD, g.str("/proc/self/maps"), 0, 0);
        n = g.sys(READ, fd, buf, 4096);
        String maps = new String(g.bytes(buf, (int) n), StandardCharsets.UTF_8);
        assertTrue(maps.contains("[stack]") && maps.contains("4000001000-4000801000 rw-p"), maps);
    }

    @Test
    void terminalReportsTcgets() throws Exception {
        Guest g = Guest.captured(Guest.options());
        LinuxOptions o = Guest.options();
        Guest.Capture c = new Guest.Capture();
        o.stdio(new java.io.ByteArrayInputStream(new byte[0]), c.out, c.err, true);
        Guest t = new Guest(o);
        long buf = t.alloc(64);
        assertEquals(0, t.sys(IOCTL, 1, 0x5401, buf));
        assertEquals(0, t.sys(IOCTL, 1, 0x5413, buf));
        assertEquals(80, t.memory.load16(buf + 2));
        assertEquals(-Errno.ENOTTY, g.sys(IOCTL, 1, 0x5413, buf));
    }

    @Test
    void getdentsListsDirectory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("alpha"), "x");
        Files.createDirectory(dir.resolve("beta"));
        Guest g = Guest.start();
        long fd = g.sys(OPENAT, AT_FDCWD, g.str(dir.toString()), 0x10000 | 0x80000, 0);
        assertTrue(fd >= 3);
        long buf = g.alloc(4096);
        long n = g.sys(GETDENTS64, fd, buf, 4096);
        assertTrue(n > 0);
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        for (long p = buf; p < buf + n; ) {
            int reclen = g.memory.load16(p + 16);
            int type = g.memory.load8(p + 18);
            seen.put(g.cstr(p + 19), type);
            assertEquals(0, reclen & 7);
            p += reclen;
        }
        assertEquals(java.util.Map.of(".", 4, "..", 4, "alpha", 8, "beta", 4), seen);
        assertEquals(0, g.sys(GETDENTS64, fd, buf, 4096), "end of directory");
        assertEquals(-Errno.EINVAL, g.sys(GETDENTS64, fd, buf, 4096) == 0 ? -Errno.EINVAL : 0);
        assertEquals(-Errno.ENOTDIR, g.sys(GETDENTS64, 1, buf, 4096));
        assertEquals(-Errno.EISDIR, g.sys(READ, fd, buf, 10));
    }

    @Test
    void exitAndSignalsEndTheGuestWithLinuxStatuses() throws Exception {
        Guest g = Guest.start();
        GuestExit e = assertThrows(GuestExit.class, () -> g.sys(EXIT_GROUP, 259));
        assertEquals(3, e.status());
        Guest a = Guest.start();
        long pid = ProcessHandle.current().pid();
        // SIG_IGN'd signals are dropped; blocked ones wait; abort() = SIGABRT = 134
        long act = a.alloc(24);
        a.memory.store64(act, 1);
        assertEquals(0, a.sys(RT_SIGACTION, Signals.SIGUSR1, act, 0, 8));
        assertEquals(0, a.sys(KILL, pid, Signals.SIGUSR1));
        assertEquals(0, a.sys(KILL, pid, 0));
        assertEquals(-Errno.ESRCH, a.sys(KILL, pid + 100000, Signals.SIGTERM));
        assertEquals(0, a.sys(KILL, pid, Signals.SIGCHLD), "default-ignored");
        long set = a.alloc(8);
        a.memory.store64(set, 1L << (Signals.SIGABRT - 1));
        assertEquals(0, a.sys(RT_SIGPROCMASK, 0, set, 0, 8));
        assertEquals(0, a.sys(TGKILL, pid, pid, Signals.SIGABRT), "blocked: pending");
        e = assertThrows(GuestExit.class, () -> a.sys(RT_SIGPROCMASK, 1, set, 0, 8));
        assertEquals(134, e.status());
        assertTrue(a.trace().contains("--- SIGIOT {si_signo=SIGIOT, si_code=SI_TKILL, si_pid=" + pid), a.trace());
        Guest b = Guest.start();
        e = assertThrows(GuestExit.class, () -> b.sys(TGKILL, pid, pid, Signals.SIGSEGV));
        assertEquals(139, e.status());
        assertTrue(b.trace().contains("tgkill(" + pid + "," + pid + ",SIGSEGV) = 0\n"), b.trace());
    }

    @Test
    void unhandledTrapsReportAndMapToSignals() throws Exception {
        Guest g = Guest.start();
        long main = g.env.symbols().address("main").orElseThrow();
        g.hart.pc = main + 4;
        GuestExit e = assertThrows(GuestExit.class, () -> g.env.unhandledTrap(g.hart, 13, 0x8));
        assertEquals(139, e.status());
        assertTrue(e.report().contains("SIGSEGV") && e.report().contains("<main+0x4>")
                && e.report().contains("load page fault at 0x0000000000000008"), e.report());
        int word = g.memory.load32(main + 4);
        String hex = (word & 3) == 3 ? String.format("%08x", word) : String.format("%04x", word & 0xffff);
        assertTrue(e.report().contains(hex), e.report());
        assertEquals(132, assertThrows(GuestExit.class, () -> g.env.unhandledTrap(g.hart, 2, 0)).status());
        assertEquals(133, assertThrows(GuestExit.class, () -> g.env.unhandledTrap(g.hart, 3, 0)).status());
        assertEquals(135, assertThrows(GuestExit.class, () -> g.env.unhandledTrap(g.hart, 6, 0x1001)).status());
        assertEquals(139, assertThrows(GuestExit.class, () -> g.env.unhandledTrap(g.hart, 7, 0)).status());
        GuestExit cap = assertThrows(GuestExit.class, () -> g.env.unhandledTrap(g.hart, 28, (10 << 5) | 1));
        assertEquals(162, cap.status());
        assertTrue(cap.report().contains("SIGPROT") && cap.report().contains("length (bounds) violation on c10"),
                cap.report());
        assertEquals("SIGPROT", g.env.lastFault().orElseThrow().signal());
        // with the interpreter's disassembler hook
        LinuxOptions o = Guest.options().disassembler((pc, insn) -> "insn@" + Long.toHexString(pc));
        Guest d = Guest.captured(o);
        d.hart.pc = main;
        GuestExit de = assertThrows(GuestExit.class, () -> d.env.unhandledTrap(d.hart, 2, 0));
        assertTrue(de.report().contains("insn@" + Long.toHexString(main)), de.report());
        // pc outside any mapping
        d.hart.pc = 0x30;
        GuestExit pe = assertThrows(GuestExit.class, () -> d.env.unhandledTrap(d.hart, 1, 0x30));
        assertTrue(pe.report().contains("<0x30>"), pe.report());
    }

    @Test
    void straceLinesLookLikeQemu() throws Exception {
        Guest g = Guest.start();
        long b = g.sys(BRK, 0);
        g.sys(WRITE, 1, g.str("hello"), 5);
        g.sys(OPENAT, AT_FDCWD, g.str("/nonexistent"), 0x80000, 0);
        g.sys(MPROTECT, g.scratch, 4096, 1);
        g.sys(RSEQ, 0, 0, 0, 0);
        g.sys(GETPID);
        long pid = ProcessHandle.current().pid();
        String t = g.trace();
        assertTrue(t.startsWith(pid + " mmap(NULL,1048576,PROT_READ|PROT_WRITE,MAP_PRIVATE|MAP_ANONYMOUS,-1,0) = 0x0000004000802000\n"), t);
        assertTrue(t.contains(pid + " brk(NULL) = " + String.format("0x%016x", b) + "\n"), t);
        assertTrue(t.matches("(?s).*\n" + pid + " write\\(1,0x[0-9a-f]+,5\\) = 5\n.*"), t);
        assertTrue(t.contains(pid + " openat(AT_FDCWD,\"/nonexistent\",O_RDONLY|O_CLOEXEC) = -1 errno=2 (No such file or directory)\n"), t);
        assertTrue(t.contains(pid + " mprotect(0x0000004000802000,4096,PROT_READ) = 0\n"), t);
        assertTrue(t.contains(pid + " Unknown syscall 293\n"), t);
        assertTrue(t.contains(pid + " getpid() = " + pid + "\n"), t);
        assertThrows(GuestExit.class, () -> g.sys(EXIT_GROUP, 0));
        assertTrue(g.trace().endsWith(pid + " exit_group(0)\n"), g.trace());
    }

    @Test
    void randomSystemCallsNeverThrowHostExceptions() throws Exception {
        Guest g = Guest.start();
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        int[] calls = {GETCWD, DUP, DUP3, FCNTL, IOCTL, MKDIRAT, UNLINKAT, RENAMEAT, FTRUNCATE, FACCESSAT, CHDIR,
            FCHDIR, OPENAT, CLOSE, GETDENTS64, LSEEK, READ, WRITE, READV, WRITEV, PREAD64, PWRITE64, READLINKAT,
            NEWFSTATAT, FSTAT, SET_TID_ADDRESS, FUTEX, CLOCK_GETTIME, CLOCK_GETRES, GETTIMEOFDAY,
            RT_SIGACTION, RT_SIGPROCMASK, UNAME, PRLIMIT64, GETRUSAGE, BRK, MMAP, MUNMAP, MREMAP, MPROTECT,
            MADVISE, GETRANDOM, RENAMEAT2, FACCESSAT2, PIPE2, SCHED_GETAFFINITY, PRCTL, GETRESUID, TIMES, GETCPU,
            SYSINFO, SIGALTSTACK, TRUNCATE, FCHMODAT, UTIMENSAT, LINKAT, SYMLINKAT, 1, 500};
        long[] interesting = {0, 1, 2, 3, -1, -100, 4096, g.scratch, g.scratch + 4093, 0x10000, 0x4000800000L,
            Long.MAX_VALUE, Long.MIN_VALUE, 0xffffffffL, 1L << 40};
        g.put("/etc/passwd\0".getBytes());
        for (int i = 0; i < 5000; i++) {
            int nr = calls[r.nextInt(calls.length)];
            long[] a = new long[6];
            for (int k = 0; k < 6; k++) {
                a[k] = r.nextBoolean() ? interesting[r.nextInt(interesting.length)] : r.nextLong();
            }
            if (nr == WRITE || nr == WRITEV || nr == PWRITE64) {
                a[2] &= 0xff;
            }
            try {
                long ret = g.sys(nr, a);
                assertTrue(ret >= -4095 || nr == MMAP || nr == MREMAP || nr == BRK || ret > -4096,
                        "call " + nr + " returned " + ret);
            } catch (GuestExit e) {
                // a signal the call raised on itself is a legal outcome
            }
        }
        assertEquals(0, g.env.internalErrors(), () -> String.valueOf(g.env.lastInternalError().orElse(null)));
    }

    @Test
    void handlersRunOnTheirOwnFrameAndSigreturnRestores() throws Exception {
        Guest g = Guest.start();
        long pid = ProcessHandle.current().pid();
        long handler = g.env.symbols().address("helper").orElseThrow();
        long act = g.alloc(24);
        g.memory.store64(act, handler);
        g.memory.store64(act + 8, 0x4);                              // SA_SIGINFO
        g.memory.store64(act + 16, 1L << (Signals.SIGUSR2 - 1));     // sa_mask
        assertEquals(0, g.sys(RT_SIGACTION, Signals.SIGUSR1, act, 0, 8));
        long oldSp = g.hart.x[2];
        long ecallPc = g.hart.pc;
        for (int i = 1; i < 32; i++) {
            if (i != 2 && i != 10 && i != 17) {
                g.hart.x[i] = 0x1000 + i;
            }
        }
        g.hart.f[3] = 0x400921fb54442d18L;
        g.hart.x[10] = pid;
        g.hart.x[11] = Signals.SIGUSR1;
        g.hart.x[17] = KILL;
        g.env.ecall(g.hart);
        // in the handler: a0 = sig, a1 = &siginfo, a2 = &ucontext, ra = trampoline, sp = frame
        assertEquals(handler, g.hart.pc);
        assertEquals(Signals.SIGUSR1, g.hart.x[10]);
        long frame = g.hart.x[2];
        assertEquals(0, frame & 15);
        assertTrue(frame <= oldSp - LinuxEnvironment.RT_SIGFRAME_SIZE);
        assertEquals(frame, g.hart.x[11]);
        assertEquals(frame + 128, g.hart.x[12]);
        assertEquals(Signals.SIGUSR1, g.memory.load32(frame));
        assertEquals(pid, g.memory.load32(frame + 16));
        assertEquals(ecallPc + 4, g.memory.load64(frame + 128 + 176), "uc_mcontext pc: after the ecall");
        assertEquals(0x1005, g.memory.load64(frame + 128 + 176 + 8 * 5));
        assertEquals(0x08b00893, g.memory.load32(g.hart.x[1]), "ra -> li a7,139");
        assertEquals(0x00000073, g.memory.load32(g.hart.x[1] + 4), "ecall");
        // during the handler SIGUSR1 and the sa_mask are blocked: a second SIGUSR1 stays pending
        g.hart.x[5] = 0xdead;
        g.hart.f[3] = 0;
        assertEquals(0, g.sys(KILL, pid, Signals.SIGUSR1));
        assertEquals(handler, g.hart.pc, "not re-entered");
        // the handler returns through the trampoline
        g.hart.pc = g.hart.x[1] + 4;
        g.hart.x[2] = frame;
        g.hart.x[17] = RT_SIGRETURN;
        g.env.ecall(g.hart);
        // the pending SIGUSR1 is delivered on return: a fresh frame whose resume pc is the old one
        assertEquals(handler, g.hart.pc);
        long frame2 = g.hart.x[2];
        assertEquals(ecallPc + 4, g.memory.load64(frame2 + 128 + 176));
        g.hart.pc = g.hart.x[1] + 4;
        g.hart.x[17] = RT_SIGRETURN;
        g.env.ecall(g.hart);
        assertEquals(ecallPc + 4, g.hart.pc);
        assertEquals(oldSp, g.hart.x[2]);
        assertEquals(0, g.hart.x[10], "kill's own result");
        assertEquals(0x1005, g.hart.x[5]);
        assertEquals(0x400921fb54442d18L, g.hart.f[3]);
        // mask restored: SIGUSR1 deliverable again; SA_RESETHAND resets to the default (fatal)
        g.memory.store64(act + 8, 0x80000000L);
        assertEquals(0, g.sys(RT_SIGACTION, Signals.SIGUSR1, act, 0, 8));
        assertEquals(Signals.SIGUSR1, g.sys(KILL, pid, Signals.SIGUSR1), "a0 = signal number in the handler");
        assertEquals(handler, g.hart.pc);
        long frame3 = g.hart.x[2];
        long oact = g.alloc(24);
        assertEquals(0, g.sys(RT_SIGACTION, Signals.SIGUSR1, 0, oact, 8));
        assertEquals(0, g.memory.load64(oact), "SA_RESETHAND: back to SIG_DFL");
        g.hart.pc = g.hart.x[1] + 4;
        g.hart.x[2] = frame3;
        g.hart.x[17] = RT_SIGRETURN;
        g.env.ecall(g.hart);
        GuestExit e = assertThrows(GuestExit.class, () -> g.sys(KILL, pid, Signals.SIGUSR1));
        assertEquals(128 + Signals.SIGUSR1, e.status());
    }

    @Test
    void trapHandlersRunWhenEnabled() throws Exception {
        Guest g = Guest.captured(Guest.options().trapHandlers(true));
        long handler = g.env.symbols().address("helper").orElseThrow();
        long main = g.env.symbols().address("main").orElseThrow();
        long act = g.alloc(24);
        g.memory.store64(act, handler);
        g.memory.store64(act + 8, 0x4);
        assertEquals(0, g.sys(RT_SIGACTION, Signals.SIGSEGV, act, 0, 8));
        g.hart.pc = main + 2;
        g.hart.x[8] = 0x88;
        g.env.unhandledTrap(g.hart, 13, 0x8);   // returns: the hart resumes in the handler
        assertEquals(handler, g.hart.pc);
        assertEquals(Signals.SIGSEGV, g.hart.x[10]);
        long info = g.hart.x[11];
        assertEquals(Signals.SIGSEGV, g.memory.load32(info));
        assertEquals(1, g.memory.load32(info + 8), "SEGV_MAPERR");
        assertEquals(0x8, g.memory.load64(info + 16), "si_addr");
        assertEquals(main + 2, g.memory.load64(g.hart.x[12] + 176), "resume at the faulting instruction");
        g.hart.pc = g.hart.x[1] + 4;
        g.hart.x[17] = RT_SIGRETURN;
        g.env.ecall(g.hart);
        assertEquals(main + 2, g.hart.pc);
        assertEquals(0x88, g.hart.x[8]);
        // a trap without a handler still ends the guest
        GuestExit e = assertThrows(GuestExit.class, () -> g.env.unhandledTrap(g.hart, 2, 0));
        assertEquals(132, e.status());
        // and with the option off, a handler is not used
        Guest off = Guest.start();
        assertEquals(0, off.sys(RT_SIGACTION, Signals.SIGSEGV, off.put(g.bytes(act, 24)), 0, 8));
        assertEquals(139, assertThrows(GuestExit.class, () -> off.env.unhandledTrap(off.hart, 13, 0x8)).status());
    }

    @Test
    void smallerProcessCalls() throws Exception {
        Guest g = Guest.start();
        long m = g.alloc(128);
        long n = g.sys(SCHED_GETAFFINITY, 0, 128, m);
        assertEquals(((Runtime.getRuntime().availableProcessors() + 63) / 64) * 8, n);
        assertEquals(Runtime.getRuntime().availableProcessors(), Long.bitCount(g.memory.load64(m)));
        assertEquals(-Errno.EINVAL, g.sys(SCHED_GETAFFINITY, 0, 4, m));
        assertEquals(0, g.sys(PRCTL, 15, g.str("worker-thread-name-long")));
        assertEquals(0, g.sys(PRCTL, 16, m));
        assertEquals("worker-thread-n", g.cstr(m));
        long ids = g.alloc(12);
        assertEquals(0, g.sys(GETRESUID, ids, ids + 4, ids + 8));
        assertEquals(g.sys(GETUID), g.memory.load32(ids + 8));
        assertEquals(-Errno.ECHILD, g.sys(WAIT4, -1, 0, 0, 0));
        // ppoll: a pipe with data is readable, an empty one is not; nothing ready + timeout = 0
        long fdsArr = g.alloc(8);
        assertEquals(0, g.sys(PIPE2, fdsArr, 0));
        int r = g.memory.load32(fdsArr), w = g.memory.load32(fdsArr + 4);
        long pfd = g.alloc(16);
        g.memory.store32(pfd, r);
        g.memory.store16(pfd + 4, 1);
        g.memory.store32(pfd + 8, w);
        g.memory.store16(pfd + 12, 4);
        assertEquals(1, g.sys(PPOLL, pfd, 2, 0, 0, 8));
        assertEquals(0, g.memory.load16(pfd + 6));
        assertEquals(4, g.memory.load16(pfd + 14));
        assertEquals(2, g.sys(WRITE, w, g.str("hi"), 2));
        assertEquals(2, g.sys(PPOLL, pfd, 2, 0, 0, 8));
        assertEquals(1, g.memory.load16(pfd + 6));
        long ts = g.alloc(16);
        g.memory.store64(ts + 8, 1000);
        g.memory.store32(pfd + 8, -1);
        assertEquals(2, g.sys(READ, r, g.alloc(8), 8));
        assertEquals(0, g.sys(PPOLL, pfd, 2, ts, 0, 8));
        assertEquals(-Errno.EAGAIN, g.sys(READ, r, g.alloc(8), 8), "empty pipe, writer open: would block forever");
        assertEquals(0, g.sys(CLOSE, w));
        assertEquals(0, g.sys(READ, r, g.alloc(8), 8), "EOF once the writer is closed");
    }
}
