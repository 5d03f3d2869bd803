package org.cheriemu.emulator.linux;

import java.io.PrintStream;
import java.util.Map;

/**
 * System-call trace in the format of {@code qemu-riscv64 -strace} (QEMU 7.2):
 * {@code PID name(args) = result}, the call part printed before the call runs and the result
 * after, errors as {@code = -1 errno=N (text)}, addresses returned by brk/mmap as
 * {@code 0x%016x}, and {@code Unknown syscall N} for calls QEMU has no name for.
 */
public final class Strace {

    /** Argument formats of the calls QEMU formats specially; anything else prints six decimals. */
    private static final Map<Integer, String> FORMATS = Map.ofEntries(
            Map.entry(SyscallNames.BRK, "P"),
            Map.entry(SyscallNames.CLOSE, "d"),
            Map.entry(SyscallNames.READ, "d,x,d"),
            Map.entry(SyscallNames.WRITE, "d,x,d"),
            Map.entry(SyscallNames.READV, "d,p,x"),
            Map.entry(SyscallNames.WRITEV, "d,p,x"),
            Map.entry(SyscallNames.OPENAT, "at,s,oflags"),
            Map.entry(SyscallNames.LSEEK, "d,ld,whence"),
            Map.entry(SyscallNames.NEWFSTATAT, "at,s,P,atflags"),
            Map.entry(SyscallNames.FSTAT, "d,P"),
            Map.entry(SyscallNames.READLINKAT, "at,s,P,d"),
            Map.entry(SyscallNames.FACCESSAT, "at,s,amode,atflags"),
            Map.entry(SyscallNames.UNLINKAT, "at,s,atflags"),
            Map.entry(SyscallNames.MKDIRAT, "at,s,o"),
            Map.entry(SyscallNames.CHDIR, "s"),
            Map.entry(SyscallNames.GETCWD, "p,d"),
            Map.entry(SyscallNames.GETDENTS64, "d,p,d"),
            Map.entry(SyscallNames.UNAME, "p"),
            Map.entry(SyscallNames.GETRANDOM, "p,u,u"),
            Map.entry(SyscallNames.EXIT, "d"),
            Map.entry(SyscallNames.EXIT_GROUP, "d"),
            Map.entry(SyscallNames.GETPID, ""),
            Map.entry(SyscallNames.GETTID, ""),
            Map.entry(SyscallNames.GETPPID, ""),
            Map.entry(SyscallNames.GETUID, ""),
            Map.entry(SyscallNames.GETEUID, ""),
            Map.entry(SyscallNames.GETGID, ""),
            Map.entry(SyscallNames.GETEGID, ""),
            Map.entry(SyscallNames.SCHED_YIELD, ""),
            Map.entry(SyscallNames.CLOCK_GETTIME, "clock,P"),
            Map.entry(SyscallNames.CLOCK_GETRES, "clock,P"),
            Map.entry(SyscallNames.CLOCK_NANOSLEEP, "clock,d,ts,P"),
            Map.entry(SyscallNames.NANOSLEEP, "ts,P"),
            Map.entry(SyscallNames.RT_SIGACTION, "sig,P,P"),
            Map.entry(SyscallNames.RT_SIGPROCMASK, "how,P,P"),
            Map.entry(SyscallNames.MMAP, "P,ld,prot,mflags,d,ld"),
            Map.entry(SyscallNames.MUNMAP, "P,ld"),
            Map.entry(SyscallNames.MPROTECT, "P,ld,prot"),
            Map.entry(SyscallNames.IOCTL, "d,ioctl,P"),
            Map.entry(SyscallNames.KILL, "d,sig"),
            Map.entry(SyscallNames.TKILL, "d,sig"),
            Map.entry(SyscallNames.TGKILL, "d,d,sig"),
            Map.entry(SyscallNames.DUP, "d"),
            Map.entry(SyscallNames.DUP3, "d,d,d"));

    private final PrintStream out;
    private final long pid;

    public Strace(PrintStream out, long pid) {
        this.out = out;
        this.pid = pid;
    }

    /** Prints the call part (no newline): {@code PID name(args)}, or the unknown-call line. */
    public void call(long nr, long[] a, AddressSpace mem) {
        String name = SyscallNames.name(nr);
        if (name == null) {
            out.print(pid + " Unknown syscall " + nr + "\n");
            out.flush();
            return;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(pid).append(' ').append(name).append('(');
        String fmt = FORMATS.get((int) nr);
        if (fmt == null) {
            for (int i = 0; i < 6; i++) {
                sb.append(i > 0 ? "," : "").append(a[i]);
            }
        } else if (!fmt.isEmpty()) {
            String[] kinds = fmt.split(",");
            for (int i = 0; i < kinds.length; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                arg(sb, kinds[i], a[i], mem);
                if (kinds[i].equals("oflags") && nr == SyscallNames.OPENAT && (a[i] & 0x40) != 0) {
                    sb.append(',').append(octal(a[3]));
                }
            }
        }
        sb.append(')');
        if (nr == SyscallNames.EXIT || nr == SyscallNames.EXIT_GROUP) {
            sb.append('\n');
        }
        out.print(sb);
        out.flush();
    }

    /** Prints the result part: {@code  = value} and a newline. */
    public void result(long nr, long ret, long[] a, AddressSpace mem) {
        if (SyscallNames.name(nr) == null) {
            return;
        }
        StringBuilder sb = new StringBuilder(" = ");
        if (nr == SyscallNames.RT_SIGRETURN) {
            sb.append("-1 errno=513 (Successful exit from sigreturn)"); // QEMU's TARGET_QEMU_ESIGRETURN
        } else if (ret < 0 && ret >= -4095) {
            sb.append("-1 errno=").append(-ret).append(" (").append(Errno.message((int) -ret)).append(')');
        } else if (nr == SyscallNames.BRK || nr == SyscallNames.MMAP) {
            sb.append(String.format("0x%016x", ret));
        } else {
            sb.append(ret);
            if (ret == 0 && (nr == SyscallNames.CLOCK_GETTIME || nr == SyscallNames.CLOCK_GETRES)) {
                sb.append(" (");
                timespec(sb, a[1], mem);
                sb.append(')');
            }
        }
        sb.append('\n');
        out.print(sb);
        out.flush();
    }

    /** The line QEMU prints when a signal is delivered. */
    public void signal(int sig, long uid) {
        String n = Signals.name(sig);
        out.print("--- " + n + " {si_signo=" + n + ", si_code=SI_TKILL, si_pid=" + pid + ", si_uid=" + uid + "} ---\n");
        out.flush();
    }

    /** Prints a line as is. */
    public void raw(String line) {
        out.print(line);
        out.flush();
    }

    /** The line QEMU prints when a trap kills the guest: {@code --- SIGSEGV {si_signo=..., si_code=1, si_addr=0x...} ---}. */
    public void fault(int sig, int code, long addr) {
        String n = Signals.name(sig);
        out.print("--- " + n + " {si_signo=" + n + ", si_code=" + code + ", si_addr=" + String.format("0x%016x", addr) + "} ---\n");
        out.flush();
    }

    private static void arg(StringBuilder sb, String kind, long v, AddressSpace mem) {
        switch (kind) {
            case "d" -> sb.append((int) v);
            case "ld" -> sb.append(v);
            case "u" -> sb.append(Integer.toUnsignedString((int) v));
            case "x" -> sb.append((int) v == 0 ? "0" : "0x" + Integer.toHexString((int) v));
            case "p" -> sb.append("0x").append(Long.toHexString(v));
            case "P" -> sb.append(v == 0 ? "NULL" : String.format("0x%016x", v));
            case "o" -> sb.append(octal(v));
            case "s" -> {
                try {
                    sb.append('"').append(mem.readCString(v, 4096)).append('"');
                } catch (ErrnoException e) {
                    sb.append(String.format("0x%016x", v));
                }
            }
            case "at" -> sb.append((int) v == -100 ? "AT_FDCWD" : String.valueOf((int) v));
            case "oflags" -> sb.append(openFlags((int) v));
            case "atflags" -> sb.append(flags((int) v, new int[] {0x100, 0x200, 0x400},
                    new String[] {"AT_SYMLINK_NOFOLLOW", "AT_REMOVEDIR", "AT_SYMLINK_FOLLOW"}));
            case "amode" -> sb.append((int) v == 0 ? "F_OK" : flags((int) v, new int[] {4, 2, 1},
                    new String[] {"R_OK", "W_OK", "X_OK"}));
            case "prot" -> sb.append((int) v == 0 ? "PROT_NONE" : flags((int) v, new int[] {1, 2, 4},
                    new String[] {"PROT_READ", "PROT_WRITE", "PROT_EXEC"}));
            case "mflags" -> sb.append(mmapFlags((int) v));
            case "whence" -> sb.append(switch ((int) v) {
                case 0 -> "SEEK_SET";
                case 1 -> "SEEK_CUR";
                case 2 -> "SEEK_END";
                default -> String.valueOf((int) v);
            });
            case "clock" -> sb.append(switch ((int) v) {
                case 0 -> "CLOCK_REALTIME";
                case 1 -> "CLOCK_MONOTONIC";
                case 2 -> "CLOCK_PROCESS_CPUTIME_ID";
                case 3 -> "CLOCK_THREAD_CPUTIME_ID";
                case 4 -> "CLOCK_MONOTONIC_RAW";
                case 5 -> "CLOCK_REALTIME_COARSE";
                case 6 -> "CLOCK_MONOTONIC_COARSE";
                case 7 -> "CLOCK_BOOTTIME";
                default -> String.valueOf((int) v);
            });
            case "sig" -> sb.append(Signals.name((int) v));
            case "how" -> sb.append(switch ((int) v) {
                case 0 -> "SIG_BLOCK";
                case 1 -> "SIG_UNBLOCK";
                case 2 -> "SIG_SETMASK";
                default -> String.valueOf((int) v);
            });
            case "ioctl" -> sb.append(switch ((int) v) {
                case 0x5401 -> "TCGETS";
                case 0x5402 -> "TCSETS";
                case 0x5413 -> "TIOCGWINSZ";
                default -> String.format("%#x", (int) v);
            });
            case "ts" -> timespec(sb, v, mem);
            default -> sb.append(v);
        }
    }

    private static void timespec(StringBuilder sb, long addr, AddressSpace mem) {
        if (addr == 0) {
            sb.append("NULL");
            return;
        }
        try {
            long sec = mem.read64(addr);
            long nsec = mem.read64(addr + 8);
            sb.append("{tv_sec = ").append(sec).append(",tv_nsec = ").append(nsec).append('}');
        } catch (ErrnoException e) {
            sb.append(String.format("0x%016x", addr));
        }
    }

    static String octal(long v) {
        return (int) v == 0 ? "0" : "0" + Integer.toOctalString((int) v);
    }

    private static String flags(int v, int[] bits, String[] names) {
        StringBuilder sb = new StringBuilder();
        int rest = v;
        for (int i = 0; i < bits.length; i++) {
            if ((v & bits[i]) != 0) {
                sb.append(sb.isEmpty() ? "" : "|").append(names[i]);
                rest &= ~bits[i];
            }
        }
        if (rest != 0 || sb.isEmpty()) {
            sb.append(sb.isEmpty() ? "" : "|").append(rest == 0 ? "0" : "0x" + Integer.toHexString(rest));
        }
        return sb.toString();
    }

    static String openFlags(int v) {
        String acc = switch (v & 3) {
            case 0 -> "O_RDONLY";
            case 1 -> "O_WRONLY";
            case 2 -> "O_RDWR";
            default -> "3";
        };
        // QEMU's order (linux-user/strace.c open_flags)
        int[] bits = {0x400, 0x40, 0x10000, 0x80, 0x8000, 0x100, 0x20000, 0x800, 0x1000, 0x100000, 0x200,
                0x4000, 0x40000, 0x80000, 0x200000, 0x400000};
        String[] names = {"O_APPEND", "O_CREAT", "O_DIRECTORY", "O_EXCL", "O_LARGEFILE", "O_NOCTTY", "O_NOFOLLOW",
                "O_NONBLOCK", "O_DSYNC", "__O_SYNC", "O_TRUNC", "O_DIRECT", "O_NOATIME", "O_CLOEXEC", "O_PATH",
                "__O_TMPFILE"};
        StringBuilder sb = new StringBuilder(acc);
        int rest = v & ~3;
        for (int i = 0; i < bits.length; i++) {
            if ((rest & bits[i]) == bits[i] && bits[i] != 0) {
                sb.append('|').append(names[i]);
                rest &= ~bits[i];
            }
        }
        if (rest != 0) {
            sb.append("|0x").append(Integer.toHexString(rest));
        }
        return sb.toString();
    }

    static String mmapFlags(int v) {
        StringBuilder sb = new StringBuilder();
        int type = v & 0xf;
        sb.append(switch (type) {
            case 1 -> "MAP_SHARED";
            case 2 -> "MAP_PRIVATE";
            case 3 -> "MAP_SHARED_VALIDATE";
            default -> "0x" + Integer.toHexString(type);
        });
        int[] bits = {0x10, 0x20, 0x100, 0x800, 0x1000, 0x2000, 0x4000, 0x8000, 0x10000, 0x20000, 0x40000,
                0x100000};
        String[] names = {"MAP_FIXED", "MAP_ANONYMOUS", "MAP_GROWSDOWN", "MAP_DENYWRITE", "MAP_EXECUTABLE",
                "MAP_LOCKED", "MAP_NORESERVE", "MAP_POPULATE", "MAP_NONBLOCK", "MAP_STACK", "MAP_HUGETLB",
                "MAP_FIXED_NOREPLACE"};
        int rest = v & ~0xf;
        for (int i = 0; i < bits.length; i++) {
            if ((rest & bits[i]) != 0) {
                sb.append('|').append(names[i]);
                rest &= ~bits[i];
            }
        }
        if (rest != 0) {
            sb.append("|0x").append(Integer.toHexString(rest));
        }
        return sb.toString();
    }
}
