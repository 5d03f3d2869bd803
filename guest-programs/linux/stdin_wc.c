/* Reads standard input to the end and prints line/word/byte counts and a reversed copy of each line. */
#include <stdio.h>
#include <string.h>

int main(void) {
    char line[512];
    long lines = 0, words = 0, bytes = 0;
    while (fgets(line, sizeof line, stdin)) {
        size_t n = strlen(line);
        bytes += (long)n;
        if (n && line[n - 1] == '\n') { lines++; line[--n] = 0; }
        int in = 0;
        for (size_t i = 0; i < n; i++) {
            int sp = line[i] == ' ' || line[i] == '\t';
            if (!sp && !in) words++;
            in = !sp;
        }
        for (size_t i = 0; i < n / 2; i++) { char t = line[i]; line[i] = line[n - 1 - i]; line[n - 1 - i] = t; }
        printf("%3ld: %s\n", lines, line);
    }
    printf("lines=%ld words=%ld bytes=%ld\n", lines, words, bytes);
    return 0;
}
