package org.cheriemu.emulator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** Command-line handling of {@code run}. */
class RunCommandTest {
    static final Path ROOT = Path.of(System.getProperty("cheriemu.root", "."));

    static int quietly(String... args) {
        PrintStream oldErr = System.err, oldOut = System.out;
        try {
            System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            return Main.run(args);
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }

    @Test
    void usageErrors() {
        assertEquals(64, quietly("run"), "no program");
        assertEquals(64, quietly("run", "--no-such-option", "x"));
        assertEquals(64, quietly("run", "--memory", "lots", "x"));
        assertEquals(64, quietly("run", "--max-insns", "0", "x"));
        assertEquals(64, quietly("run", "--compile-threshold", "-1", "x"));
        assertEquals(64, quietly("run", "--compile-threshold", "many", "x"));
        assertEquals(65, quietly("run", "/dev/zero"), "not a regular file");
        assertEquals(65, quietly("run", "/"), "a directory");
    }

    @Test
    void sizes() {
        assertEquals(128L << 20, RunCommand.parseSize("128M"));
        assertEquals(1L << 30, RunCommand.parseSize("1G"));
        assertEquals(4096L, RunCommand.parseSize("4k"));
        assertEquals(1000L, RunCommand.parseSize("1000"));
    }

    @Test
    void optionsAfterTheProgramBelongToTheGuest() throws Exception {
        Path guest = ROOT.resolve("guest-programs/build/linux/args_env");
        assertTrue(Files.isRegularFile(guest), guest + " is missing: build the guests");
        PrintStream oldOut = System.out;
        int status;
        // the Linux layer writes the guest's stdout to the process's descriptor 1, so only the
        // status is checked here: --stats after the program must not be taken as ours
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            status = quietly("run", guest.toString(), "--stats", "--max-insns", "5");
        } finally {
            System.setOut(oldOut);
        }
        assertEquals(0, status);
    }
}
