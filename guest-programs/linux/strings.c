#define _GNU_SOURCE
/* String and memory functions from glibc (many have hand-written RISC-V versions or vector-free fallbacks). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void show(const char *label, const unsigned char *p, size_t n) {
    printf("%s:", label);
    for (size_t i = 0; i < n; i++) printf(" %02x", p[i]);
    printf("\n");
}

static int sign(int v) { return v < 0 ? -1 : v > 0; }

int main(void) {
    char a[64] = "Hello, RISC-V world";
    char b[64];
    printf("strlen: %zu\n", strlen(a));
    strcpy(b, a);
    printf("strcpy: [%s] cmp=%d\n", b, strcmp(a, b));
    strcat(b, "!!");
    printf("strcat: [%s] len=%zu\n", b, strlen(b));
    printf("strcmp: %d %d %d\n", sign(strcmp("abc", "abd")), sign(strcmp("b", "a")), sign(strcmp("", "")));
    printf("strncmp: %d %d\n", sign(strncmp("abcdef", "abcxyz", 3)), sign(strncmp("abcdef", "abcxyz", 4)));
    printf("strcasecmp: %d\n", sign(strcasecmp("HeLLo", "hello")));
    printf("strchr: %s | strrchr: %s\n", strchr(a, 'o'), strrchr(a, 'o'));
    printf("strstr: %s | missing: %p\n", strstr(a, "RISC"), (void *)strstr(a, "x86"));
    printf("strspn: %zu strcspn: %zu\n", strspn("aaabbbccc", "ab"), strcspn("hello world", " "));
    char *dup = strdup(a);
    for (char *p = dup; *p; p++) *p = (char)toupper((unsigned char)*p);
    printf("toupper: %s\n", dup);
    free(dup);
    char tok[] = "one,two;;three,,four";
    char *save = NULL;
    for (char *t = strtok_r(tok, ",;", &save); t; t = strtok_r(NULL, ",;", &save)) printf("token: %s\n", t);
    printf("strtol: %ld %ld %ld %lu\n", strtol("-12345", NULL, 10), strtol("ff", NULL, 16), strtol("0777", NULL, 0),
           strtoul("18446744073709551615", NULL, 10));
    printf("atoi: %d\n", atoi("  42abc"));

    /* memory functions over unaligned ranges of many lengths */
    unsigned char src[256], dst[256];
    for (int i = 0; i < 256; i++) src[i] = (unsigned char)(i * 7 + 3);
    unsigned long sum = 0;
    for (int off = 0; off < 8; off++)
        for (int len = 0; len < 80; len += 3) {
            memset(dst, 0xAA, sizeof dst);
            memcpy(dst + off, src + (7 - off), (size_t)len);
            for (int i = 0; i < 256; i++) sum = sum * 31 + dst[i];
        }
    printf("memcpy checksum: %lu\n", sum);
    memcpy(dst, src, 64);
    memmove(dst + 5, dst, 40);
    show("memmove fwd", dst, 48);
    memcpy(dst, src, 64);
    memmove(dst, dst + 5, 40);
    show("memmove back", dst, 48);
    memset(dst, 0x5c, 19);
    show("memset", dst, 24);
    printf("memcmp: %d %d %d\n", sign(memcmp(src, src, 100)), sign(memcmp("\x01\x02", "\x01\x03", 2)),
           sign(memcmp("\xff", "\x01", 1)));
    const char *hay = "find the needle in the haystack";
    printf("memchr: %s\n", (const char *)memchr(hay, 'n', strlen(hay)));
    printf("memrchr: %s\n", (const char *)memrchr(hay, 'n', strlen(hay)));
    char big[1000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = 0;
    big[777] = 'y';
    printf("big: strlen=%zu strchr(y)=%td\n", strlen(big), strchr(big, 'y') - big);
    return 0;
}
