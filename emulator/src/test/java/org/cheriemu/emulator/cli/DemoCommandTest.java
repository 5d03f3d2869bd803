package org.cheriemu.emulator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void showsTheUseAfterFreeReportAndThePasses() throws Exception {
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
            assertTrue(stdout.contains("list freed: 1 revocation passes so far, cache tag 0"), stdout);
            assertTrue(stdout.contains("(exit status 162 = 128 + SIGPROT"), stdout);
            assertTrue(stdout.matches("(?s).*\\n +1 +ratio +65536 +2048 .*"), "the pass table\n" + stdout);
            assertTrue(stderr.contains("tag violation (cause 0x02) on c5/ct0, mcause 0x1c, mtval 0xa2"), stderr);
            assertTrue(stderr.contains("freed, revoked by pass 1"), stderr);
            assertTrue(stderr.contains("cheri-emu: allocator runtime (revoker full)"), stderr);
            assertFalse(stderr.contains("terminated by SIGPROT"), "one report per fault\n" + stderr);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
