package org.cheriemu.emulator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.cheriemu.emulator.testing.GuestManifest;
import org.cheriemu.emulator.testing.GuestManifest.Case;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Differential test of Linux user mode: every Linux guest of guest-programs/build/linux runs under
 * {@code cheri-emu run} and under {@code qemu-riscv64}, with the manifest's (guest-programs/
 * linux-tests.txt) arguments, environment and stdin, and must produce the same stdout, stderr and
 * exit status. Lines that the emulators themselves print on stderr ("qemu: ..." and
 * "cheri-emu: ...", with their indented continuation lines, e.g. the report of a fatal signal)
 * are not compared. The manifest's guests must also match the committed expected files
 * (qemu-riscv64's output when they were written), so a change in the peer shows too. cheri-emu
 * runs with {@code --compile-threshold 1}, so every page sampled once runs as compiled code.
 */
class LinuxDifferentialTest {
    static final Path GUESTS = GuestManifest.DIR;
    static final long TIMEOUT_SECONDS = 300;

    record Outcome(int status, String stdout, String stderr) {
    }

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        Set<String> named = new LinkedHashSet<>();
        for (Case c : GuestManifest.read()) {
            cases.add(c);
            named.add(c.name());
        }
        // guests built but not in the manifest run with no arguments
        Path dir = GUESTS.resolve("build/linux");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                for (String n : s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList())) {
                    if (!named.contains(n) && !n.startsWith(".")) {
                        cases.add(new Case(n, List.of(), List.of(), null));
                    }
                }
            }
        }
        return cases;
    }

    static Outcome run(List<String> command, Case c) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(GUESTS.toFile());
        pb.environment().clear();
        for (String e : c.env()) {
            int eq = e.indexOf('=');
            pb.environment().put(e.substring(0, eq), e.substring(eq + 1));
        }
        pb.redirectInput(c.stdin() == null ? ProcessBuilder.Redirect.from(new File("/dev/null"))
                : ProcessBuilder.Redirect.from(GUESTS.resolve(c.stdin()).toFile()));
        Path out = Files.createTempFile("difftest", ".out");
        Path err = Files.createTempFile("difftest", ".err");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                throw new AssertionError(String.join(" ", command) + ": no exit within " + TIMEOUT_SECONDS + " s");
            }
            return new Outcome(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                    Files.readString(err, StandardCharsets.ISO_8859_1));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Stderr without the emulators' own lines (and the indented continuation lines of those). */
    static String guestStderr(String s) {
        List<String> kept = new ArrayList<>();
        boolean inReport = false;
        for (String l : s.lines().toList()) {
            if (l.startsWith("qemu:") || l.startsWith("cheri-emu:")) {
                inReport = true;
            } else if (!(inReport && l.startsWith(" "))) {
                inReport = false;
                kept.add(l);
            }
        }
        return String.join("\n", kept);
    }

    @TestFactory
    Stream<DynamicTest> cheriEmuMatchesQemu() throws IOException {
        List<Case> cases = cases();
        List<Case> manifest = GuestManifest.read();
        assertTrue(cases.size() >= 10, "expected the manifest's guests, found " + cases.size());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Path bin = GUESTS.resolve("build/linux").resolve(c.name());
            assertTrue(Files.isRegularFile(bin), bin + " is missing: build the guests with make -C guest-programs");
            List<String> qemu = new ArrayList<>(List.of("qemu-riscv64", "build/linux/" + c.name()));
            qemu.addAll(c.args());
            List<String> emu = new ArrayList<>(List.of(java, "-cp", cp, "org.cheriemu.emulator.cli.Main",
                    "run", "--machine", "linux", "--compile-threshold", "1", "build/linux/" + c.name()));
            emu.addAll(c.args());
            Outcome q = run(qemu, c);
            Outcome e = run(emu, c);
            assertEquals(q.stdout(), e.stdout(), c.name() + ": stdout");
            assertEquals(guestStderr(q.stderr()), guestStderr(e.stderr()), c.name() + ": stderr");
            assertEquals(q.status(), e.status(), c.name() + ": exit status; cheri-emu stderr: " + e.stderr());
            if (manifest.contains(c)) {
                assertEquals(c.expectedStdout(), e.stdout(), c.name() + ": stdout against expected/" + c.name() + ".stdout");
                assertEquals(c.expectedStatus(), e.status(), c.name() + ": status against expected/" + c.name() + ".status");
            }
        }));
    }
}
