package org.cheriemu.emulator.linux;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;

/** Linux errno values (asm-generic, as on RISC-V) and the host-exception → errno mapping. */
public final class Errno {

    public static final int EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, ENXIO = 6, E2BIG = 7,
            ENOEXEC = 8, EBADF = 9, ECHILD = 10, EAGAIN = 11, ENOMEM = 12, EACCES = 13, EFAULT = 14,
            EBUSY = 16, EEXIST = 17, EXDEV = 18, ENODEV = 19, ENOTDIR = 20, EISDIR = 21, EINVAL = 22,
            ENFILE = 23, EMFILE = 24, ENOTTY = 25, EFBIG = 27, ENOSPC = 28, ESPIPE = 29, EROFS = 30,
            EMLINK = 31, EPIPE = 32, ERANGE = 34, EDEADLK = 35, ENAMETOOLONG = 36, ENOSYS = 38,
            ENOTEMPTY = 39, ELOOP = 40, ENOTSUP = 95, ETIMEDOUT = 110;

    private Errno() {
    }

    /** glibc's strerror text, as qemu-riscv64 -strace prints it. */
    public static String message(int errno) {
        return switch (errno) {
            case EPERM -> "Operation not permitted";
            case ENOENT -> "No such file or directory";
            case ESRCH -> "No such process";
            case EINTR -> "Interrupted system call";
            case EIO -> "Input/output error";
            case ENXIO -> "No such device or address";
            case E2BIG -> "Argument list too long";
            case ENOEXEC -> "Exec format error";
            case EBADF -> "Bad file descriptor";
            case ECHILD -> "No child processes";
            case EAGAIN -> "Resource temporarily unavailable";
            case ENOMEM -> "Cannot allocate memory";
            case EACCES -> "Permission denied";
            case EFAULT -> "Bad address";
            case EBUSY -> "Device or resource busy";
            case EEXIST -> "File exists";
            case EXDEV -> "Invalid cross-device link";
            case ENODEV -> "No such device";
            case ENOTDIR -> "Not a directory";
            case EISDIR -> "Is a directory";
            case EINVAL -> "Invalid argument";
            case ENFILE -> "Too many open files in system";
            case EMFILE -> "Too many open files";
            case ENOTTY -> "Inappropriate ioctl for device";
            case EFBIG -> "File too large";
            case ENOSPC -> "No space left on device";
            case ESPIPE -> "Illegal seek";
            case EROFS -> "Read-only file system";
            case EMLINK -> "Too many links";
            case EPIPE -> "Broken pipe";
            case ERANGE -> "Numerical result out of range";
            case EDEADLK -> "Resource deadlock avoided";
            case ENAMETOOLONG -> "File name too long";
            case ENOSYS -> "Function not implemented";
            case ENOTEMPTY -> "Directory not empty";
            case ELOOP -> "Too many levels of symbolic links";
            case ENOTSUP -> "Operation not supported";
            case ETIMEDOUT -> "Connection timed out";
            default -> "Unknown error " + errno;
        };
    }

    /** The errno a host exception stands for (EIO when nothing more specific applies). */
    public static int of(Throwable t) {
        if (t instanceof ErrnoException e) {
            return e.errno();
        }
        if (t instanceof NoSuchFileException) {
            return ENOENT;
        }
        if (t instanceof FileAlreadyExistsException) {
            return EEXIST;
        }
        if (t instanceof AccessDeniedException) {
            return EACCES;
        }
        if (t instanceof NotDirectoryException) {
            return ENOTDIR;
        }
        if (t instanceof DirectoryNotEmptyException) {
            return ENOTEMPTY;
        }
        if (t instanceof NotLinkException) {
            return EINVAL;
        }
        if (t instanceof FileSystemLoopException) {
            return ELOOP;
        }
        if (t instanceof ClosedChannelException || t instanceof NonReadableChannelException
                || t instanceof NonWritableChannelException) {
            return EBADF;
        }
        if (t instanceof InvalidPathException) {
            return ENOENT;
        }
        if (t instanceof SecurityException) {
            return EACCES;
        }
        if (t instanceof OutOfMemoryError) {
            return ENOMEM;
        }
        if (t instanceof IOException) {
            String r = t instanceof FileSystemException f && f.getReason() != null ? f.getReason() : t.getMessage();
            if (r != null) {
                if (r.contains("Is a directory")) {
                    return EISDIR;
                }
                if (r.contains("Not a directory")) {
                    return ENOTDIR;
                }
                if (r.contains("Read-only file system")) {
                    return EROFS;
                }
                if (r.contains("No space left")) {
                    return ENOSPC;
                }
                if (r.contains("Too many levels of symbolic links")) {
                    return ELOOP;
                }
                if (r.contains("File name too long")) {
                    return ENAMETOOLONG;
                }
                if (r.contains("cross-device") || r.contains("Cross-device")) {
                    return EXDEV;
                }
                if (r.contains("Permission denied")) {
                    return EACCES;
                }
                if (r.contains("Operation not permitted")) {
                    return EPERM;
                }
                if (r.contains("Broken pipe")) {
                    return EPIPE;
                }
                if (r.contains("Invalid argument")) {
                    return EINVAL;
                }
                if (r.contains("No such device")) {
                    return ENXIO;
                }
                if (r.contains("Directory not empty")) {
                    return ENOTEMPTY;
                }
                if (r.contains("Too many open files")) {
                    return EMFILE;
                }
            }
            return EIO;
        }
        if (t instanceof IllegalArgumentException) {
            return EINVAL;
        }
        return EIO;
    }
}
