package org.cheriemu.emulator.loader;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real guest binaries for loader tests: a small static glibc program built with the Debian
 * cross compiler into {@code target/test-guests/} (once per build). Tests are skipped, not
 * failed, when the cross compiler is not installed.
 */
public final class TestGuests {

    private static final String HELLO_C = """
            #include <stdio.h>
            #include <string.h>
            int counter = 7;
            static char big[100000];
            int helper(int x) { return x * 3 + counter; }
            int main(int argc, char **argv) {
                memset(big, argc, sizeof big);
                printf("hello %d %d\\n", argc, helper(argc) + big[5]);
                return argc == 1 ? 0 : 3;
            }
            """;

    private static Path hello;

    private TestGuests() {
    }

    /** target/ of the emulator module. */
    public static Path targetDir() {
        Path p = Path.of("target");
        if (Files.isDirectory(Path.of("emulator", "target")) && !Files.isDirectory(Path.of("src"))) {
            p = Path.of("emulator", "target");
        }
        return p.toAbsolutePath();
    }

    /** A static RISC-V 64 glibc executable (ET_EXEC) with a symbol table. */
    public static synchronized Path staticHello() {
        if (hello == null) {
            hello = compile("hello", HELLO_C, List.of("-static", "-O1"));
        }
        return hello;
    }

    /** Compiles C source with riscv64-linux-gnu-gcc; skips the calling test if that fails to start. */
    public static Path compile(String name, String source, List<String> flags) {
        try {
            Path dir = targetDir().resolve("test-guests");
            Files.createDirectories(dir);
            Path src = dir.resolve(name + ".c");
            Path out = dir.resolve(name);
            if (Files.exists(out) && Files.exists(src) && Files.readString(src).equals(source)) {
                return out;
            }
            Files.writeString(src, source);
            List<String> cmd = new java.util.ArrayList<>(List.of("riscv64-linux-gnu-gcc"));
            cmd.addAll(flags);
            cmd.addAll(List.of("-o", out.toString(), src.toString()));
            Process p;
            try {
                p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            } catch (IOException e) {
                assumeTrue(false, "riscv64-linux-gnu-gcc not installed: " + e.getMessage());
                return null;
            }
            String log = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("cross compile of " + name + " failed:\n" + log);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
