package org.cheriemu.emulator.linux;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.cheriemu.emulator.cpu.Environment;
import org.cheriemu.emulator.cpu.GuestExit;
import org.cheriemu.emulator.cpu.HartView;
import org.cheriemu.emulator.loader.BadElfException;
import org.cheriemu.emulator.loader.ElfFile;
import org.cheriemu.emulator.loader.ElfLoader;
import org.cheriemu.emulator.loader.LoadedImage;
import org.cheriemu.emulator.loader.SymbolTable;
import org.cheriemu.isa.memory.Page;
import org.cheriemu.isa.memory.TaggedMemory;

/**
 * Linux user mode for a statically linked RISC-V 64 executable, behaving like
 * {@code qemu-riscv64}: loads the ELF, builds the initial stack, serves system calls (a7 = number,
 * a0–a5 = arguments, a0 = result or -errno), supplies pages of mapped regions on demand, and turns
 * unhandled traps into the Linux fatal signal's exit status with a report on stderr.
 *
 * <p>Use: {@code env = LinuxEnvironment.load(memory, exe, options)}; start the hart at
 * {@link #entry()} with sp = {@link #initialSp()} and every other register 0; run until
 * {@link GuestExit}.
 *
 * <p>No host exception escapes a system call: each becomes an errno for the guest. File access
 * is sandboxed by {@link FileSandbox} (denials are EACCES).
 */
public final class LinuxEnvironment implements Environment {

    /** Where qemu-riscv64 puts things (see {@link AddressSpace}). */
    public static final long TASK_UNMAPPED_BASE = 0x4000000000L;
    public static final long STACK_SIZE = 8L << 20;
    /** Room left for brk between a position-independent image and the stack (as QEMU). */
    public static final long PIE_BRK_GAP = 32L << 20;

    // open flags (asm-generic)
    static final int O_ACCMODE = 3, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0x40, O_EXCL = 0x80,
            O_TRUNC = 0x200, O_APPEND = 0x400, O_NONBLOCK = 0x800, O_DIRECTORY = 0x10000,
            O_NOFOLLOW = 0x20000, O_CLOEXEC = 0x80000, O_PATH = 0x200000;
    static final int AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100, AT_REMOVEDIR = 0x200,
            AT_EMPTY_PATH = 0x1000;

    private final AddressSpace space;
    private final LoadedImage image;
    private final Path exe;
    private final List<String> argv;
    private final FileSandbox sandbox;
    private final FdTable fds = new FdTable();
    private final Strace strace;
    private final OutputStream stdout;
    private final OutputStream stderr;
    private final Disassembler disassembler;
    private final boolean trapHandlers;
    private final SplittableRandom seeded;
    private final SecureRandom secure;
    private final long pid;
    private final long uid, gid;
    private final long entry, initialSp;
    private final InitialStack.Layout stackLayout;
    private final long startNanos = System.nanoTime();
    private Path cwd;
    private int umask = 022;
    private final long[] sigHandler = new long[65];
    private final long[] sigFlags = new long[65];
    private final long[] sigMask = new long[65];
    private long blocked;
    private long pending;
    private FaultReport lastFault;
    private int internalErrors;
    private Throwable lastInternalError;
    /** A fatal signal raised during the current system call, delivered after it returns. */
    private int fatalSignal;
    /** A signal with a handler raised during the current system call, delivered after it returns. */
    private int handledSignal;
    private int handledCode;
    private int lastSigCode;
    /** The hart of the ecall being served (for rt_sigreturn). */
    private HartView currentHart;
    /** Set when the current call moved the pc itself (rt_sigreturn). */
    private boolean redirected;
    /** Address of the rt_sigreturn trampoline (handlers return to it through ra). */
    private long sigreturnTrampoline;

    private LinuxEnvironment(TaggedMemory memory, Path exe, ElfFile elf, LinuxOptions o)
            throws IOException, BadElfException {
        this.exe = exe.toRealPath();
        this.argv = o.argv.isEmpty() ? List.of(exe.toString()) : o.argv;
        this.space = new AddressSpace(memory, Math.max(16, o.maxMemory >> 12));
        this.sandbox = new FileSandbox(o.allowWrite);
        this.cwd = (o.cwd != null ? o.cwd : Path.of("")).toRealPath();
        this.disassembler = o.disassembler;
        this.trapHandlers = o.trapHandlers;
        this.seeded = o.randomSeed != null ? new SplittableRandom(o.randomSeed) : null;
        this.secure = o.randomSeed != null ? null : new SecureRandom();
        this.stdout = o.stdoutStream();
        this.stderr = o.stderrStream();
        this.pid = o.pid != null ? o.pid : ProcessHandle.current().pid();
        this.strace = o.strace == null ? null : new Strace(o.strace, pid);
        long[] ids = hostIds();
        this.uid = ids[0];
        this.gid = ids[1];

        if (elf.hasInterpreter()) {
            throw new BadElfException("dynamically linked (PT_INTERP " + elf.interpreter().get()
                    + "): only static executables are supported; link with -static");
        }
        if (elf.osAbi() != ElfFile.ELFOSABI_SYSV && elf.osAbi() != ElfFile.ELFOSABI_GNU) {
            throw new BadElfException("OS ABI " + elf.osAbi()
                    + (elf.osAbi() == ElfFile.ELFOSABI_FREEBSD ? " (FreeBSD)" : "") + ": not a Linux executable");
        }
        // Place the image like qemu-riscv64: ET_EXEC at its addresses, ET_DYN at 0x4000000000.
        long bias = 0;
        if (elf.isPositionIndependent()) {
            bias = TASK_UNMAPPED_BASE - AddressSpace.pageDown(elf.lowAddress());
        } else if (Long.compareUnsigned(elf.highAddress(), TASK_UNMAPPED_BASE) > 0) {
            throw new BadElfException(String.format("segment ending at 0x%x overlaps the stack area at 0x%x",
                    elf.highAddress(), TASK_UNMAPPED_BASE));
        }
        String name = this.exe.toString();
        for (org.cheriemu.emulator.loader.ProgramHeader ph : elf.loadSegments()) {
            if (ph.memsz() != 0) {
                long start = AddressSpace.pageDown(ph.vaddr() + bias);
                long end = AddressSpace.pageUp(ph.vaddr() + bias + ph.memsz());
                if (Long.compareUnsigned(ph.vaddr() + bias, ph.vaddr()) < 0 != (bias < 0)
                        || Long.compareUnsigned(end, start) <= 0
                        || Long.compareUnsigned(end, AddressSpace.USER_TOP - STACK_SIZE) > 0) {
                    throw new BadElfException(String.format(
                            "PT_LOAD segment at 0x%x (size 0x%x) does not fit in the user address space",
                            ph.vaddr(), ph.memsz()));
                }
                space.map(start, end, ph.prot(), name);
            }
        }
        this.image = ElfLoader.load(elf, memory, bias, ElfLoader.Mode.LINUX);
        long imageEnd = AddressSpace.pageUp(image.end());
        space.initBrk(imageEnd);

        long guard = elf.isPositionIndependent() ? imageEnd + PIE_BRK_GAP : TASK_UNMAPPED_BASE;
        if (Long.compareUnsigned(imageEnd, TASK_UNMAPPED_BASE) < 0 && elf.isPositionIndependent()
                || Long.compareUnsigned(guard, AddressSpace.USER_TOP - STACK_SIZE - 4 * AddressSpace.PAGE) > 0) {
            throw new BadElfException(String.format("image of 0x%x bytes does not fit in the user address space",
                    image.end() - image.start()));
        }
        long stackBottom = guard + AddressSpace.PAGE;
        long stackTop = stackBottom + STACK_SIZE;
        boolean execStack = elf.programHeaders().stream()
                .anyMatch(ph -> ph.type() == org.cheriemu.emulator.loader.ProgramHeader.PT_GNU_STACK
                        && (ph.flags() & org.cheriemu.emulator.loader.ProgramHeader.PF_X) != 0);
        space.map(guard, stackBottom, AddressSpace.PROT_NONE, "");
        space.map(stackBottom, stackTop, AddressSpace.PROT_READ | AddressSpace.PROT_WRITE
                | (execStack ? AddressSpace.PROT_EXEC : 0), "[stack]");
        space.map(stackTop, stackTop + AddressSpace.PAGE, AddressSpace.PROT_READ | AddressSpace.PROT_EXEC, "");
        space.setMmapBase(stackTop + AddressSpace.PAGE);
        // rt_sigreturn trampoline where QEMU keeps its own: li a7, 139; ecall
        sigreturnTrampoline = stackTop;
        byte[] tramp = {(byte) 0x93, 0x08, (byte) 0xb0, 0x08, 0x73, 0, 0, 0};
        space.writeUnchecked(stackTop, tramp, 0, tramp.length);

        byte[] random = new byte[16];
        fillRandom(random);
        InitialStack.Facts facts = new InitialStack.Facts(image.phdrAddress(), image.phent(), image.phnum(), 0,
                image.entry(), uid, uid, gid, gid, InitialStack.HWCAP_RV64GC, random);
        try {
            this.stackLayout = InitialStack.build(space, stackTop, STACK_SIZE, argv, o.envOrHost(),
                    argv.get(0), facts);
        } catch (ErrnoException e) {
            throw new IOException("arguments and environment do not fit on the 8 MiB stack");
        }
        this.entry = image.entry();
        this.initialSp = stackLayout.sp();

        InputStream in = o.stdinStream();
        boolean[] tty = o.hostStdio ? new boolean[] {hostIsTty(0), hostIsTty(1), hostIsTty(2)}
                : new boolean[] {o.ttyStdio, o.ttyStdio, o.ttyStdio};
        try {
            fds.installAt(0, new OpenFile.Stdio(o.hostStdio ? 0 : -1, in, null, tty[0]), false);
            fds.installAt(1, new OpenFile.Stdio(o.hostStdio ? 1 : -1, null, stdout, tty[1]), false);
            fds.installAt(2, new OpenFile.Stdio(o.hostStdio ? 2 : -1, null, stderr, tty[2]), false);
        } catch (ErrnoException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Loads static RISC-V 64 Linux executable {@code exe} into {@code memory} and prepares the
     * process. {@link BadElfException}: not a runnable static RISC-V ELF (exit status 65);
     * {@link IOException}: the file (or --allow-write directory) cannot be read.
     */
    public static LinuxEnvironment load(TaggedMemory memory, Path exe, LinuxOptions options)
            throws IOException, BadElfException {
        ElfFile elf = ElfFile.read(exe);
        try {
            return new LinuxEnvironment(memory, exe, elf, options);
        } catch (AddressSpace.MemoryLimitExceeded e) {
            throw new BadElfException("the image does not fit in the guest memory limit");
        } catch (RuntimeException e) {
            // a consistent ELF that still cannot be laid out: never a stack trace for the user
            throw new BadElfException("cannot be loaded as a Linux process (" + e.getMessage() + ")");
        }
    }

    // ------------------------------------------------------------------ accessors

    /** Initial pc. */
    public long entry() {
        return entry;
    }

    /** Initial stack pointer (x2); all other registers start at 0. */
    public long initialSp() {
        return initialSp;
    }

    public LoadedImage image() {
        return image;
    }

    /** Relocated symbols of the executable (for reports). */
    public SymbolTable symbols() {
        return image.symbols();
    }

    public AddressSpace addressSpace() {
        return space;
    }

    public InitialStack.Layout stackLayout() {
        return stackLayout;
    }

    /** The report of the trap that ended the guest, if one did. */
    public Optional<FaultReport> lastFault() {
        return Optional.ofNullable(lastFault);
    }

    /**
     * Number of system calls that failed through an unexpected host exception (not an I/O
     * error) and were answered with an errno; tests assert it stays 0.
     */
    public int internalErrors() {
        return internalErrors;
    }

    /** The last such exception, for diagnosis. */
    public Optional<Throwable> lastInternalError() {
        return Optional.ofNullable(lastInternalError);
    }

    /** The guest working directory (real path). */
    public Path cwd() {
        return cwd;
    }

    // ------------------------------------------------------------------ Environment

    @Override
    public Page resolvePage(long pageNumber, int access) {
        try {
            return space.resolvePage(pageNumber, access);
        } catch (AddressSpace.MemoryLimitExceeded e) {
            throw new GuestExit(128 + Signals.SIGKILL, "cheri-emu: " + e.getMessage() + ": guest killed");
        }
    }

    /** True under --strace: other services of the environment may log their calls with {@link #straceLine}. */
    public boolean straced() {
        return strace != null;
    }

    /** Under --strace, prints {@code PID text} as one line (a runtime service call, for example). */
    public void straceLine(String text) {
        if (strace != null) {
            strace.raw(pid + " " + text + "\n");
        }
    }

    @Override
    public void ecall(HartView hart) {
        long nr = hart.getX(17);
        long[] a = {hart.getX(10), hart.getX(11), hart.getX(12), hart.getX(13), hart.getX(14), hart.getX(15)};
        if (strace != null) {
            strace.call(nr, a, space);
        }
        long ret;
        currentHart = hart;
        redirected = false;
        try {
            ret = dispatch(nr, a);
        } catch (ErrnoException e) {
            ret = -e.errno();
        } catch (GuestExit e) {
            flushQuietly();
            throw e;
        } catch (AddressSpace.MemoryLimitExceeded e) {
            throw new GuestExit(128 + Signals.SIGKILL, "cheri-emu: " + e.getMessage() + ": guest killed");
        } catch (IOException e) {
            ret = -Errno.of(e);
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            // not an I/O condition: a bug here or a host limit; the guest still only sees an errno
            internalErrors++;
            lastInternalError = e;
            ret = -Errno.of(e);
        }
        if (strace != null) {
            strace.result(nr, ret, a, space);
        }
        hart.setX(10, ret);
        currentHart = null;
        if (fatalSignal != 0) {
            int sig = fatalSignal;
            fatalSignal = 0;
            terminate(sig);
        }
        if (handledSignal != 0) {
            int sig = handledSignal;
            handledSignal = 0;
            if (!runHandler(hart, sig, handledCode, redirected ? hart.pc() : hart.pc() + 4, -1)) {
                terminate(sig);
            }
        }
    }

    @Override
    public void unhandledTrap(HartView hart, long cause, long tval) {
        int sig;
        String causeName;
        switch ((int) cause) {
            case 0 -> { sig = Signals.SIGBUS; causeName = "instruction address misaligned"; }
            case 1 -> { sig = Signals.SIGSEGV; causeName = "instruction access fault"; }
            case 2 -> { sig = Signals.SIGILL; causeName = "illegal instruction"; }
            case 3 -> { sig = Signals.SIGTRAP; causeName = "breakpoint"; }
            case 4 -> { sig = Signals.SIGBUS; causeName = "load address misaligned"; }
            case 5 -> { sig = Signals.SIGSEGV; causeName = "load access fault"; }
            case 6 -> { sig = Signals.SIGBUS; causeName = "store/AMO address misaligned"; }
            case 7 -> { sig = Signals.SIGSEGV; causeName = "store/AMO access fault"; }
            case 12 -> { sig = Signals.SIGSEGV; causeName = "instruction page fault"; }
            case 13 -> { sig = Signals.SIGSEGV; causeName = "load page fault"; }
            case 15 -> { sig = Signals.SIGSEGV; causeName = "store/AMO page fault"; }
            case 26 -> { sig = Signals.SIGSEGV; causeName = "load capability page fault"; }
            case 27 -> { sig = Signals.SIGSEGV; causeName = "store/AMO capability page fault"; }
            case 28 -> { sig = Signals.SIGPROT; causeName = "CHERI " + cheriCause(tval); }
            default -> { sig = Signals.SIGILL; causeName = "trap cause " + cause; }
        }
        long pc = hart.pc();
        long insn = -1;
        String dis = null;
        if (space.find(pc) != null) {
            int lo = space.memory().load16(pc);
            insn = (lo & 3) == 3 ? Integer.toUnsignedLong(space.memory().load32(pc)) : lo;
            if (disassembler != null) {
                try {
                    dis = disassembler.disassemble(pc, (int) insn);
                } catch (RuntimeException e) {
                    dis = null;
                }
            }
        }
        // si_code: SEGV_MAPERR (1) unmapped / SEGV_ACCERR (2) protection; ILL_ILLOPC, BUS_ADRALN, TRAP_BRKPT = 1
        int code = sig == Signals.SIGSEGV && space.find(tval) != null ? 2 : 1;
        long addr = sig == Signals.SIGILL || sig == Signals.SIGTRAP ? pc : tval;
        if (strace != null) {
            strace.fault(sig, code, addr);
        }
        if (trapHandlers && sig < sigHandler.length && sigHandler[sig] > 1) {
            // Linux force_sig: a fault is delivered even if blocked
            blocked &= ~(1L << (sig - 1));
            if (runHandler(hart, sig, code, pc, addr)) {
                return; // the hart resumes at the handler (contract: see LinuxOptions.trapHandlers)
            }
        }
        String signame = sig == Signals.SIGPROT ? "SIGPROT" : sig == Signals.SIGABRT ? "SIGABRT" : Signals.name(sig);
        lastFault = new FaultReport(signame, 128 + sig, cause, causeName, tval, pc, insn,
                image.symbols().symbolize(pc), dis);
        flushQuietly();
        throw new GuestExit(128 + sig, lastFault.text());
    }

    private static String cheriCause(long tval) {
        int code = (int) (tval & 0x1f);
        int idx = (int) ((tval >>> 5) & 0x3f);
        String what = switch (code) {
            case 0x01 -> "length (bounds) violation";
            case 0x02 -> "tag violation";
            case 0x03 -> "seal violation";
            case 0x04 -> "type violation";
            case 0x08 -> "software-defined permission violation";
            case 0x10 -> "global violation";
            case 0x11 -> "permit-execute violation";
            case 0x12 -> "permit-load violation";
            case 0x13 -> "permit-store violation";
            case 0x14 -> "permit-load-capability violation";
            case 0x15 -> "permit-store-capability violation";
            case 0x16 -> "permit-store-local-capability violation";
            case 0x18 -> "access-system-registers violation";
            case 0x19 -> "permit-cinvoke violation";
            case 0x1c -> "permit-set-cid violation";
            default -> "capability exception " + code;
        };
        String reg = idx < 32 ? "c" + idx : idx == 0x20 ? "pcc" : idx == 0x21 ? "ddc" : "scr " + (idx & 0x1f);
        return what + " on " + reg;
    }

    // ------------------------------------------------------------------ dispatch

    private long dispatch(long nr, long[] a) throws Exception {
        if (nr != (int) nr) {
            return -Errno.ENOSYS; // the kernel compares the whole register
        }
        return switch ((int) nr) {
            case SyscallNames.GETCWD -> getcwd(a[0], a[1]);
            case SyscallNames.DUP -> fds.install(fds.get((int) a[0]), 0, false);
            case SyscallNames.DUP3 -> dup3((int) a[0], (int) a[1], (int) a[2]);
            case SyscallNames.PIPE2 -> pipe2(a[0], (int) a[1]);
            case SyscallNames.FCNTL -> fcntl((int) a[0], (int) a[1], a[2]);
            case SyscallNames.IOCTL -> ioctl((int) a[0], a[1], a[2]);
            case SyscallNames.MKDIRAT -> mkdirat((int) a[0], a[1], (int) a[2]);
            case SyscallNames.UNLINKAT -> unlinkat((int) a[0], a[1], (int) a[2]);
            case SyscallNames.RENAMEAT -> renameat((int) a[0], a[1], (int) a[2], a[3], 0);
            case SyscallNames.RENAMEAT2 -> renameat((int) a[0], a[1], (int) a[2], a[3], (int) a[4]);
            case SyscallNames.FTRUNCATE -> ftruncate((int) a[0], a[1]);
            case SyscallNames.TRUNCATE -> truncate(a[0], a[1]);
            case SyscallNames.SYMLINKAT -> symlinkat(a[0], (int) a[1], a[2]);
            case SyscallNames.LINKAT -> linkat((int) a[0], a[1], (int) a[2], a[3], (int) a[4]);
            case SyscallNames.FCHMODAT -> fchmodat((int) a[0], a[1], (int) a[2]);
            case SyscallNames.FCHMOD -> fchmod((int) a[0], (int) a[1]);
            case SyscallNames.UTIMENSAT -> utimensat((int) a[0], a[1], a[2], (int) a[3]);
            case SyscallNames.FACCESSAT -> faccessat((int) a[0], a[1], (int) a[2], 0);
            case SyscallNames.FACCESSAT2 -> faccessat((int) a[0], a[1], (int) a[2], (int) a[3]);
            case SyscallNames.CHDIR -> chdir(a[0]);
            case SyscallNames.FCHDIR -> fchdir((int) a[0]);
            case SyscallNames.OPENAT -> openat((int) a[0], a[1], (int) a[2], (int) a[3]);
            case SyscallNames.CLOSE -> close((int) a[0]);
            case SyscallNames.GETDENTS64 -> getdents64((int) a[0], a[1], a[2]);
            case SyscallNames.LSEEK -> lseek((int) a[0], a[1], (int) a[2]);
            case SyscallNames.READ -> read((int) a[0], a[1], a[2], -1);
            case SyscallNames.WRITE -> write((int) a[0], a[1], a[2], -1);
            case SyscallNames.READV -> readv((int) a[0], a[1], a[2]);
            case SyscallNames.WRITEV -> writev((int) a[0], a[1], a[2]);
            case SyscallNames.PREAD64 -> positional((int) a[0], a[3]) ? read((int) a[0], a[1], a[2], a[3]) : 0;
            case SyscallNames.PWRITE64 -> positional((int) a[0], a[3]) ? write((int) a[0], a[1], a[2], a[3]) : 0;
            case SyscallNames.READLINKAT -> readlinkat((int) a[0], a[1], a[2], a[3]);
            case SyscallNames.NEWFSTATAT -> newfstatat((int) a[0], a[1], a[2], (int) a[3]);
            case SyscallNames.FSTAT -> fstat((int) a[0], a[1]);
            case SyscallNames.FSYNC, SyscallNames.FDATASYNC -> {
                fds.get((int) a[0]);
                yield 0;
            }
            case SyscallNames.EXIT, SyscallNames.EXIT_GROUP -> {
                flushQuietly();
                fds.closeAll();
                throw new GuestExit((int) (a[0] & 0xff), null);
            }
            case SyscallNames.SET_TID_ADDRESS -> pid;
            case SyscallNames.SET_ROBUST_LIST -> -Errno.ENOSYS; // as qemu-riscv64 7.2
            case SyscallNames.FUTEX -> futex(a[0], (int) a[1], (int) a[2], a[3]);
            case SyscallNames.NANOSLEEP -> nanosleep(a[0], a[1]);
            case SyscallNames.CLOCK_NANOSLEEP -> clockNanosleep((int) a[0], (int) a[1], a[2], a[3]);
            case SyscallNames.CLOCK_GETTIME -> clockGettime((int) a[0], a[1]);
            case SyscallNames.CLOCK_GETRES -> clockGetres((int) a[0], a[1]);
            case SyscallNames.GETTIMEOFDAY -> gettimeofday(a[0]);
            case SyscallNames.SCHED_YIELD -> 0;
            case SyscallNames.KILL -> kill(a[0], (int) a[1]);
            case SyscallNames.TKILL -> a[0] == pid ? raise((int) a[1], SI_TKILL) : -Errno.ESRCH;
            case SyscallNames.TGKILL -> a[0] == pid && a[1] == pid ? raise((int) a[2], SI_TKILL) : -Errno.ESRCH;
            case SyscallNames.RT_SIGACTION -> rtSigaction((int) a[0], a[1], a[2], a[3]);
            case SyscallNames.RT_SIGPROCMASK -> rtSigprocmask((int) a[0], a[1], a[2], a[3]);
            case SyscallNames.RT_SIGRETURN -> rtSigreturn(currentHart);
            case SyscallNames.SIGALTSTACK -> sigaltstack(a[0], a[1]);
            case SyscallNames.UNAME -> uname(a[0]);
            case SyscallNames.GETRLIMIT -> prlimit(0, (int) a[0], 0, a[1]);
            case SyscallNames.SETRLIMIT -> 0;
            case SyscallNames.PRLIMIT64 -> prlimit(a[0], (int) a[1], a[2], a[3]);
            case SyscallNames.GETRUSAGE -> getrusage(a[1]);
            case SyscallNames.UMASK -> {
                int old = umask;
                umask = (int) a[0] & 0777;
                yield old;
            }
            case SyscallNames.GETPID, SyscallNames.GETTID -> pid;
            case SyscallNames.GETPPID -> ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(1L);
            case SyscallNames.GETUID, SyscallNames.GETEUID -> uid;
            case SyscallNames.GETGID, SyscallNames.GETEGID -> gid;
            case SyscallNames.BRK -> space.setBrk(a[0]);
            case SyscallNames.MMAP -> mmap(a[0], a[1], (int) a[2], (int) a[3], (int) a[4], a[5]);
            case SyscallNames.MUNMAP -> munmap(a[0], a[1]);
            case SyscallNames.MREMAP -> mremap(a[0], a[1], a[2], (int) a[3], a[4]);
            case SyscallNames.MPROTECT -> mprotect(a[0], a[1], (int) a[2]);
            case SyscallNames.MADVISE -> madvise(a[0], a[1], (int) a[2]);
            case SyscallNames.RISCV_FLUSH_ICACHE -> 0;
            case SyscallNames.GETRANDOM -> getrandom(a[0], a[1]);
            case SyscallNames.SYSINFO -> sysinfo(a[0]);
            case SyscallNames.SCHED_GETAFFINITY -> schedGetaffinity(a[0], a[1], a[2]);
            case SyscallNames.SCHED_SETAFFINITY, SyscallNames.SETPRIORITY, SyscallNames.MLOCK, SyscallNames.MUNLOCK,
                    SyscallNames.MLOCKALL, SyscallNames.MUNLOCKALL, SyscallNames.FADVISE64 -> 0;
            case SyscallNames.MSYNC -> (a[0] & (AddressSpace.PAGE - 1)) != 0 ? -Errno.EINVAL : 0;
            case SyscallNames.SCHED_GET_PRIORITY_MAX, SyscallNames.SCHED_GET_PRIORITY_MIN -> 0;
            case SyscallNames.GETPRIORITY -> 20;     // the kernel returns 20 - nice
            case SyscallNames.GETRESUID -> getres(a, uid);
            case SyscallNames.GETRESGID -> getres(a, gid);
            case SyscallNames.GETGROUPS -> 0;
            case SyscallNames.GETCPU -> getcpu(a[0], a[1]);
            case SyscallNames.TIMES -> times(a[0]);
            case SyscallNames.PRCTL -> prctl((int) a[0], a[1]);
            case SyscallNames.WAIT4 -> -Errno.ECHILD; // no children: clone/fork are not supported
            case SyscallNames.PPOLL -> ppoll(a[0], a[1], a[2]);
            default -> -Errno.ENOSYS;
        };
    }

    // ------------------------------------------------------------------ files: paths

    private final FileSandbox.Process proc = new FileSandbox.Process() {
        @Override
        public Path exe() {
            return exe;
        }

        @Override
        public Path cwd() {
            return cwd;
        }

        @Override
        public Path fdPath(int fd) {
            OpenFile f = fds.peek(fd);
            return f == null ? null : f.path();
        }
    };

    private String pathArg(long addr) throws ErrnoException {
        return space.readCString(addr, 4096);
    }

    /** Base directory for a relative path under {@code dirfd}. */
    private Path base(int dirfd, String path) throws ErrnoException {
        if (path.startsWith("/") || dirfd == AT_FDCWD) {
            return cwd;
        }
        OpenFile f = fds.get(dirfd);
        if (!(f instanceof OpenFile.Directory d)) {
            throw new ErrnoException(Errno.ENOTDIR);
        }
        return d.path;
    }

    private Path resolve(int dirfd, String path, boolean follow) throws ErrnoException {
        return sandbox.resolve(base(dirfd, path), path, follow, proc);
    }

    private static boolean isVirtual(Path p) {
        return p.startsWith(FileSandbox.PROC_SELF);
    }

    // ------------------------------------------------------------------ files: open/close

    private long openat(int dirfd, long pathAddr, int flags, int mode) throws Exception {
        String path = pathArg(pathAddr);
        boolean creat = (flags & O_CREAT) != 0;
        boolean excl = creat && (flags & O_EXCL) != 0;
        boolean follow = (flags & O_NOFOLLOW) == 0 && !excl;
        int acc = flags & O_ACCMODE;
        boolean cloexec = (flags & O_CLOEXEC) != 0;
        Path p = resolve(dirfd, path, follow);
        if (isVirtual(p)) {
            String rel = FileSandbox.PROC_SELF.relativize(p).toString();
            if (rel.startsWith("fd/")) {
                // /proc/self/fd/N of a stream or pipe (/dev/stdout, /dev/fd/N): the same open file
                OpenFile f = openVirtual(p);
                if ((acc != 1 && !f.readable()) || (acc != 0 && !f.writable())) {
                    throw new ErrnoException(Errno.EACCES);
                }
                return fds.install(f, 0, cloexec);
            }
            if (acc != 0 || creat || (flags & O_TRUNC) != 0) {
                throw new ErrnoException(Errno.EACCES);
            }
            return fds.install(openVirtual(p), 0, cloexec);
        }
        boolean exists = Files.exists(p, LinkOption.NOFOLLOW_LINKS);
        if (excl && exists) {
            throw new ErrnoException(Errno.EEXIST);
        }
        if (exists && Files.isSymbolicLink(p)) {
            throw new ErrnoException(Errno.ELOOP); // O_NOFOLLOW on a symlink
        }
        if (!exists && !creat) {
            throw new ErrnoException(Errno.ENOENT);
        }
        if (exists && Files.isDirectory(p)) {
            if (acc != 0 || creat) {
                throw new ErrnoException(Errno.EISDIR);
            }
            if (!Files.isReadable(p)) {
                throw new ErrnoException(Errno.EACCES);
            }
            return fds.install(new OpenFile.Directory(p, flags), 0, cloexec);
        }
        if ((flags & O_DIRECTORY) != 0) {
            throw new ErrnoException(exists ? Errno.ENOTDIR : Errno.ENOENT);
        }
        boolean write = acc != 0;
        boolean trunc = (flags & O_TRUNC) != 0 && write;
        if (!exists) {
            if (!sandbox.mayModify(p)) {
                throw new ErrnoException(Errno.EACCES);
            }
            Path parent = p.getParent();
            if (parent == null || !Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
                throw new ErrnoException(Errno.ENOENT);
            }
        } else if ((write || trunc) && !sandbox.mayOpenForWrite(p)) {
            throw new ErrnoException(Errno.EACCES);
        }
        Set<OpenOption> opts = new HashSet<>();
        opts.add(LinkOption.NOFOLLOW_LINKS);
        if (acc != O_WRONLY) {
            opts.add(StandardOpenOption.READ);
        }
        if (write) {
            opts.add(StandardOpenOption.WRITE);
        }
        if (trunc) {
            opts.add(StandardOpenOption.TRUNCATE_EXISTING);
        }
        FileChannel ch;
        if (!exists) {
            opts.add(StandardOpenOption.CREATE_NEW);
            if (!write) {
                opts.add(StandardOpenOption.WRITE); // creating needs write access to the channel in Java
            }
            FileAttribute<Set<PosixFilePermission>> perms = PosixFilePermissions.asFileAttribute(
                    permissions(mode & ~umask & 0777));
            ch = FileChannel.open(p, opts, perms);
        } else {
            ch = FileChannel.open(p, opts);
        }
        return fds.install(new OpenFile.HostFile(ch, p, flags), 0, cloexec);
    }

    private OpenFile openVirtual(Path p) throws ErrnoException {
        String rel = FileSandbox.PROC_SELF.relativize(p).toString();
        switch (rel) {
            case "maps":
                return new OpenFile.Virtual("maps", space.procMaps().getBytes(StandardCharsets.UTF_8));
            case "cmdline": {
                StringBuilder sb = new StringBuilder();
                for (String s : argv) {
                    sb.append(s).append('\0');
                }
                return new OpenFile.Virtual("cmdline", sb.toString().getBytes(StandardCharsets.UTF_8));
            }
            default:
                if (rel.startsWith("fd/")) {
                    try {
                        return fds.get(Integer.parseInt(rel.substring(3)));
                    } catch (NumberFormatException e) {
                        throw new ErrnoException(Errno.ENOENT);
                    }
                }
                throw new ErrnoException(Errno.ENOENT);
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = new HashSet<>();
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_READ};
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << i)) != 0) {
                s.add(order[i]);
            }
        }
        return s;
    }

    private long close(int fd) throws ErrnoException {
        fds.close(fd);
        return 0;
    }

    private long dup3(int oldfd, int newfd, int flags) throws ErrnoException {
        OpenFile f = fds.get(oldfd);
        if (oldfd == newfd || (flags & ~O_CLOEXEC) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        fds.installAt(newfd, f, (flags & O_CLOEXEC) != 0);
        return newfd;
    }

    private long pipe2(long fdsAddr, int flags) throws ErrnoException {
        if ((flags & ~(O_CLOEXEC | O_NONBLOCK)) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        space.check(fdsAddr, 8, AddressSpace.PROT_WRITE);
        OpenFile.PipeEnd.Buffer buf = new OpenFile.PipeEnd.Buffer();
        boolean cloexec = (flags & O_CLOEXEC) != 0;
        int r = fds.install(new OpenFile.PipeEnd(buf, true, flags), 0, cloexec);
        int w;
        try {
            w = fds.install(new OpenFile.PipeEnd(buf, false, flags), 0, cloexec);
        } catch (ErrnoException e) {
            fds.close(r);
            throw e;
        }
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(r).putInt(w);
        space.write(fdsAddr, b.array());
        return 0;
    }

    private long fcntl(int fd, int cmd, long arg) throws ErrnoException {
        OpenFile f = fds.get(fd);
        return switch (cmd) {
            case 0 -> fds.install(f, (int) arg, false);        // F_DUPFD
            case 1030 -> fds.install(f, (int) arg, true);      // F_DUPFD_CLOEXEC
            case 1 -> fds.closeOnExec(fd) ? 1 : 0;              // F_GETFD
            case 2 -> {                                          // F_SETFD
                fds.setCloseOnExec(fd, (arg & 1) != 0);
                yield 0;
            }
            case 3 -> f.flags() | 0x8000;                       // F_GETFL (O_LARGEFILE as the kernel reports)
            case 4 -> {                                          // F_SETFL: O_APPEND, O_NONBLOCK
                if (f instanceof OpenFile.HostFile h) {
                    h.flags = (h.flags & ~(O_APPEND | O_NONBLOCK)) | ((int) arg & (O_APPEND | O_NONBLOCK));
                }
                yield 0;
            }
            case 5, 6, 7 -> 0;                                   // F_GETLK/F_SETLK/F_SETLKW: no other process
            default -> -Errno.EINVAL;
        };
    }

    // ------------------------------------------------------------------ files: read/write

    private static final int IO_CHUNK = 1 << 24;

    private boolean positional(int fd, long offset) throws ErrnoException {
        OpenFile f = fds.get(fd);
        if (f instanceof OpenFile.Stdio || f instanceof OpenFile.PipeEnd) {
            throw new ErrnoException(Errno.ESPIPE);
        }
        if (offset < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return true;
    }

    /** read / pread64 ({@code pos} ≥ 0). */
    private long read(int fd, long buf, long count, long pos) throws Exception {
        OpenFile f = fds.get(fd);
        if (count < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        int n = (int) Math.min(count, IO_CHUNK);
        if (f instanceof OpenFile.Directory) {
            throw new ErrnoException(Errno.EISDIR);
        }
        if (!f.readable()) {
            throw new ErrnoException(Errno.EBADF);
        }
        space.check(buf, n, AddressSpace.PROT_WRITE);
        if (n == 0) {
            return 0;
        }
        byte[] data;
        int got;
        switch (f) {
            case OpenFile.Stdio s -> {
                if (s.in == null) {
                    throw new ErrnoException(Errno.EBADF);
                }
                data = new byte[n];
                got = s.in.read(data, 0, n);
            }
            case OpenFile.HostFile h -> {
                ByteBuffer bb = ByteBuffer.allocate(n);
                got = pos >= 0 ? h.channel.read(bb, pos) : h.channel.read(bb);
                data = bb.array();
            }
            case OpenFile.PipeEnd pe -> {
                if (pos >= 0) {
                    throw new ErrnoException(Errno.ESPIPE);
                }
                if (pe.buffer.size == 0 && pe.buffer.writers > 0) {
                    // nothing can arrive while this (single) thread waits: would block forever
                    throw new ErrnoException(Errno.EAGAIN);
                }
                data = pe.read(n);
                got = data.length;
            }
            case OpenFile.Virtual v -> {
                ByteBuffer bb = ByteBuffer.allocate(n);
                got = v.read(bb, pos >= 0 ? pos : v.position);
                if (pos < 0) {
                    v.position += got;
                }
                data = bb.array();
            }
            default -> throw new ErrnoException(Errno.EBADF);
        }
        if (got <= 0) {
            return 0;
        }
        space.write(buf, data, 0, got);
        return got;
    }

    /** write / pwrite64 ({@code pos} ≥ 0). */
    private long write(int fd, long buf, long count, long pos) throws Exception {
        OpenFile f = fds.get(fd);
        if (count < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (!f.writable() || f instanceof OpenFile.Directory || f instanceof OpenFile.Virtual) {
            throw new ErrnoException(Errno.EBADF);
        }
        int n = (int) Math.min(count, IO_CHUNK);
        byte[] data = space.read(buf, n);
        return writeBytes(f, data, pos);
    }

    private long writeBytes(OpenFile f, byte[] data, long pos) throws Exception {
        switch (f) {
            case OpenFile.Stdio s -> {
                try {
                    s.out.write(data);
                    s.out.flush();
                } catch (IOException e) {
                    if (Errno.of(e) == Errno.EPIPE || String.valueOf(e.getMessage()).contains("pipe")) {
                        raise(Signals.SIGPIPE, SI_KERNEL);
                        throw new ErrnoException(Errno.EPIPE);
                    }
                    throw e;
                }
                return data.length;
            }
            case OpenFile.PipeEnd pe -> {
                if (pos >= 0) {
                    throw new ErrnoException(Errno.ESPIPE);
                }
                if (pe.buffer.readers == 0) {
                    raise(Signals.SIGPIPE, SI_KERNEL);
                    throw new ErrnoException(Errno.EPIPE);
                }
                if (data.length == 0) {
                    return 0;
                }
                int k = pe.write(data);
                if (k == 0) {
                    throw new ErrnoException(Errno.EAGAIN); // full, and no other thread will drain it
                }
                return k;
            }
            case OpenFile.HostFile h -> {
                ByteBuffer bb = ByteBuffer.wrap(data);
                if (pos >= 0) {
                    long p = pos;
                    while (bb.hasRemaining()) {
                        p += h.channel.write(bb, p);
                    }
                } else {
                    if ((h.flags & O_APPEND) != 0) {
                        h.channel.position(h.channel.size());
                    }
                    while (bb.hasRemaining()) {
                        h.channel.write(bb);
                    }
                }
                return data.length;
            }
            default -> throw new ErrnoException(Errno.EBADF);
        }
    }

    private long[] iovecs(long iov, long cnt) throws ErrnoException {
        if (cnt < 0 || cnt > 1024) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long[] v = new long[(int) cnt * 2];
        for (int i = 0; i < cnt; i++) {
            v[2 * i] = space.read64(iov + 16L * i);
            v[2 * i + 1] = space.read64(iov + 16L * i + 8);
            if (v[2 * i + 1] < 0) {
                throw new ErrnoException(Errno.EINVAL);
            }
        }
        return v;
    }

    private long writev(int fd, long iov, long cnt) throws Exception {
        OpenFile f = fds.get(fd);
        long[] v = iovecs(iov, cnt);
        if (!f.writable() || f instanceof OpenFile.Directory || f instanceof OpenFile.Virtual) {
            throw new ErrnoException(Errno.EBADF);
        }
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < cnt; i++) {
            int len = (int) Math.min(v[2 * i + 1], IO_CHUNK - all.size());
            all.write(space.read(v[2 * i], len));
        }
        return writeBytes(f, all.toByteArray(), -1);
    }

    private long readv(int fd, long iov, long cnt) throws Exception {
        long[] v = iovecs(iov, cnt);
        long total = 0;
        for (int i = 0; i < cnt; i++) {
            if (v[2 * i + 1] == 0) {
                continue;
            }
            long got = read(fd, v[2 * i], v[2 * i + 1], -1);
            total += got;
            if (got < v[2 * i + 1]) {
                break;
            }
        }
        return total;
    }

    private long lseek(int fd, long off, int whence) throws Exception {
        OpenFile f = fds.get(fd);
        switch (f) {
            case OpenFile.HostFile h -> {
                long base = switch (whence) {
                    case 0 -> 0;
                    case 1 -> h.channel.position();
                    case 2 -> h.channel.size();
                    default -> throw new ErrnoException(Errno.EINVAL);
                };
                long np = base + off;
                if (np < 0) {
                    throw new ErrnoException(Errno.EINVAL);
                }
                h.channel.position(np);
                return np;
            }
            case OpenFile.Virtual v -> {
                long base = switch (whence) {
                    case 0 -> 0;
                    case 1 -> v.position;
                    case 2 -> v.data.length;
                    default -> throw new ErrnoException(Errno.EINVAL);
                };
                if (base + off < 0) {
                    throw new ErrnoException(Errno.EINVAL);
                }
                v.position = base + off;
                return v.position;
            }
            case OpenFile.Directory d -> {
                if (whence != 0 || off < 0) {
                    throw new ErrnoException(Errno.EINVAL);
                }
                d.position = (int) Math.min(off, Integer.MAX_VALUE);
                return off;
            }
            case OpenFile.Stdio s -> {
                // a redirected regular file is seekable, as it is for the guest under qemu
                FileChannel ch = s.in instanceof java.io.FileInputStream fi ? fi.getChannel()
                        : s.out instanceof java.io.FileOutputStream fo ? fo.getChannel() : null;
                if (ch == null || s.hostFd < 0) {
                    throw new ErrnoException(Errno.ESPIPE);
                }
                try {
                    long base = switch (whence) {
                        case 0 -> 0;
                        case 1 -> ch.position();
                        case 2 -> ch.size();
                        default -> throw new ErrnoException(Errno.EINVAL);
                    };
                    if (base + off < 0) {
                        throw new ErrnoException(Errno.EINVAL);
                    }
                    ch.position(base + off);
                    return base + off;
                } catch (IOException e) {
                    throw new ErrnoException(Errno.ESPIPE);
                }
            }
            default -> throw new ErrnoException(Errno.ESPIPE);
        }
    }

    private long ftruncate(int fd, long len) throws Exception {
        OpenFile f = fds.get(fd);
        if (len < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (!(f instanceof OpenFile.HostFile h) || !f.writable()) {
            throw new ErrnoException(f instanceof OpenFile.HostFile ? Errno.EBADF : Errno.EINVAL);
        }
        long size = h.channel.size();
        if (len < size) {
            h.channel.truncate(len);
        } else if (len > size) {
            h.channel.write(ByteBuffer.wrap(new byte[1]), len - 1);
        }
        return 0;
    }

    // ------------------------------------------------------------------ files: metadata

    private long getcwd(long buf, long size) throws ErrnoException {
        byte[] s = (cwd.toString() + "\0").getBytes(StandardCharsets.UTF_8);
        if (size < s.length) {
            throw new ErrnoException(Errno.ERANGE);
        }
        space.write(buf, s);
        return s.length;
    }

    private long chdir(long pathAddr) throws Exception {
        Path p = resolve(AT_FDCWD, pathArg(pathAddr), true);
        return setCwd(p);
    }

    private long fchdir(int fd) throws Exception {
        OpenFile f = fds.get(fd);
        if (!(f instanceof OpenFile.Directory d)) {
            throw new ErrnoException(Errno.ENOTDIR);
        }
        return setCwd(d.path);
    }

    private long setCwd(Path p) throws ErrnoException {
        if (isVirtual(p) || !Files.exists(p)) {
            throw new ErrnoException(Errno.ENOENT);
        }
        if (!Files.isDirectory(p)) {
            throw new ErrnoException(Errno.ENOTDIR);
        }
        cwd = p;
        return 0;
    }

    private long readlinkat(int dirfd, long pathAddr, long buf, long size) throws Exception {
        if (size <= 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        Path p = resolve(dirfd, pathArg(pathAddr), false);
        String target;
        if (isVirtual(p)) {
            String rel = FileSandbox.PROC_SELF.relativize(p).toString();
            if (rel.equals("exe")) {
                target = exe.toString();
            } else if (rel.equals("cwd")) {
                target = cwd.toString();
            } else if (rel.equals("root")) {
                target = "/";
            } else if (rel.startsWith("fd/")) {
                OpenFile f;
                try {
                    f = fds.get(Integer.parseInt(rel.substring(3)));
                } catch (NumberFormatException e) {
                    throw new ErrnoException(Errno.ENOENT);
                }
                target = f.path() != null ? f.path().toString()
                        : f instanceof OpenFile.Stdio s && s.hostFd >= 0 ? hostLink(s.hostFd) : "pipe:[0]";
            } else {
                throw new ErrnoException(Errno.EINVAL);
            }
        } else {
            if (!Files.isSymbolicLink(p)) {
                throw new ErrnoException(Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? Errno.EINVAL : Errno.ENOENT);
            }
            target = Files.readSymbolicLink(p).toString();
        }
        byte[] b = target.getBytes(StandardCharsets.UTF_8);
        int n = (int) Math.min(b.length, size);
        space.write(buf, b, 0, n);
        return n;
    }

    private static String hostLink(int fd) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
        } catch (IOException | RuntimeException e) {
            return "pipe:[0]";
        }
    }

    private long faccessat(int dirfd, long pathAddr, int mode, int flags) throws Exception {
        if ((mode & ~7) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        Path p = resolve(dirfd, pathArg(pathAddr), (flags & AT_SYMLINK_NOFOLLOW) == 0);
        if (isVirtual(p)) {
            openVirtual(p);
            return (mode & 2) != 0 ? -Errno.EACCES : 0;
        }
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new ErrnoException(Errno.ENOENT);
        }
        if ((mode & 4) != 0 && !Files.isReadable(p)) {
            throw new ErrnoException(Errno.EACCES);
        }
        if ((mode & 2) != 0 && (!Files.isWritable(p) || !(Files.isDirectory(p) ? sandbox.mayModify(p.resolve("x"))
                : sandbox.mayOpenForWrite(p)))) {
            throw new ErrnoException(Errno.EACCES);
        }
        if ((mode & 1) != 0 && !Files.isExecutable(p)) {
            throw new ErrnoException(Errno.EACCES);
        }
        return 0;
    }

    private long newfstatat(int dirfd, long pathAddr, long statbuf, int flags) throws Exception {
        String path = pathArg(pathAddr);
        if (path.isEmpty()) {
            if ((flags & AT_EMPTY_PATH) == 0) {
                throw new ErrnoException(Errno.ENOENT);
            }
            if (dirfd == AT_FDCWD) {
                return statPath(cwd, true, statbuf);
            }
            return fstat(dirfd, statbuf);
        }
        Path p = resolve(dirfd, path, (flags & AT_SYMLINK_NOFOLLOW) == 0);
        if (isVirtual(p)) {
            OpenFile f = openVirtual(p);
            return statOpen(f, statbuf);
        }
        return statPath(p, false, statbuf);
    }

    private long fstat(int fd, long statbuf) throws Exception {
        return statOpen(fds.get(fd), statbuf);
    }

    private long statOpen(OpenFile f, long statbuf) throws Exception {
        return switch (f) {
            case OpenFile.HostFile h -> statPath(h.path, true, statbuf);
            case OpenFile.Directory d -> statPath(d.path, true, statbuf);
            case OpenFile.Stdio s -> {
                if (s.hostFd >= 0) {
                    try {
                        yield statPath(Path.of("/proc/self/fd/" + s.hostFd), true, statbuf);
                    } catch (IOException | ErrnoException e) {
                        // fall through to a synthetic answer
                    }
                }
                yield writeStat(statbuf, 0, 0, s.tty ? 0020620 : 0010600, 1, uid, gid, 0, 0, 1024, 0, 0, 0);
            }
            case OpenFile.Virtual v -> writeStat(statbuf, 0, 0, 0100444, 1, uid, gid, 0, 0, 0, 0, 0, 0);
            case OpenFile.PipeEnd p -> writeStat(statbuf, 0, System.identityHashCode(p.buffer), 0010600, 1, uid, gid,
                    0, 0, 4096, 0, 0, 0);
        };
    }

    private long statPath(Path p, boolean follow, long statbuf) throws Exception {
        Map<String, Object> at = follow ? Files.readAttributes(p, "unix:*")
                : Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
        long size = ((Number) at.get("size")).longValue();
        return writeStat(statbuf, ((Number) at.get("dev")).longValue(), ((Number) at.get("ino")).longValue(),
                ((Number) at.get("mode")).intValue(), ((Number) at.get("nlink")).intValue(),
                ((Number) at.get("uid")).intValue(), ((Number) at.get("gid")).intValue(),
                ((Number) at.get("rdev")).longValue(), size, 4096,
                nanos((FileTime) at.get("lastAccessTime")), nanos((FileTime) at.get("lastModifiedTime")),
                nanos((FileTime) at.get("ctime")));
    }

    private static long nanos(FileTime t) {
        Instant i = t.toInstant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /** struct stat of asm-generic (RISC-V 64), 128 bytes. */
    private long writeStat(long statbuf, long dev, long ino, int mode, int nlink, long suid, long sgid, long rdev,
                           long size, int blksize, long atime, long mtime, long ctime) throws ErrnoException {
        ByteBuffer b = ByteBuffer.allocate(128).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, dev);
        b.putLong(8, ino);
        b.putInt(16, mode);
        b.putInt(20, nlink);
        b.putInt(24, (int) suid);
        b.putInt(28, (int) sgid);
        b.putLong(32, rdev);
        b.putLong(48, size);
        b.putInt(56, blksize);
        b.putLong(64, (size + 511) / 512);
        b.putLong(72, Math.floorDiv(atime, 1_000_000_000L));
        b.putLong(80, Math.floorMod(atime, 1_000_000_000L));
        b.putLong(88, Math.floorDiv(mtime, 1_000_000_000L));
        b.putLong(96, Math.floorMod(mtime, 1_000_000_000L));
        b.putLong(104, Math.floorDiv(ctime, 1_000_000_000L));
        b.putLong(112, Math.floorMod(ctime, 1_000_000_000L));
        space.write(statbuf, b.array());
        return 0;
    }

    private long getdents64(int fd, long buf, long count) throws Exception {
        OpenFile f = fds.get(fd);
        if (!(f instanceof OpenFile.Directory d)) {
            throw new ErrnoException(Errno.ENOTDIR);
        }
        if (d.entries == null) {
            d.entries = listDirectory(d.path);
        }
        int cap = (int) Math.min(Math.max(count, 0), IO_CHUNK);
        ByteBuffer out = ByteBuffer.allocate(cap).order(ByteOrder.LITTLE_ENDIAN);
        while (d.position < d.entries.size()) {
            OpenFile.DirEntry e = d.entries.get(d.position);
            byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
            int reclen = (19 + name.length + 1 + 7) & ~7;
            if (out.remaining() < reclen) {
                if (out.position() == 0) {
                    throw new ErrnoException(Errno.EINVAL);
                }
                break;
            }
            int start = out.position();
            out.putLong(e.ino());
            out.putLong(d.position + 1);
            out.putShort((short) reclen);
            out.put((byte) e.type());
            out.put(name);
            while (out.position() < start + reclen) {
                out.put((byte) 0);
            }
            d.position++;
        }
        space.write(buf, out.array(), 0, out.position());
        return out.position();
    }

    private static List<OpenFile.DirEntry> listDirectory(Path dir) throws IOException {
        List<OpenFile.DirEntry> list = new ArrayList<>();
        list.add(new OpenFile.DirEntry(".", ino(dir), 4));
        list.add(new OpenFile.DirEntry("..", ino(dir.getParent() == null ? dir : dir.getParent()), 4));
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                int type = 0;
                long ino = 0;
                try {
                    Map<String, Object> at = Files.readAttributes(p, "unix:mode,ino", LinkOption.NOFOLLOW_LINKS);
                    type = (((Number) at.get("mode")).intValue() >> 12) & 0xf;
                    ino = ((Number) at.get("ino")).longValue();
                } catch (IOException | RuntimeException e) {
                    // vanished or unreadable: DT_UNKNOWN
                }
                list.add(new OpenFile.DirEntry(p.getFileName().toString(), ino, type));
            }
        }
        return list;
    }

    private static long ino(Path p) {
        try {
            return ((Number) Files.getAttribute(p, "unix:ino")).longValue();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    // ------------------------------------------------------------------ files: modification

    private long mkdirat(int dirfd, long pathAddr, int mode) throws Exception {
        Path p = resolve(dirfd, pathArg(pathAddr), false);
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new ErrnoException(Errno.EEXIST);
        }
        if (isVirtual(p) || !sandbox.mayModify(p)) {
            throw new ErrnoException(Errno.EACCES);
        }
        Files.createDirectory(p, PosixFilePermissions.asFileAttribute(permissions(mode & ~umask & 0777)));
        return 0;
    }

    private long unlinkat(int dirfd, long pathAddr, int flags) throws Exception {
        Path p = resolve(dirfd, pathArg(pathAddr), false);
        if (isVirtual(p)) {
            throw new ErrnoException(Errno.EACCES);
        }
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new ErrnoException(Errno.ENOENT);
        }
        boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
        if ((flags & AT_REMOVEDIR) != 0 && !dir) {
            throw new ErrnoException(Errno.ENOTDIR);
        }
        if ((flags & AT_REMOVEDIR) == 0 && dir) {
            throw new ErrnoException(Errno.EISDIR);
        }
        if (!sandbox.mayModify(p)) {
            throw new ErrnoException(Errno.EACCES);
        }
        Files.delete(p);
        return 0;
    }

    private long renameat(int olddir, long oldAddr, int newdir, long newAddr, int flags) throws Exception {
        if ((flags & ~1) != 0) {
            throw new ErrnoException(Errno.EINVAL); // only RENAME_NOREPLACE
        }
        Path from = resolve(olddir, pathArg(oldAddr), false);
        Path to = resolve(newdir, pathArg(newAddr), false);
        if (isVirtual(from) || isVirtual(to)) {
            throw new ErrnoException(Errno.EACCES);
        }
        if (!Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
            throw new ErrnoException(Errno.ENOENT);
        }
        if (!sandbox.mayModify(from) || !sandbox.mayModify(to)) {
            throw new ErrnoException(Errno.EACCES);
        }
        if (to.startsWith(from) && !to.equals(from)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if ((flags & 1) != 0 && Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
            throw new ErrnoException(Errno.EEXIST);
        }
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        return 0;
    }

    private long truncate(long pathAddr, long len) throws Exception {
        if (len < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        Path p = resolve(AT_FDCWD, pathArg(pathAddr), true);
        if (isVirtual(p) || !Files.exists(p)) {
            throw new ErrnoException(isVirtual(p) ? Errno.EACCES : Errno.ENOENT);
        }
        if (Files.isDirectory(p)) {
            throw new ErrnoException(Errno.EISDIR);
        }
        if (!sandbox.mayModify(p)) {
            throw new ErrnoException(Errno.EACCES);
        }
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            long size = ch.size();
            if (len < size) {
                ch.truncate(len);
            } else if (len > size) {
                ch.write(ByteBuffer.wrap(new byte[1]), len - 1);
            }
        }
        return 0;
    }

    /**
     * symlinkat: the link is created inside the writable tree; its target may be anything,
     * because every later use resolves it to a real path and checks that.
     */
    private long symlinkat(long targetAddr, int dirfd, long linkAddr) throws Exception {
        String target = pathArg(targetAddr);
        if (target.isEmpty()) {
            throw new ErrnoException(Errno.ENOENT);
        }
        Path link = resolve(dirfd, pathArg(linkAddr), false);
        if (isVirtual(link) || !sandbox.mayModify(link)) {
            throw new ErrnoException(Errno.EACCES);
        }
        if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
            throw new ErrnoException(Errno.EEXIST);
        }
        Files.createSymbolicLink(link, Path.of(target));
        return 0;
    }

    /**
     * linkat: both the new name and the existing file must be inside the writable tree. (A hard
     * link inside the tree to a file outside it would let writes reach the outside file.)
     */
    private long linkat(int olddir, long oldAddr, int newdir, long newAddr, int flags) throws Exception {
        if ((flags & ~(0x400 | AT_EMPTY_PATH)) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        Path from = resolve(olddir, pathArg(oldAddr), (flags & 0x400) != 0);
        Path to = resolve(newdir, pathArg(newAddr), false);
        if (isVirtual(from) || isVirtual(to)) {
            throw new ErrnoException(Errno.EACCES);
        }
        if (!Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
            throw new ErrnoException(Errno.ENOENT);
        }
        if (!sandbox.mayModify(from) || !sandbox.mayModify(to)) {
            throw new ErrnoException(Errno.EACCES);
        }
        if (Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
            throw new ErrnoException(Errno.EPERM);
        }
        if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
            throw new ErrnoException(Errno.EEXIST);
        }
        Files.createLink(to, from);
        return 0;
    }

    private long fchmodat(int dirfd, long pathAddr, int mode) throws Exception {
        Path p = resolve(dirfd, pathArg(pathAddr), true);
        return chmod(p, mode);
    }

    private long fchmod(int fd, int mode) throws Exception {
        OpenFile f = fds.get(fd);
        if (f.path() == null) {
            throw new ErrnoException(Errno.EPERM);
        }
        return chmod(f.path(), mode);
    }

    private long chmod(Path p, int mode) throws Exception {
        if (isVirtual(p)) {
            throw new ErrnoException(Errno.EACCES);
        }
        if (!Files.exists(p)) {
            throw new ErrnoException(Errno.ENOENT);
        }
        if (!sandbox.mayModify(p)) {
            throw new ErrnoException(Errno.EACCES);
        }
        Files.setPosixFilePermissions(p, permissions(mode & 0777));
        return 0;
    }

    /** utimensat: times of files inside the writable tree (UTIME_NOW / UTIME_OMIT honoured). */
    private long utimensat(int dirfd, long pathAddr, long times, int flags) throws Exception {
        Path p;
        if (pathAddr == 0) {
            OpenFile f = fds.get(dirfd);
            if (f.path() == null) {
                throw new ErrnoException(Errno.EACCES);
            }
            p = f.path();
        } else {
            p = resolve(dirfd, pathArg(pathAddr), (flags & AT_SYMLINK_NOFOLLOW) == 0);
        }
        if (isVirtual(p)) {
            throw new ErrnoException(Errno.EACCES);
        }
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new ErrnoException(Errno.ENOENT);
        }
        if (!sandbox.mayModify(p)) {
            throw new ErrnoException(Errno.EACCES);
        }
        FileTime now = FileTime.from(Instant.now());
        FileTime[] t = {now, now};
        boolean[] omit = {false, false};
        if (times != 0) {
            for (int i = 0; i < 2; i++) {
                long sec = space.read64(times + 16L * i);
                long nsec = space.read64(times + 16L * i + 8);
                if (nsec == (1L << 30) - 2) {            // UTIME_OMIT
                    omit[i] = true;
                } else if (nsec != (1L << 30) - 1) {     // not UTIME_NOW
                    if (nsec < 0 || nsec >= 1_000_000_000L) {
                        throw new ErrnoException(Errno.EINVAL);
                    }
                    t[i] = FileTime.from(Instant.ofEpochSecond(sec, nsec));
                }
            }
        }
        var view = Files.getFileAttributeView(p, java.nio.file.attribute.BasicFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        view.setTimes(omit[1] ? null : t[1], omit[0] ? null : t[0], null);
        return 0;
    }

    // ------------------------------------------------------------------ memory

    private static final int MAP_SHARED = 1, MAP_PRIVATE = 2, MAP_SHARED_VALIDATE = 3, MAP_FIXED = 0x10,
            MAP_ANONYMOUS = 0x20, MAP_FIXED_NOREPLACE = 0x100000;

    private long mmap(long addr, long len, int prot, int flags, int fd, long off) throws Exception {
        int type = flags & 0xf;
        if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (len == 0 || (off & (AddressSpace.PAGE - 1)) != 0 || (prot & ~7) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long size = AddressSpace.pageUp(len);
        if (size == 0 || Long.compareUnsigned(size, AddressSpace.USER_TOP) > 0) {
            throw new ErrnoException(Errno.ENOMEM);
        }
        OpenFile.HostFile file = null;
        if ((flags & MAP_ANONYMOUS) == 0) {
            OpenFile f = fds.get(fd);
            if (!(f instanceof OpenFile.HostFile h)) {
                throw new ErrnoException(f instanceof OpenFile.Directory ? Errno.ENODEV : Errno.EACCES);
            }
            if (!h.readable()) {
                throw new ErrnoException(Errno.EACCES);
            }
            if (type != MAP_PRIVATE && (prot & AddressSpace.PROT_WRITE) != 0) {
                throw new ErrnoException(Errno.ENODEV); // shared writable file mappings are not supported
            }
            file = h;
        }
        long start;
        boolean fixed = (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) != 0;
        if (fixed) {
            if ((addr & (AddressSpace.PAGE - 1)) != 0) {
                throw new ErrnoException(Errno.EINVAL);
            }
            if (Long.compareUnsigned(addr + size, addr) < 0 || Long.compareUnsigned(addr + size, AddressSpace.USER_TOP) > 0) {
                throw new ErrnoException(Errno.ENOMEM);
            }
            if ((flags & MAP_FIXED) == 0 && !space.isFree(addr, addr + size)) {
                throw new ErrnoException(Errno.EEXIST);
            }
            start = addr;
        } else {
            long hint = AddressSpace.pageDown(addr);
            if (hint != 0 && space.isFree(hint, hint + size) && Long.compareUnsigned(hint, space.mmapBase()) >= 0) {
                start = hint;
            } else {
                start = space.findFree(space.mmapBase(), size);
                if (start < 0) {
                    throw new ErrnoException(Errno.ENOMEM);
                }
            }
        }
        space.map(start, start + size, prot, file != null ? file.path.toString() : "");
        if (file != null) {
            long fsize = file.channel.size();
            long avail = Math.max(0, Math.min(size, fsize - off));
            long done = 0;
            while (done < avail) {
                int chunk = (int) Math.min(avail - done, 1 << 20);
                ByteBuffer bb = ByteBuffer.allocate(chunk);
                int got = file.channel.read(bb, off + done);
                if (got <= 0) {
                    break;
                }
                space.writeUnchecked(start + done, bb.array(), 0, got);
                done += got;
            }
        }
        return start;
    }

    private long munmap(long addr, long len) throws ErrnoException {
        if ((addr & (AddressSpace.PAGE - 1)) != 0 || len == 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long end = addr + AddressSpace.pageUp(len);
        if (Long.compareUnsigned(end, addr) < 0 || Long.compareUnsigned(end, AddressSpace.USER_TOP) > 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        space.unmap(addr, end);
        return 0;
    }

    private long mprotect(long addr, long len, int prot) throws ErrnoException {
        if ((addr & (AddressSpace.PAGE - 1)) != 0 || (prot & ~7) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (len == 0) {
            return 0;
        }
        long end = addr + AddressSpace.pageUp(len);
        if (Long.compareUnsigned(end, addr) < 0) {
            throw new ErrnoException(Errno.ENOMEM);
        }
        space.protect(addr, end, prot);
        return 0;
    }

    private long mremap(long old, long oldLen, long newLen, int flags, long newAddr) throws ErrnoException {
        final int MAYMOVE = 1, FIXED = 2;
        if ((old & (AddressSpace.PAGE - 1)) != 0 || (flags & ~3) != 0 || ((flags & FIXED) != 0 && (flags & MAYMOVE) == 0)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long oldSize = AddressSpace.pageUp(oldLen);
        long newSize = AddressSpace.pageUp(newLen);
        if (newSize == 0 || oldSize == 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        AddressSpace.Vma v = space.find(old);
        if (v == null || Long.compareUnsigned(old + oldSize, v.end()) > 0) {
            throw new ErrnoException(Errno.EFAULT);
        }
        int prot = v.prot();
        String name = v.name();
        if ((flags & FIXED) == 0) {
            if (Long.compareUnsigned(newSize, oldSize) <= 0) {
                if (newSize < oldSize) {
                    space.unmap(old + newSize, old + oldSize);
                }
                return old;
            }
            if (space.isFree(old + oldSize, old + newSize)) {
                space.map(old + oldSize, old + newSize, prot, name);
                space.protect(old, old + newSize, prot); // merge into one region
                return old;
            }
            if ((flags & MAYMOVE) == 0) {
                throw new ErrnoException(Errno.ENOMEM);
            }
            newAddr = space.findFree(space.mmapBase(), newSize);
            if (newAddr < 0) {
                throw new ErrnoException(Errno.ENOMEM);
            }
        } else {
            if ((newAddr & (AddressSpace.PAGE - 1)) != 0 || Long.compareUnsigned(newAddr + newSize, AddressSpace.USER_TOP) > 0
                    || (Long.compareUnsigned(newAddr, old + oldSize) < 0 && Long.compareUnsigned(old, newAddr + newSize) < 0)) {
                throw new ErrnoException(Errno.EINVAL);
            }
        }
        space.map(newAddr, newAddr + newSize, prot, name);
        space.movePages(old, newAddr, Math.min(oldSize, newSize));
        space.unmap(old, old + oldSize);
        return newAddr;
    }

    private long madvise(long addr, long len, int advice) throws ErrnoException {
        if ((addr & (AddressSpace.PAGE - 1)) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (advice == 4 && len > 0) { // MADV_DONTNEED: private pages read as zero afterwards
            long end = addr + AddressSpace.pageUp(len);
            if (!space.isMapped(addr, end)) {
                throw new ErrnoException(Errno.ENOMEM);
            }
            space.memory().removePages(addr, end - addr);
        }
        return 0;
    }

    // ------------------------------------------------------------------ time, identity, misc

    private long clockNanos(int clock) throws ErrnoException {
        return switch (clock) {
            case 0, 5 -> {
                Instant now = Instant.now();
                yield now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }
            case 1, 4, 6, 7 -> System.nanoTime();
            case 2, 3 -> System.nanoTime() - startNanos;
            default -> throw new ErrnoException(Errno.EINVAL);
        };
    }

    private void writeTimespec(long addr, long nanos, long unitDiv) throws ErrnoException {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(Math.floorDiv(nanos, 1_000_000_000L));
        b.putLong(Math.floorMod(nanos, 1_000_000_000L) / unitDiv);
        space.write(addr, b.array());
    }

    private long clockGettime(int clock, long tp) throws ErrnoException {
        long n = clockNanos(clock);
        writeTimespec(tp, n, 1);
        return 0;
    }

    private long clockGetres(int clock, long tp) throws ErrnoException {
        clockNanos(clock);
        if (tp != 0) {
            writeTimespec(tp, 1, 1);
        }
        return 0;
    }

    private long gettimeofday(long tv) throws ErrnoException {
        if (tv != 0) {
            writeTimespec(tv, clockNanos(0), 1000);
        }
        return 0;
    }

    private long readTimespecNanos(long addr) throws ErrnoException {
        long sec = space.read64(addr);
        long nsec = space.read64(addr + 8);
        if (sec < 0 || nsec < 0 || nsec >= 1_000_000_000L) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return sec > Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE : sec * 1_000_000_000L + nsec;
    }

    private long nanosleep(long req, long rem) throws ErrnoException {
        sleepNanos(readTimespecNanos(req));
        return 0;
    }

    private long clockNanosleep(int clock, int flags, long req, long rem) throws ErrnoException {
        long n = readTimespecNanos(req);
        if ((flags & 1) != 0) { // TIMER_ABSTIME
            n = n - clockNanos(clock);
        } else {
            clockNanos(clock);
        }
        sleepNanos(n);
        return 0;
    }

    private static void sleepNanos(long n) throws ErrnoException {
        if (n <= 0) {
            return;
        }
        try {
            Thread.sleep(n / 1_000_000L, (int) (n % 1_000_000L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ErrnoException(Errno.EINTR);
        }
    }

    private long futex(long uaddr, int op, int val, long timeout) throws ErrnoException {
        int cmd = op & 0x7f;
        return switch (cmd) {
            case 0, 9 -> { // FUTEX_WAIT, FUTEX_WAIT_BITSET
                if (space.read32(uaddr) != val) {
                    yield -Errno.EAGAIN;
                }
                // single-threaded: nobody can wake us
                yield timeout != 0 ? -Errno.ETIMEDOUT : -Errno.EINTR;
            }
            case 1, 10 -> 0; // FUTEX_WAKE, FUTEX_WAKE_BITSET: no waiters
            default -> -Errno.ENOSYS;
        };
    }

    private long uname(long buf) throws ErrnoException {
        byte[] u = new byte[65 * 6];
        String[] f = {"Linux", hostText("/proc/sys/kernel/hostname", "localhost"),
            System.getProperty("os.version", "6.1.0"), hostText("/proc/sys/kernel/version", "#1 SMP"),
            "riscv64", "(none)"};
        for (int i = 0; i < 6; i++) {
            byte[] b = f[i].getBytes(StandardCharsets.UTF_8);
            System.arraycopy(b, 0, u, 65 * i, Math.min(64, b.length));
        }
        space.write(buf, u);
        return 0;
    }

    private static String hostText(String file, String dflt) {
        try {
            return Files.readString(Path.of(file)).trim();
        } catch (IOException | RuntimeException e) {
            return dflt;
        }
    }

    private long prlimit(long pidArg, int resource, long newLimit, long oldLimit) throws ErrnoException {
        if (pidArg != 0 && pidArg != pid) {
            throw new ErrnoException(Errno.ESRCH);
        }
        if (resource < 0 || resource > 15) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (oldLimit != 0) {
            long inf = -1L;
            long cur, max;
            switch (resource) {
                case 3 -> { cur = STACK_SIZE; max = inf; }               // RLIMIT_STACK
                case 7 -> { cur = FdTable.MAX_FDS; max = FdTable.MAX_FDS; } // RLIMIT_NOFILE
                case 4 -> { cur = 0; max = inf; }                        // RLIMIT_CORE
                default -> { cur = inf; max = inf; }
            }
            ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(cur).putLong(max);
            space.write(oldLimit, b.array());
        }
        return 0;
    }

    private long getrusage(long buf) throws ErrnoException {
        byte[] r = new byte[144];
        long n = System.nanoTime() - startNanos;
        ByteBuffer b = ByteBuffer.wrap(r).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, n / 1_000_000_000L);
        b.putLong(8, (n % 1_000_000_000L) / 1000);
        space.write(buf, r);
        return 0;
    }

    private long schedGetaffinity(long pidArg, long size, long mask) throws ErrnoException {
        if (pidArg != 0 && pidArg != pid) {
            throw new ErrnoException(Errno.ESRCH);
        }
        int cpus = Runtime.getRuntime().availableProcessors();
        int bytes = ((cpus + 63) / 64) * 8;
        if (size < bytes || (size & 7) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        byte[] m = new byte[bytes];
        for (int i = 0; i < cpus; i++) {
            m[i / 8] |= (byte) (1 << (i % 8));
        }
        space.write(mask, m);
        return bytes;
    }

    private long getres(long[] a, long id) throws ErrnoException {
        for (int i = 0; i < 3; i++) {
            space.check(a[i], 4, AddressSpace.PROT_WRITE);
        }
        byte[] b = {(byte) id, (byte) (id >> 8), (byte) (id >> 16), (byte) (id >> 24)};
        for (int i = 0; i < 3; i++) {
            space.write(a[i], b);
        }
        return 0;
    }

    private long getcpu(long cpu, long node) throws ErrnoException {
        if (cpu != 0) {
            space.write(cpu, new byte[4]);
        }
        if (node != 0) {
            space.write(node, new byte[4]);
        }
        return 0;
    }

    /** times: user time = time since start, in clock ticks (100 Hz); returns elapsed ticks. */
    private long times(long buf) throws ErrnoException {
        long ticks = (System.nanoTime() - startNanos) / 10_000_000L;
        if (buf != 0) {
            ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(ticks).putLong(0).putLong(0).putLong(0);
            space.write(buf, b.array());
        }
        return ticks;
    }

    private String threadName;

    private long prctl(int option, long arg2) throws ErrnoException {
        switch (option) {
            case 15 -> { // PR_SET_NAME
                String n = space.readCString(arg2, 4096);
                threadName = n.length() > 15 ? n.substring(0, 15) : n;
                return 0;
            }
            case 16 -> { // PR_GET_NAME
                String n = threadName != null ? threadName : exe.getFileName().toString();
                byte[] b = java.util.Arrays.copyOf(n.getBytes(StandardCharsets.UTF_8), 16);
                b[15] = 0;
                space.write(arg2, b);
                return 0;
            }
            default -> throw new ErrnoException(Errno.EINVAL);
        }
    }

    /**
     * ppoll over guest fds, without blocking on anything but time: regular files, directories
     * and virtual files are always ready, stdin is reported readable (the read then blocks on
     * the host as the real one would), pipes by their contents. When nothing is ready, sleeps
     * the timeout (if any) and returns 0.
     */
    private long ppoll(long fdsAddr, long nfds, long tsAddr) throws Exception {
        if (nfds < 0 || nfds > FdTable.MAX_FDS) {
            throw new ErrnoException(Errno.EINVAL);
        }
        byte[] raw = space.read(fdsAddr, (int) nfds * 8);
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        int ready = 0;
        for (int i = 0; i < nfds; i++) {
            int fd = b.getInt(8 * i);
            int events = b.getShort(8 * i + 4) & 0xffff;
            int rev = 0;
            if (fd >= 0) {
                OpenFile f = fds.peek(fd);
                if (f == null) {
                    rev = 0x20; // POLLNVAL
                } else if (f instanceof OpenFile.PipeEnd pe) {
                    if (pe.readEnd) {
                        rev |= pe.buffer.size > 0 ? 1 : 0;
                        rev |= pe.buffer.writers == 0 ? 0x10 : 0; // POLLHUP
                    } else {
                        rev |= pe.buffer.size < OpenFile.PipeEnd.CAPACITY ? 4 : 0;
                        rev |= pe.buffer.readers == 0 ? 8 : 0;    // POLLERR
                    }
                } else {
                    rev = (f.readable() ? 1 : 0) | (f.writable() ? 4 : 0);
                }
                rev &= events | 0x38;
            }
            b.putShort(8 * i + 6, (short) rev);
            if (rev != 0) {
                ready++;
            }
        }
        if (ready == 0 && tsAddr != 0) {
            sleepNanos(readTimespecNanos(tsAddr));
        } else if (ready == 0) {
            throw new ErrnoException(Errno.EINTR); // would wait forever for this single thread
        }
        space.write(fdsAddr, raw);
        return ready;
    }

    /** struct sysinfo (RISC-V 64, 112 bytes) from the host's figures, as qemu-riscv64 passes them. */
    private long sysinfo(long buf) throws ErrnoException {
        space.check(buf, 112, AddressSpace.PROT_WRITE);
        ByteBuffer b = ByteBuffer.allocate(112).order(ByteOrder.LITTLE_ENDIAN);
        long uptime = 0;
        try {
            uptime = (long) Double.parseDouble(hostText("/proc/uptime", "0").split("\\s+")[0]);
        } catch (RuntimeException e) {
            // keep 0
        }
        long total = meminfo("MemTotal"), free = meminfo("MemFree"), shared = meminfo("Shmem"),
                buffers = meminfo("Buffers"), swapTotal = meminfo("SwapTotal"), swapFree = meminfo("SwapFree");
        b.putLong(0, uptime);
        b.putLong(32, total).putLong(40, free).putLong(48, shared).putLong(56, buffers);
        b.putLong(64, swapTotal).putLong(72, swapFree);
        b.putShort(80, (short) 1);
        b.putInt(104, 1);
        space.write(buf, b.array());
        return 0;
    }

    /** A /proc/meminfo field in bytes (0 if unknown). */
    private static long meminfo(String field) {
        for (String line : hostText("/proc/meminfo", "").split("\n")) {
            if (line.startsWith(field + ":")) {
                try {
                    return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]) * 1024;
                } catch (RuntimeException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private long getrandom(long buf, long len) throws ErrnoException {
        int n = (int) Math.min(Math.max(len, 0), 33554431);
        space.check(buf, n, AddressSpace.PROT_WRITE);
        byte[] b = new byte[n];
        fillRandom(b);
        space.write(buf, b);
        return n;
    }

    private void fillRandom(byte[] b) {
        if (seeded != null) {
            seeded.nextBytes(b);
        } else {
            secure.nextBytes(b);
        }
    }

    private long ioctl(int fd, long req, long arg) throws ErrnoException {
        OpenFile f = fds.get(fd);
        boolean tty = f instanceof OpenFile.Stdio s && s.tty;
        switch ((int) req) {
            case 0x5401 -> { // TCGETS: struct termios (asm-generic), 36 bytes
                if (!tty) {
                    throw new ErrnoException(Errno.ENOTTY);
                }
                ByteBuffer b = ByteBuffer.allocate(36).order(ByteOrder.LITTLE_ENDIAN);
                b.putInt(0x0500);      // c_iflag: ICRNL | IXON
                b.putInt(0x0005);      // c_oflag: OPOST | ONLCR
                b.putInt(0x00bf);      // c_cflag: B38400 | CS8 | CREAD
                b.putInt(0x8a3b);      // c_lflag: ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN
                b.put((byte) 0);       // c_line
                byte[] cc = {3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0, 0, 0};
                b.put(cc);
                space.write(arg, b.array());
                return 0;
            }
            case 0x5413 -> { // TIOCGWINSZ
                if (!tty) {
                    throw new ErrnoException(Errno.ENOTTY);
                }
                ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
                b.putShort((short) 24).putShort((short) 80).putShort((short) 0).putShort((short) 0);
                space.write(arg, b.array());
                return 0;
            }
            default -> throw new ErrnoException(tty ? Errno.EINVAL : Errno.ENOTTY);
        }
    }

    // ------------------------------------------------------------------ signals

    private long kill(long target, int sig) throws ErrnoException {
        if (target == pid || target == 0 || target == -1 || target == -pid) {
            return raise(sig, SI_USER);
        }
        return -Errno.ESRCH;
    }

    static final int SI_USER = 0, SI_KERNEL = 0x80, SI_TKILL = -6;
    static final long SA_NODEFER = 0x40000000L, SA_RESETHAND = 0x80000000L;

    /**
     * Sends {@code sig} to the guest itself. Ignored signals are dropped, blocked ones stay
     * pending, a handler runs when the system call returns (see {@link #runHandler}), and
     * otherwise the default action ends the guest after the call's result is traced.
     */
    private long raise(int sig, int code) throws ErrnoException {
        if (sig < 0 || sig > 64) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (sig == 0) {
            return 0;
        }
        long bit = 1L << (sig - 1);
        if ((blocked & bit) != 0 && sig != Signals.SIGKILL && sig != Signals.SIGSTOP) {
            pending |= bit;
            return 0;
        }
        lastSigCode = code;
        deliver(sig);
        return 0;
    }

    private void deliver(int sig) {
        long h = sigHandler[sig];
        boolean catchable = sig != Signals.SIGKILL && sig != Signals.SIGSTOP;
        if (catchable) {
            if (h == 1) {
                return; // SIG_IGN
            }
            if (h == 0 && Signals.ignoredByDefault(sig)) {
                return;
            }
            if (h > 1) {
                if (handledSignal == 0) {
                    handledSignal = sig;
                    handledCode = lastSigCode;
                } else {
                    pending |= 1L << (sig - 1); // one frame per return to user mode
                }
                return;
            }
        }
        if (fatalSignal == 0) {
            fatalSignal = sig;
        }
    }

    /** Ends the guest by signal {@code sig}'s default action (status 128 + sig). */
    private void terminate(int sig) {
        if (strace != null) {
            strace.signal(sig, uid);
        }
        flushQuietly();
        throw new GuestExit(128 + sig, null);
    }

    /**
     * Size of the signal frame: siginfo (128) + ucontext (704). This is qemu-riscv64's frame,
     * whose sigcontext holds pc, x1..x31, f0..f31 and fcsr at the kernel's offsets but stops
     * after fcsr (the kernel's reserves room for the Q extension: 960-byte ucontext). Using
     * QEMU's size keeps stack addresses identical to qemu-riscv64 inside handlers.
     */
    static final int RT_SIGFRAME_SIZE = 128 + 704;
    static final int UC_SIGMASK = 40, UC_MCONTEXT = 176, MC_FPREGS = 256;

    /**
     * Enters the handler of {@code sig} as Linux's {@code setup_rt_frame} does: pushes a
     * {@code struct rt_sigframe} (siginfo, then a ucontext holding the registers, pc
     * {@code resumePc}, the f registers and the old signal mask) on the stack, then
     * a0 = sig, a1 = &amp;info, a2 = &amp;uc, sp = frame, ra = the rt_sigreturn trampoline,
     * pc = handler. If the hart cannot be redirected, or the frame cannot be written (bad sp),
     * the guest dies (SIGSEGV for a bad stack, as Linux forces).
     */
    private boolean runHandler(HartView hart, int sig, int code, long resumePc, long faultAddr) {
        long handler = sigHandler[sig];
        long sp = hart.getX(2);
        long frame = (sp - RT_SIGFRAME_SIZE) & -16L;
        ByteBuffer b = ByteBuffer.allocate(RT_SIGFRAME_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, sig);
        b.putInt(8, code);
        if (faultAddr != -1) {
            b.putLong(16, faultAddr);      // si_addr
        } else {
            b.putInt(16, (int) pid);       // si_pid
            b.putInt(20, (int) uid);       // si_uid
        }
        int uc = 128;
        b.putInt(uc + 16 + 8, 2); // uc_stack.ss_flags = SS_DISABLE
        b.putLong(uc + UC_SIGMASK, blocked);
        int mc = uc + UC_MCONTEXT;
        b.putLong(mc, resumePc);
        for (int i = 1; i < 32; i++) {
            b.putLong(mc + 8 * i, hart.getX(i));
        }
        try {
            for (int i = 0; i < 32; i++) {
                b.putLong(mc + MC_FPREGS + 8 * i, hart.getF(i));
            }
        } catch (UnsupportedOperationException e) {
            // a hart without f registers: leave zeros
        }
        try {
            space.write(frame, b.array());
        } catch (ErrnoException e) {
            if (faultAddr != -1) {
                return false; // the fault's own report ends the guest
            }
            terminate(Signals.SIGSEGV);
        }
        if (strace != null && faultAddr == -1) {
            String n = Signals.name(sig);
            strace.raw("--- " + n + " {si_signo=" + n + ", si_code=" + (code == SI_TKILL ? "SI_TKILL" : code == SI_USER
                    ? "SI_USER" : String.valueOf(code)) + ", si_pid=" + pid + ", si_uid=" + uid + "} ---\n");
        }
        try {
            hart.setPc(handler);
        } catch (UnsupportedOperationException e) {
            return false;
        }
        blocked |= sigMask[sig];
        if ((sigFlags[sig] & SA_NODEFER) == 0) {
            blocked |= 1L << (sig - 1);
        }
        blocked &= ~((1L << (Signals.SIGKILL - 1)) | (1L << (Signals.SIGSTOP - 1)));
        if ((sigFlags[sig] & SA_RESETHAND) != 0) {
            sigHandler[sig] = 0;
        }
        hart.setX(10, sig);
        hart.setX(11, frame);
        hart.setX(12, frame + uc);
        hart.setX(2, frame);
        hart.setX(1, sigreturnTrampoline);
        return true;
    }

    /** rt_sigreturn: restores registers, pc and signal mask from the frame at sp; returns a0. */
    private long rtSigreturn(HartView hart) throws ErrnoException {
        long frame = hart.getX(2);
        byte[] raw = space.read(frame, RT_SIGFRAME_SIZE);
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        int mc = 128 + UC_MCONTEXT;
        long pc = b.getLong(mc);
        try {
            hart.setPc(pc);
            redirected = true;
        } catch (UnsupportedOperationException e) {
            throw new ErrnoException(Errno.ENOSYS);
        }
        for (int i = 1; i < 32; i++) {
            if (i != 10) {
                hart.setX(i, b.getLong(mc + 8 * i));
            }
        }
        try {
            for (int i = 0; i < 32; i++) {
                hart.setF(i, b.getLong(mc + MC_FPREGS + 8 * i));
            }
        } catch (UnsupportedOperationException e) {
            // no f registers
        }
        blocked = b.getLong(128 + UC_SIGMASK) & ~((1L << (Signals.SIGKILL - 1)) | (1L << (Signals.SIGSTOP - 1)));
        deliverPending();
        return b.getLong(mc + 8 * 10);
    }

    /** Delivers the lowest pending signal that is no longer blocked. */
    private void deliverPending() {
        long deliverable = pending & ~blocked;
        if (deliverable != 0) {
            int sig = Long.numberOfTrailingZeros(deliverable) + 1;
            pending &= ~(1L << (sig - 1));
            lastSigCode = SI_TKILL;
            deliver(sig);
        }
    }

    /** sigaltstack: reports "no alternate stack" and accepts a new one without using it. */
    private long sigaltstack(long ss, long oss) throws ErrnoException {
        if (ss != 0) {
            space.read(ss, 24);
        }
        if (oss != 0) {
            ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(0).putInt(2).putInt(0).putLong(0);
            space.write(oss, b.array());
        }
        return 0;
    }

    private long rtSigaction(int sig, long act, long oact, long sigsetsize) throws ErrnoException {
        if (sigsetsize != 8 || sig < 1 || sig > 64) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (act != 0 && (sig == Signals.SIGKILL || sig == Signals.SIGSTOP)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        byte[] newAct = act != 0 ? space.read(act, 24) : null;
        if (oact != 0) {
            ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(sigHandler[sig]).putLong(sigFlags[sig]).putLong(sigMask[sig]);
            space.write(oact, b.array());
        }
        if (newAct != null) {
            ByteBuffer b = ByteBuffer.wrap(newAct).order(ByteOrder.LITTLE_ENDIAN);
            sigHandler[sig] = b.getLong(0);
            sigFlags[sig] = b.getLong(8);
            sigMask[sig] = b.getLong(16);
        }
        return 0;
    }

    private long rtSigprocmask(int how, long set, long oset, long sigsetsize) throws ErrnoException {
        if (sigsetsize != 8) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long old = blocked;
        if (set != 0) {
            long s = space.read64(set);
            switch (how) {
                case 0 -> blocked |= s;
                case 1 -> blocked &= ~s;
                case 2 -> blocked = s;
                default -> throw new ErrnoException(Errno.EINVAL);
            }
            blocked &= ~((1L << (Signals.SIGKILL - 1)) | (1L << (Signals.SIGSTOP - 1)));
        }
        if (oset != 0) {
            space.write64(oset, old);
        }
        deliverPending();
        return 0;
    }

    // ------------------------------------------------------------------ helpers

    private void flushQuietly() {
        try {
            stdout.flush();
            stderr.flush();
        } catch (IOException e) {
            // nothing to do
        }
    }

    private static long[] hostIds() {
        try {
            Map<String, Object> at = Files.readAttributes(Path.of("/proc/self"), "unix:uid,gid");
            return new long[] {((Number) at.get("uid")).longValue(), ((Number) at.get("gid")).longValue()};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    private static boolean hostIsTty(int fd) {
        try {
            String t = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return t.startsWith("/dev/pts/") || t.startsWith("/dev/tty") || t.equals("/dev/console");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

}
