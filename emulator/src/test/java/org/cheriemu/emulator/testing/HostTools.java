package org.cheriemu.emulator.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Host programs the tests use as peers (qemu-riscv64, the cross compiler). The test command
 * installs them, so a missing one FAILS the test; a developer without them may opt out with
 * {@code -Dcheriemu.allowMissingTools=true}, which turns the failure into a visible skip.
 */
public final class HostTools {

    private HostTools() {
    }

    /** Fails (or, when opted out, skips) unless every named program is on PATH. */
    public static void require(String... programs) {
        for (String program : programs) {
            if (!onPath(program)) {
                String message = program + " is not on PATH (./test.sh installs it)";
                if (Boolean.getBoolean("cheriemu.allowMissingTools")) {
                    assumeTrue(false, message);
                }
                fail(message);
            }
        }
    }

    public static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
