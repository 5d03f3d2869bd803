package org.cheriemu.emulator.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.cheriemu.emulator.ExitStatus;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Runs the CLI in-process with captured stdin, stdout and stderr. */
record CliRun(int status, String out, String err) {

    static CliRun of(String... args) {
        return withInput("", args);
    }

    static synchronized CliRun withInput(String stdin, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        InputStream oldIn = System.in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.US_ASCII)));
            int status = Main.run(args);
            System.out.flush();
            return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
        }
    }

    /**
     * Runs {@code run} with the options of {@code caseLine} ("options|message") between
     * {@code before} and {@code program}, and asserts exit status 64 with exactly the one line
     * "cheri-emu: message" on stderr.
     */
    static void assertRunUsageError(String caseLine, List<String> before, String program) {
        String[] c = caseLine.split("\\|");
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(before);
        args.addAll(List.of(c[0].split(" ")));
        args.add(program);
        CliRun r = of(args.toArray(String[]::new));
        assertEquals(ExitStatus.USAGE, r.status(), r.err());
        assertEquals("cheri-emu: " + c[1] + "\n", r.err());
    }
}
