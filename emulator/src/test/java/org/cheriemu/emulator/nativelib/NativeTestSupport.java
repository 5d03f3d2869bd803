package org.cheriemu.emulator.nativelib;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need libunicorn or libcapstone call these first. ./test.sh installs both, so a
 * missing library FAILS the test; a developer without them can opt out with
 * {@code -Dcheriemu.native.optional=true}, which turns the failure into a skip.
 */
public final class NativeTestSupport {

    public static final String OPT_OUT_PROPERTY = "cheriemu.native.optional";

    private NativeTestSupport() {
    }

    public static void requireUnicorn() {
        require(NativeLibraries::unicorn);
    }

    public static void requireCapstone() {
        require(NativeLibraries::capstone);
    }

    private static void require(Runnable load) {
        try {
            load.run();
        } catch (NativeLibraryUnavailableException e) {
            if (Boolean.getBoolean(OPT_OUT_PROPERTY)) {
                Assumptions.abort("skipped (" + OPT_OUT_PROPERTY + "): " + e.getMessage());
            }
            fail(e.getMessage() + " -- ./test.sh installs it; pass -D" + OPT_OUT_PROPERTY + "=true to skip instead");
        }
    }
}
