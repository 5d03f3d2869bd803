package org.cheriemu.emulator.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Guest path resolution and the write sandbox.
 *
 * <p><b>Policy.</b> The guest may read any host file the emulator can read. It may not create,
 * write, truncate, rename, link or delete anything, nor create directories, except strictly
 * inside the one directory tree given with {@code --allow-write DIR}. The only other file it may
 * open for writing is {@code /dev/null}. Denied operations fail with {@code EACCES} (chosen over
 * EROFS because the restriction is a permission of this process, not a property of the file
 * system, and tools print "Permission denied" for it).
 *
 * <p><b>Resolution.</b> Decisions are made on real paths, resolved here component by component
 * as the kernel does: {@code .} and {@code ..} are applied to the already-resolved prefix (so
 * {@code link/..} is the parent of the link's target, not the directory containing the link),
 * every symbolic link met before the last component is followed (at most 40, else ELOOP), and
 * the last one is followed when the operation follows links (open, stat) and not when it acts
 * on the link itself (unlink, rename, lstat, readlink). A symlink inside DIR that points
 * outside therefore resolves outside, and writing through it is denied; a dangling symlink is
 * resolved to where it points, so O_CREAT through it cannot create a file outside DIR either.
 *
 * <p><b>/proc/self.</b> The host's /proc/self describes the emulator, not the guest, so
 * {@code /proc/self}, {@code /proc/thread-self} and {@code /proc/<emulator pid>} are resolved
 * to a virtual directory: {@code exe}, {@code cwd}, {@code root} and {@code fd/N} are links to
 * the guest's executable, working directory, / and open files; other entries are leaves served
 * (maps, cmdline) or refused by the system-call layer. Virtual paths are never writable.
 *
 * <p>The guest is single-threaded and the emulator resolves and then opens with
 * {@code NOFOLLOW_LINKS} on the resolved path, so the guest itself cannot race a check. Another
 * host process swapping a directory for a symlink between resolution and use is outside this
 * threat model.
 */
public final class FileSandbox {

    /** Root of the guest's view of its own process in /proc. */
    public static final Path PROC_SELF = Path.of("/proc/self");
    private static final Path PROC = Path.of("/proc");
    private static final Path DEV_NULL = Path.of("/dev/null");
    private static final int MAX_LINKS = 40;

    /** What the resolver needs to know about the guest process. */
    public interface Process {
        /** Real path of the guest executable. */
        Path exe();

        /** Real path of the guest working directory. */
        Path cwd();

        /** Host path of guest fd {@code fd}, or null if it has none (stdio, virtual, closed). */
        Path fdPath(int fd);
    }

    private final Path writableRoot;
    private final String hostPid = Long.toString(ProcessHandle.current().pid());

    /** @param writableRoot the --allow-write directory (any path; resolved here), or null */
    public FileSandbox(Path writableRoot) throws IOException {
        this.writableRoot = writableRoot == null ? null : writableRoot.toRealPath();
        if (this.writableRoot != null && !Files.isDirectory(this.writableRoot)) {
            throw new IOException("not a directory: " + writableRoot);
        }
    }

    /** The real --allow-write directory, or null. */
    public Path writableRoot() {
        return writableRoot;
    }

    /**
     * May the guest create, modify, rename or delete the object at real path {@code p}?
     * True only strictly inside the writable root.
     */
    public boolean mayModify(Path p) {
        return writableRoot != null && p.startsWith(writableRoot) && !p.equals(writableRoot)
                && !p.startsWith(PROC_SELF);
    }

    /** May the guest open the existing file at real path {@code p} for writing? */
    public boolean mayOpenForWrite(Path p) {
        return p.equals(DEV_NULL) || mayModify(p);
    }

    /**
     * Resolves guest path {@code path} relative to real directory {@code base}, following a
     * symlink in the last component iff {@code followLast}. The result is a real path (its last
     * component may not exist), or a path under {@link #PROC_SELF}.
     */
    public Path resolve(Path base, String path, boolean followLast, Process proc) throws ErrnoException {
        if (path.isEmpty()) {
            throw new ErrnoException(Errno.ENOENT);
        }
        if (path.length() >= 4096) {
            throw new ErrnoException(Errno.ENAMETOOLONG);
        }
        if (path.indexOf('\0') >= 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        int[] links = {0};
        Path r = walk(path.startsWith("/") ? Path.of("/") : base, path, followLast, proc, links);
        if (path.endsWith("/") && !r.startsWith(PROC_SELF) && Files.exists(r) && !Files.isDirectory(r)) {
            throw new ErrnoException(Errno.ENOTDIR);
        }
        return r;
    }

    private Path walk(Path cur, String path, boolean followLast, Process proc, int[] links) throws ErrnoException {
        Deque<String> comps = new ArrayDeque<>();
        for (String c : path.split("/")) {
            if (!c.isEmpty()) {
                comps.add(c);
            }
        }
        while (!comps.isEmpty()) {
            String c = comps.poll();
            boolean last = comps.isEmpty();
            if (c.length() > 255) {
                throw new ErrnoException(Errno.ENAMETOOLONG);
            }
            if (c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                Path parent = cur.getParent();
                cur = parent == null ? cur : parent;
                continue;
            }
            if (cur.startsWith(PROC_SELF)) {
                cur = procSelfStep(cur, c, last, followLast, proc, links);
                continue;
            }
            Path next = cur.resolve(c);
            if (cur.equals(PROC) && (c.equals("self") || c.equals("thread-self") || c.equals(hostPid))) {
                cur = PROC_SELF;
                continue;
            }
            if (Files.isSymbolicLink(next) && (!last || followLast)) {
                if (++links[0] > MAX_LINKS) {
                    throw new ErrnoException(Errno.ELOOP);
                }
                String target;
                try {
                    target = Files.readSymbolicLink(next).toString();
                } catch (IOException | RuntimeException e) {
                    throw new ErrnoException(Errno.of(e));
                }
                cur = walk(target.startsWith("/") ? Path.of("/") : cur, target, true, proc, links);
                continue;
            }
            if (!last) {
                if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                    throw new ErrnoException(Errno.ENOENT);
                }
                if (!Files.isDirectory(next, LinkOption.NOFOLLOW_LINKS)) {
                    throw new ErrnoException(Errno.ENOTDIR);
                }
            }
            cur = next;
        }
        return cur;
    }

    /** One component below the virtual /proc/self. */
    private Path procSelfStep(Path cur, String c, boolean last, boolean followLast, Process proc, int[] links)
            throws ErrnoException {
        boolean follow = !last || followLast;
        if (cur.equals(PROC_SELF)) {
            switch (c) {
                case "exe", "cwd", "root" -> {
                    if (!follow) {
                        return PROC_SELF.resolve(c);
                    }
                    if (++links[0] > MAX_LINKS) {
                        throw new ErrnoException(Errno.ELOOP);
                    }
                    return switch (c) {
                        case "exe" -> proc.exe();
                        case "cwd" -> proc.cwd();
                        default -> Path.of("/");
                    };
                }
                default -> {
                    return PROC_SELF.resolve(c);
                }
            }
        }
        if (cur.equals(PROC_SELF.resolve("fd"))) {
            int fd;
            try {
                fd = Integer.parseInt(c);
            } catch (NumberFormatException e) {
                throw new ErrnoException(Errno.ENOENT);
            }
            Path target = proc.fdPath(fd);
            if (follow && target != null) {
                if (++links[0] > MAX_LINKS) {
                    throw new ErrnoException(Errno.ELOOP);
                }
                return target;
            }
            return cur.resolve(c);
        }
        throw new ErrnoException(Errno.ENOENT);
    }
}
