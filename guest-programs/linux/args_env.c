/* Prints argc, argv[1..] (argv[0] is the path the runner chose, so it is not printed) and one chosen
 * environment variable. The manifest sets CHERIEMU_GUEST_GREETING; nothing else from the host environment is printed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv, char **envp) {
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++) printf("argv[%d]=[%s] len=%zu\n", i, argv[i], strlen(argv[i]));
    printf("argv[argc]=%s\n", argv[argc] == NULL ? "NULL" : "not NULL");
    const char *g = getenv("CHERIEMU_GUEST_GREETING");
    printf("CHERIEMU_GUEST_GREETING=%s\n", g ? g : "(unset)");
    int found = 0;
    for (char **e = envp; *e; e++)
        if (!strncmp(*e, "CHERIEMU_GUEST_GREETING=", 24)) found++;
    printf("in envp: %d\n", found);
    printf("unset var: %s\n", getenv("CHERIEMU_SURELY_NOT_SET") ? "set" : "(unset)");
    return 0;
}
