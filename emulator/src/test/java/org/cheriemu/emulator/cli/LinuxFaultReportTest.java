package org.cheriemu.emulator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Fatal guest faults in Linux user mode end as Linux would (SIGILL 132, SIGSEGV 139, SIGBUS 135),
 * with a report naming the pc, symbol+offset, the instruction word and its disassembly.
 */
class LinuxFaultReportTest {
    @TempDir
    Path tmp;

    Path compile(String name, String c) throws IOException, InterruptedException {
        Path src = tmp.resolve(name + ".c");
        Files.writeString(src, c);
        Path out = tmp.resolve(name);
        Process p = new ProcessBuilder("riscv64-linux-gnu-gcc", "-march=rv64gc", "-mabi=lp64d", "-O1", "-static",
                "-o", out.toString(), src.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), log);
        return out;
    }

    /** A guest with a SIGSEGV handler gets the fault, as under qemu-riscv64 (same output and status). */
    @org.junit.jupiter.api.Test
    void faultReachesTheGuestsSignalHandler() throws Exception {
        Path exe = compile("handler", """
                #include <setjmp.h>
                #include <signal.h>
                #include <stdio.h>
                #include <string.h>
                static sigjmp_buf env;
                static void on_segv(int sig, siginfo_t *si, void *ctx) {
                    printf("signal %d at %p\\n", sig, si->si_addr);
                    siglongjmp(env, 1);
                }
                int main(void) {
                    struct sigaction sa;
                    memset(&sa, 0, sizeof sa);
                    sa.sa_sigaction = on_segv;
                    sa.sa_flags = SA_SIGINFO;
                    sigaction(SIGSEGV, &sa, 0);
                    if (sigsetjmp(env, 1) == 0) {
                        *(volatile int *)0x18 = 1;
                        puts("not reached");
                    } else {
                        puts("recovered");
                    }
                    return 7;
                }
                """);
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process q = new ProcessBuilder("qemu-riscv64", exe.toString()).redirectErrorStream(true).start();
        String qOut = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int qStatus = q.waitFor();
        Process e = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                "org.cheriemu.emulator.cli.Main", "run", exe.toString()).redirectErrorStream(true).start();
        String eOut = new String(e.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int eStatus = e.waitFor();
        assertEquals("signal 11 at 0x18\nrecovered\n", qOut, "qemu");
        assertEquals(qOut, eOut);
        assertEquals(qStatus, eStatus);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "illegal|__asm__ volatile(\".word 0xffffffff\");|132|ffffffff|illegal",
        "nullstore|*(volatile long *)(long)argc = 1;|139|[0-9a-f]{4,8}|s[dw] ",
        "misaligned_amo|__atomic_fetch_add((int *)(buf + 1), 1, __ATOMIC_SEQ_CST);|135|[0-9a-f]{8}|amoadd.w",
    })
    void fatalFault(String name, String body, int status, String word, String disassembly) throws Exception {
        Path exe = compile(name, """
                static char buf[16] __attribute__((aligned(16)));
                __attribute__((noinline)) int victim(int argc) {
                    %s
                    return buf[0];
                }
                int main(int argc, char **argv) { return victim(argc - 1); }
                """.formatted(body));
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int s;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            s = Main.run("run", exe.toString());
        } finally {
            System.setErr(oldErr);
        }
        String report = err.toString(StandardCharsets.UTF_8);
        assertEquals(status, s, report);
        assertTrue(report.contains("pc 0x"), report);
        assertTrue(report.contains("<victim+0x"), "symbol+offset: " + report);
        assertTrue(java.util.regex.Pattern.compile(": (0x)?" + word + "\\s+\"?" + disassembly).matcher(report).find(),
                "instruction word and disassembly: " + report);
    }
}
