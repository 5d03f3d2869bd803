/* Common Linux system calls whose results are deterministic (or are printed only as properties):
 * mmap/mprotect/munmap, brk, pipe/dup/dup2, write/read on pipes, openat/fstat on a data file,
 * lseek, clock_gettime monotonicity, getrandom's length, uname's sysname/machine, getcwd's success. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

int main(void) {
    /* anonymous memory */
    size_t len = 3 * 4096;
    unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("mmap: %s, zero-filled: %d\n", p == MAP_FAILED ? "failed" : "ok", p != MAP_FAILED && p[0] == 0 && p[len - 1] == 0);
    for (size_t i = 0; i < len; i++) p[i] = (unsigned char)i;
    printf("mprotect read-only: %d\n", mprotect(p, 4096, PROT_READ));
    unsigned sum = 0;
    for (size_t i = 0; i < len; i += 509) sum += p[i];
    printf("still readable: sum %u\n", sum);
    printf("munmap: %d\n", munmap(p, len));
    errno = 0;
    void *bad = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, -1, 0); /* no MAP_ANONYMOUS and fd -1 */
    printf("mmap with a bad fd: %s, errno EBADF: %d\n", bad == MAP_FAILED ? "failed" : "ok?!", errno == EBADF);

    /* brk */
    void *b0 = sbrk(0);
    void *b1 = sbrk(65536);
    void *b2 = sbrk(0);
    printf("sbrk: grew by %ld\n", (long)((char *)b2 - (char *)b0));
    memset(b1, 0x5a, 65536);
    sbrk(-65536);
    printf("sbrk: back to start: %d\n", sbrk(0) == b0);

    /* pipes and descriptors */
    int fds[2];
    printf("pipe: %d\n", pipe(fds));
    const char msg[] = "through the pipe";
    printf("write: %zd\n", write(fds[1], msg, sizeof msg));
    char buf[64] = {0};
    printf("read: %zd [%s]\n", read(fds[0], buf, sizeof buf), buf);
    int d = dup(fds[1]);
    printf("dup: new fd above the pipe: %d\n", d > fds[1]);
    printf("dup2 to 20: %d\n", dup2(fds[1], 20));
    printf("write via dup2: %zd\n", write(20, "x", 1));
    printf("read it: %zd '%c'\n", read(fds[0], buf, 1), buf[0]);
    close(d);
    close(20);
    close(fds[1]);
    printf("read at EOF: %zd\n", read(fds[0], buf, 1));
    close(fds[0]);
    errno = 0;
    printf("close of a closed fd: %d, errno EBADF: %d\n", close(fds[0]), errno == EBADF);

    /* files */
    int fd = openat(AT_FDCWD, "data/input.txt", O_RDONLY | O_CLOEXEC);
    struct stat st;
    printf("openat: %s, fstat: %d, regular: %d, size %lld\n", fd >= 0 ? "ok" : "failed", fstat(fd, &st),
           S_ISREG(st.st_mode), (long long)st.st_size);
    printf("lseek end: %lld\n", (long long)lseek(fd, 0, SEEK_END));
    printf("pread: %zd [%.5s]\n", pread(fd, buf, 5, 4), buf);
    close(fd);
    errno = 0;
    printf("open missing: %d, errno ENOENT: %d\n", open("data/no-such-file", O_RDONLY), errno == ENOENT);

    /* time, randomness, identity */
    struct timespec t1, t2;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    for (volatile int i = 0; i < 100000; i++) {
    }
    clock_gettime(CLOCK_MONOTONIC, &t2);
    printf("monotonic clock does not go back: %d\n",
           t2.tv_sec > t1.tv_sec || (t2.tv_sec == t1.tv_sec && t2.tv_nsec >= t1.tv_nsec));
    struct timespec rt;
    printf("realtime after 2020: %d\n", clock_gettime(CLOCK_REALTIME, &rt) == 0 && rt.tv_sec > 1577836800);
    unsigned char rnd[32];
    printf("getrandom: %zd\n", getrandom(rnd, sizeof rnd, 0));
    struct utsname u;
    printf("uname: %d %s %s\n", uname(&u), u.sysname, u.machine);
    char cwd[4096];
    printf("getcwd: %s\n", getcwd(cwd, sizeof cwd) ? "ok" : "failed");
    printf("pid positive: %d\n", getpid() > 0);
    return 0;
}
