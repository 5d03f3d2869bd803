package org.cheriemu.emulator.linux;

import static org.cheriemu.emulator.linux.SyscallNames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Escape attempts against --allow-write. Layout:
 * <pre>
 *   T/allowed/            the writable tree (guest cwd)
 *   T/allowed/sub/
 *   T/allowed/link-out    -> T/outside          (symlink to a directory outside)
 *   T/allowed/link-file   -> T/outside/secret.txt
 *   T/allowed/dangling    -> T/outside/new.txt  (does not exist yet)
 *   T/allowed/loop        -> loop
 *   T/outside/secret.txt  "secret"
 * </pre>
 * After every test, nothing outside T/allowed may have changed.
 */
class SandboxTest {

    private static final int AT_FDCWD = -100;
    private static final int O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0x40, O_EXCL = 0x80, O_TRUNC = 0x200,
            O_APPEND = 0x400;

    @TempDir
    Path tmp;
    Path allowed, outside, secret;
    Guest g;

    @BeforeEach
    void setUp() throws Exception {
        allowed = Files.createDirectory(tmp.resolve("allowed")).toRealPath();
        outside = Files.createDirectory(tmp.resolve("outside")).toRealPath();
        Files.createDirectory(allowed.resolve("sub"));
        secret = Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(allowed.resolve("link-out"), outside);
        Files.createSymbolicLink(allowed.resolve("link-file"), secret);
        Files.createSymbolicLink(allowed.resolve("dangling"), outside.resolve("new.txt"));
        Files.createSymbolicLink(allowed.resolve("loop"), Path.of("loop"));
        g = Guest.captured(Guest.options().allowWrite(allowed).cwd(allowed));
    }

    @AfterEach
    void outsideUntouched() throws Exception {
        assertEquals("secret", Files.readString(secret));
        try (var s = Files.list(outside)) {
            assertEquals(1, s.count(), "no file created outside");
        }
        assertEquals(0, g.env.internalErrors(), () -> String.valueOf(g.env.lastInternalError().orElse(null)));
    }

    private long open(String path, int flags) {
        return g.sys(OPENAT, AT_FDCWD, g.str(path), flags, 0644);
    }

    @Test
    void writingInsideTheAllowedTreeWorks() throws Exception {
        long fd = open("new.txt", O_CREAT | O_WRONLY | O_TRUNC);
        assertTrue(fd >= 3, "fd " + fd);
        assertEquals(3, g.sys(WRITE, fd, g.str("abc"), 3));
        assertEquals(0, g.sys(CLOSE, fd));
        assertEquals("abc", Files.readString(allowed.resolve("new.txt")));
        fd = open("sub/../new.txt", O_WRONLY | O_APPEND);
        assertEquals(2, g.sys(WRITE, fd, g.str("de"), 2));
        assertEquals("abcde", Files.readString(allowed.resolve("new.txt")));
        assertEquals(0, g.sys(FTRUNCATE, fd, 1));
        assertEquals("a", Files.readString(allowed.resolve("new.txt")));
        assertEquals(0, g.sys(MKDIRAT, AT_FDCWD, g.str("dir"), 0755));
        assertTrue(Files.isDirectory(allowed.resolve("dir")));
        assertEquals(0, g.sys(RENAMEAT, AT_FDCWD, g.str("new.txt"), AT_FDCWD, g.str("dir/moved.txt")));
        assertTrue(Files.exists(allowed.resolve("dir/moved.txt")));
        assertEquals(0, g.sys(UNLINKAT, AT_FDCWD, g.str(allowed + "/dir/moved.txt"), 0));
        assertEquals(0, g.sys(UNLINKAT, AT_FDCWD, g.str("dir"), 0x200));
        assertFalse(Files.exists(allowed.resolve("dir")));
        assertEquals(-Errno.EEXIST, open("sub", O_CREAT | O_EXCL | O_WRONLY));
    }

    @Test
    void dotDotOutIsDenied() {
        assertEquals(-Errno.EACCES, open("../outside/new.txt", O_CREAT | O_WRONLY));
        assertEquals(-Errno.EACCES, open("sub/../../outside/secret.txt", O_WRONLY));
        assertEquals(-Errno.EACCES, open("../outside/secret.txt", O_RDONLY_TRUNC()));
        assertEquals(-Errno.EACCES, g.sys(MKDIRAT, AT_FDCWD, g.str("../outside/d"), 0755));
        assertEquals(-Errno.EACCES, g.sys(UNLINKAT, AT_FDCWD, g.str("../outside/secret.txt"), 0));
    }

    private static int O_RDONLY_TRUNC() {
        return O_RDWR | O_TRUNC;
    }

    @Test
    void absolutePathsOutsideAreDenied() {
        assertEquals(-Errno.EACCES, open(outside + "/new.txt", O_CREAT | O_WRONLY));
        assertEquals(-Errno.EACCES, open(secret.toString(), O_RDWR));
        assertEquals(-Errno.EACCES, open(allowed + "/../outside/new.txt", O_CREAT | O_WRONLY));
        assertEquals(-Errno.EACCES, open("/tmp/cheri-emu-sandbox-probe", O_CREAT | O_WRONLY));
        assertFalse(Files.exists(Path.of("/tmp/cheri-emu-sandbox-probe")));
    }

    @Test
    void symlinksPointingOutsideAreFollowedThenDenied() {
        assertEquals(-Errno.EACCES, open("link-out/new.txt", O_CREAT | O_WRONLY));
        assertEquals(-Errno.EACCES, open("link-out/secret.txt", O_WRONLY | O_TRUNC));
        assertEquals(-Errno.EACCES, open("link-file", O_WRONLY));
        assertEquals(-Errno.EACCES, open("link-file", O_RDWR | O_APPEND));
        assertEquals(-Errno.EACCES, open("dangling", O_CREAT | O_WRONLY), "dangling link must not create outside");
        assertEquals(-Errno.EACCES, g.sys(MKDIRAT, AT_FDCWD, g.str("link-out/d"), 0755));
        assertEquals(-Errno.EACCES, g.sys(UNLINKAT, AT_FDCWD, g.str("link-out/secret.txt"), 0));
        // reading through the link is allowed
        long fd = open("link-file", 0);
        assertTrue(fd >= 3);
        long buf = g.alloc(16);
        assertEquals(6, g.sys(READ, fd, buf, 16));
        // the links themselves live inside: removing one is fine and leaves the target alone
        assertEquals(0, g.sys(UNLINKAT, AT_FDCWD, g.str("link-file"), 0));
        assertTrue(Files.exists(secret));
        assertEquals(-Errno.ELOOP, open("loop", 0));
    }

    @Test
    void renameOutOfOrIntoTheTreeIsDenied() throws Exception {
        Files.writeString(allowed.resolve("mine.txt"), "mine");
        assertEquals(-Errno.EACCES, g.sys(RENAMEAT, AT_FDCWD, g.str("mine.txt"), AT_FDCWD, g.str("../outside/mine.txt")));
        assertEquals(-Errno.EACCES, g.sys(RENAMEAT, AT_FDCWD, g.str("mine.txt"), AT_FDCWD, g.str("link-out/mine.txt")));
        assertEquals(-Errno.EACCES, g.sys(RENAMEAT, AT_FDCWD, g.str("link-out/secret.txt"), AT_FDCWD, g.str("stolen")));
        assertEquals(-Errno.EACCES, g.sys(RENAMEAT2, AT_FDCWD, g.str(secret.toString()), AT_FDCWD, g.str("stolen"), 0));
        // renaming onto a symlink replaces the link (not its target), as rename(2) does
        assertEquals(0, g.sys(RENAMEAT, AT_FDCWD, g.str("mine.txt"), AT_FDCWD, g.str("link-file")));
        assertFalse(Files.isSymbolicLink(allowed.resolve("link-file")));
        assertEquals("mine", Files.readString(allowed.resolve("link-file")));
        // the tree's root itself cannot be renamed or removed
        assertEquals(-Errno.EACCES, g.sys(RENAMEAT, AT_FDCWD, g.str(allowed.toString()), AT_FDCWD, g.str("x")));
        assertEquals(-Errno.EACCES, g.sys(UNLINKAT, AT_FDCWD, g.str(allowed.toString()), 0x200));
    }

    @Test
    void procSelfPathsDoNotEscape() {
        assertEquals(-Errno.EACCES, open("/proc/self/cwd/../outside/new.txt", O_CREAT | O_WRONLY));
        assertEquals(-Errno.EACCES, open("/proc/self/root" + outside + "/new.txt", O_CREAT | O_WRONLY));
        assertEquals(-Errno.EACCES, open("/proc/" + ProcessHandle.current().pid() + "/cwd/../outside/x",
                O_CREAT | O_WRONLY));
        assertEquals(-Errno.EACCES, open("/proc/self/maps", O_WRONLY));
        // /proc/self/cwd is the guest's cwd: writing inside the tree through it works
        long fd = open("/proc/self/cwd/via-proc.txt", O_CREAT | O_WRONLY);
        assertTrue(fd >= 3, "fd " + fd);
        assertTrue(Files.exists(allowed.resolve("via-proc.txt")));
    }

    @Test
    void withoutAllowWriteNothingIsWritable() throws Exception {
        Guest ro = Guest.captured(Guest.options().cwd(allowed));
        Files.writeString(allowed.resolve("existing.txt"), "keep");
        long before = Files.list(allowed).count();
        assertEquals(-Errno.EACCES, ro.sys(OPENAT, AT_FDCWD, ro.str("x.txt"), O_CREAT | O_WRONLY, 0644));
        assertEquals(-Errno.EACCES, ro.sys(OPENAT, AT_FDCWD, ro.str("existing.txt"), O_WRONLY, 0));
        assertEquals(-Errno.EACCES, ro.sys(OPENAT, AT_FDCWD, ro.str("existing.txt"), O_RDWR | O_TRUNC, 0));
        assertEquals(-Errno.EACCES, ro.sys(UNLINKAT, AT_FDCWD, ro.str("existing.txt"), 0));
        assertEquals(-Errno.EACCES, ro.sys(MKDIRAT, AT_FDCWD, ro.str("d"), 0755));
        assertEquals(-Errno.EACCES, ro.sys(RENAMEAT, AT_FDCWD, ro.str("existing.txt"), AT_FDCWD, ro.str("y")));
        assertEquals("keep", Files.readString(allowed.resolve("existing.txt")));
        assertEquals(before, Files.list(allowed).count());
        // reading is fine, and /dev/null takes writes
        assertTrue(ro.sys(OPENAT, AT_FDCWD, ro.str("existing.txt"), 0, 0) >= 3);
        long dn = ro.sys(OPENAT, AT_FDCWD, ro.str("/dev/null"), O_WRONLY, 0);
        assertTrue(dn >= 3);
        assertEquals(4, ro.sys(WRITE, dn, ro.str("gone"), 4));
        assertEquals(0, ro.env.internalErrors());
    }

    @Test
    void dirfdRelativePathsAreCheckedToo() throws Exception {
        long dfd = g.sys(OPENAT, AT_FDCWD, g.str(outside.toString()), 0x10000, 0);
        assertTrue(dfd >= 3);
        assertEquals(-Errno.EACCES, g.sys(OPENAT, dfd, g.str("new.txt"), O_CREAT | O_WRONLY, 0644));
        long sub = g.sys(OPENAT, AT_FDCWD, g.str("sub"), 0x10000, 0);
        long fd = g.sys(OPENAT, sub, g.str("ok.txt"), O_CREAT | O_WRONLY, 0644);
        assertTrue(fd >= 3);
        assertTrue(Files.exists(allowed.resolve("sub/ok.txt")));
        assertEquals(-Errno.EACCES, g.sys(OPENAT, sub, g.str("../../outside/new.txt"), O_CREAT | O_WRONLY, 0644));
    }

    @Test
    void linksModesAndTimesStayInside() throws Exception {
        // a hard link inside the tree to an outside file would let writes reach it: denied
        assertEquals(-Errno.EACCES, g.sys(LINKAT, AT_FDCWD, g.str(secret.toString()), AT_FDCWD, g.str("hard"), 0));
        assertEquals(-Errno.EACCES, g.sys(LINKAT, AT_FDCWD, g.str("link-file"), AT_FDCWD, g.str("hard"), 0x400));
        assertFalse(Files.exists(allowed.resolve("hard")));
        Files.writeString(allowed.resolve("mine.txt"), "mine");
        assertEquals(0, g.sys(LINKAT, AT_FDCWD, g.str("mine.txt"), AT_FDCWD, g.str("hard"), 0));
        assertEquals("mine", Files.readString(allowed.resolve("hard")));
        // a new symlink pointing outside may be created, but not written through
        assertEquals(0, g.sys(SYMLINKAT, g.str(secret.toString()), AT_FDCWD, g.str("sneaky")));
        assertEquals(-Errno.EACCES, open("sneaky", O_WRONLY | O_TRUNC));
        assertEquals(-Errno.EACCES, g.sys(SYMLINKAT, g.str("x"), AT_FDCWD, g.str("../outside/link")));
        // chmod, truncate, utimensat outside: denied
        assertEquals(-Errno.EACCES, g.sys(FCHMODAT, AT_FDCWD, g.str("link-file"), 0777));
        assertEquals(-Errno.EACCES, g.sys(TRUNCATE, g.str("link-out/secret.txt"), 0));
        long mtime = Files.getLastModifiedTime(secret).toMillis();
        assertEquals(-Errno.EACCES, g.sys(UTIMENSAT, AT_FDCWD, g.str(secret.toString()), 0, 0));
        assertEquals(mtime, Files.getLastModifiedTime(secret).toMillis());
        assertEquals(0, g.sys(FCHMODAT, AT_FDCWD, g.str("mine.txt"), 0600));
        assertEquals(0, g.sys(TRUNCATE, g.str("mine.txt"), 2));
        assertEquals("mi", Files.readString(allowed.resolve("mine.txt")));
        assertEquals(0, g.sys(UTIMENSAT, AT_FDCWD, g.str("mine.txt"), 0, 0));
    }
}
