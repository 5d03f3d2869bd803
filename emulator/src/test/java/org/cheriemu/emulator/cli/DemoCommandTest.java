package org.cheriemu.emulator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cheriemu.emulator.testing.GuestManifest;
import org.junit.jupiter.api.Test;

/**
 * The main job: the model tour, then a real guest's capability fault with its report. Run in its
 * own JVM because a guest writes to the process's file descriptors, not to System.out.
 */
class DemoCommandTest {

    @Test
    void showsTheModelAndARealGuestFault() throws Exception {
        Path out = Files.createTempFile("demo", ".out");
        Path err = Files.createTempFile("demo", ".err");
        try {
            Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dcheriemu.root=" + GuestManifest.ROOT, "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "demo"))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "demo did not finish");
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), stderr);
            assertTrue(stdout.contains("FAULT: length violation (0x01), 4 byte(s) past the top"), stdout);
            assertTrue(stdout.contains("loading byte 16, one past the end"), stdout);
            assertTrue(stdout.contains("(exit status 162 = 128 + SIGPROT"), stdout);
            assertTrue(stderr.contains("length violation (cause 0x01) on c5/ct0, mcause 0x1c, mtval 0xa1"), stderr);
            assertTrue(stderr.contains("1 byte past the top"), stderr);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
