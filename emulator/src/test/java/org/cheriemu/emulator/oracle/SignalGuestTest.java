package org.cheriemu.emulator.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.cheriemu.emulator.cpu.GuestExit;
import org.cheriemu.emulator.cpu.Hart;
import org.cheriemu.emulator.linux.LinuxEnvironment;
import org.cheriemu.emulator.linux.LinuxOptions;
import org.cheriemu.emulator.nativelib.NativeTestSupport;
import org.cheriemu.emulator.nativelib.Unicorn;
import org.cheriemu.isa.memory.TaggedMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signal handlers (a SIGSEGV handler that siglongjmps out, a handler run at raise()'s return):
 * our Linux layer moves the pc, and lockstep and the Unicorn engine must follow it. Built with the
 * cross compiler and checked against qemu-riscv64 (both installed by ./test.sh).
 */
class SignalGuestTest {

    static final String SOURCE = """
            #include <signal.h>
            #include <stdio.h>
            #include <setjmp.h>
            static sigjmp_buf env;
            static volatile int hits;
            static void on_segv(int s) { (void) s; hits++; siglongjmp(env, 1); }
            static void on_usr1(int s) { (void) s; hits += 10; }
            int main(void) {
                signal(SIGSEGV, on_segv);
                signal(SIGUSR1, on_usr1);
                if (!sigsetjmp(env, 1)) {
                    *(volatile int *) 16 = 1;
                }
                raise(SIGUSR1);
                printf("hits %d\\n", hits);
                return hits;
            }
            """;

    @TempDir
    Path tmp;

    static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), command + " did not finish");
        return p.exitValue() + ":" + out;
    }

    static LinuxOptions options(Path elf, ByteArrayOutputStream out) {
        return LinuxOptions.of(List.of(elf.toString())).trapHandlers(true)
                .stdio(new ByteArrayInputStream(new byte[0]), out, out, false);
    }

    @Test
    void handlersRunAlikeInLockstepAndOnUnicorn() throws Exception {
        NativeTestSupport.requireUnicorn();
        Path src = tmp.resolve("sig.c"), elf = tmp.resolve("sig");
        Files.writeString(src, SOURCE);
        assertEquals("0:", run(List.of("riscv64-linux-gnu-gcc", "-static", "-O1", "-o", elf.toString(), src.toString())));
        String qemu = run(List.of("qemu-riscv64", elf.toString()));
        assertEquals("11:hits 11\n", qemu);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TaggedMemory mem = new TaggedMemory();
        LinuxEnvironment env = LinuxEnvironment.load(mem, elf, options(elf, out));
        Hart hart = new Hart(mem, env, null, true, 0);
        hart.setPc(env.entry());
        hart.setX(2, env.initialSp());
        Lockstep.Result r;
        try (Unicorn uc = Unicorn.open()) {
            r = new Lockstep(hart, env, uc).run(Long.MAX_VALUE);
        }
        assertEquals(Lockstep.Outcome.GUEST_EXIT, r.outcome(), r.report());
        assertEquals(qemu, r.status() + ":" + out.toString(StandardCharsets.UTF_8));
        assertTrue(r.resyncs() >= 2, "resyncs " + r.resyncs());

        ByteArrayOutputStream out2 = new ByteArrayOutputStream();
        TaggedMemory mem2 = new TaggedMemory();
        LinuxEnvironment env2 = LinuxEnvironment.load(mem2, elf, options(elf, out2));
        int status = -1;
        try (Unicorn uc = Unicorn.open()) {
            new UnicornEngine(env2, mem2, uc).run(env2.entry(), env2.initialSp(), Long.MAX_VALUE);
        } catch (GuestExit e) {
            status = e.status();
        }
        assertEquals(qemu, status + ":" + out2.toString(StandardCharsets.UTF_8));
    }
}
