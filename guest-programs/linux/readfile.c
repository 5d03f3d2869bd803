/* Reads the file named by argv[1] with open/read/lseek/close and with stdio, and summarises it. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: readfile FILE\n"); return 2; }
    int fd = open(argv[1], O_RDONLY);
    if (fd < 0) { perror("open"); return 1; }
    struct stat st;
    if (fstat(fd, &st) != 0) { perror("fstat"); return 1; }
    printf("size: %lld\n", (long long)st.st_size);
    unsigned char buf[1000];
    uint32_t crc = 0xFFFFFFFFu;
    long total = 0, lines = 0, words = 0;
    int inword = 0;
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            unsigned char c = buf[i];
            crc ^= c;
            for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1));
            if (c == '\n') lines++;
            int sp = c == ' ' || c == '\n' || c == '\t';
            if (!sp && !inword) words++;
            inword = !sp;
        }
        total += n;
    }
    printf("read: %ld bytes, %ld lines, %ld words, crc32 %08x\n", total, lines, words, crc ^ 0xFFFFFFFFu);
    off_t pos = lseek(fd, 10, SEEK_SET);
    n = read(fd, buf, 20);
    printf("lseek: %lld, read %zd: [%.*s]\n", (long long)pos, n, (int)n, (char *)buf);
    pos = lseek(fd, -8, SEEK_END);
    n = read(fd, buf, sizeof buf);
    printf("tail: %lld, read %zd\n", (long long)pos, n);
    n = read(fd, buf, sizeof buf);
    printf("eof read: %zd\n", n);
    close(fd);

    FILE *f = fopen(argv[1], "r");
    if (!f) { perror("fopen"); return 1; }
    char line[256];
    for (int i = 1; i <= 3 && fgets(line, sizeof line, f); i++) {
        line[strcspn(line, "\n")] = 0;
        printf("line %d: %s\n", i, line);
    }
    fclose(f);

    printf("missing file: %s\n", open("data/does-not-exist", O_RDONLY) < 0 ? "open failed as expected" : "opened?!");
    return 0;
}
