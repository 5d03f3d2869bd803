package org.cheriemu.emulator.linux;

import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.Map;

/** Guest file descriptors: lowest-free allocation, close-on-exec flags, shared descriptions. */
public final class FdTable {

    public static final int MAX_FDS = 1024;

    private final OpenFile[] files = new OpenFile[MAX_FDS];
    private final boolean[] cloexec = new boolean[MAX_FDS];
    private final Map<OpenFile, Integer> refs = new IdentityHashMap<>();

    public OpenFile get(int fd) throws ErrnoException {
        if (fd < 0 || fd >= MAX_FDS || files[fd] == null) {
            throw new ErrnoException(Errno.EBADF);
        }
        return files[fd];
    }

    /** The file at {@code fd}, or null. */
    public OpenFile peek(int fd) {
        return fd < 0 || fd >= MAX_FDS ? null : files[fd];
    }

    /** Installs {@code f} at the lowest free fd ≥ {@code min}. */
    public int install(OpenFile f, int min, boolean closeOnExec) throws ErrnoException {
        for (int fd = Math.max(0, min); fd < MAX_FDS; fd++) {
            if (files[fd] == null) {
                set(fd, f, closeOnExec);
                return fd;
            }
        }
        throw new ErrnoException(Errno.EMFILE);
    }

    /** Installs {@code f} at {@code fd}, closing what was there (dup3). */
    public void installAt(int fd, OpenFile f, boolean closeOnExec) throws ErrnoException {
        if (fd < 0 || fd >= MAX_FDS) {
            throw new ErrnoException(Errno.EBADF);
        }
        if (files[fd] != null) {
            close(fd);
        }
        set(fd, f, closeOnExec);
    }

    private void set(int fd, OpenFile f, boolean closeOnExec) {
        files[fd] = f;
        cloexec[fd] = closeOnExec;
        refs.merge(f, 1, Integer::sum);
    }

    public void close(int fd) throws ErrnoException {
        OpenFile f = get(fd);
        files[fd] = null;
        cloexec[fd] = false;
        int n = refs.merge(f, -1, Integer::sum);
        if (n == 0) {
            refs.remove(f);
            try {
                f.close();
            } catch (IOException e) {
                throw new ErrnoException(Errno.EIO);
            }
        }
    }

    public boolean closeOnExec(int fd) {
        return cloexec[fd];
    }

    public void setCloseOnExec(int fd, boolean v) {
        cloexec[fd] = v;
    }

    /** Closes every host file (end of the run). */
    public void closeAll() {
        for (int fd = 0; fd < MAX_FDS; fd++) {
            if (files[fd] != null) {
                try {
                    close(fd);
                } catch (ErrnoException e) {
                    // ignore at exit
                }
            }
        }
    }
}
