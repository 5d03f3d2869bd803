package org.cheriemu.emulator.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Linux test guests of guest-programs, as its manifest {@code linux-tests.txt} lists them:
 * one per line, {@code [VAR=value ...] name [args ...] [< stdinfile]}, '#' starts a comment.
 * Paths are relative to guest-programs/, the guests' working directory.
 */
public final class GuestManifest {
    public static final Path ROOT = Path.of(System.getProperty("cheriemu.root", "."));
    public static final Path DIR = ROOT.resolve("guest-programs");

    /** One manifest line. */
    public record Case(String name, List<String> env, List<String> args, String stdin) {
        public Path binary() {
            return DIR.resolve("build/linux").resolve(name);
        }

        /** qemu-riscv64's exit status for this line (expected/NAME.status). */
        public int expectedStatus() throws IOException {
            return Integer.parseInt(Files.readString(DIR.resolve("expected/" + name + ".status")).trim());
        }

        /** qemu-riscv64's stdout bytes for this line (expected/NAME.stdout), one char per byte. */
        public String expectedStdout() throws IOException {
            return Files.readString(DIR.resolve("expected/" + name + ".stdout"), StandardCharsets.ISO_8859_1);
        }
    }

    private GuestManifest() {
    }

    public static List<Case> read() throws IOException {
        List<Case> cases = new ArrayList<>();
        for (String raw : Files.readAllLines(DIR.resolve("linux-tests.txt"))) {
            String line = raw.contains("#") ? raw.substring(0, raw.indexOf('#')) : raw;
            List<String> env = new ArrayList<>();
            List<String> args = new ArrayList<>();
            String name = null;
            String stdin = null;
            String[] words = line.trim().split("\\s+");
            for (int i = 0; i < words.length; i++) {
                String w = words[i];
                if (w.isEmpty()) {
                    continue;
                }
                if (name == null && w.contains("=")) {
                    env.add(w);
                } else if (name == null) {
                    name = w;
                } else if (w.equals("<") && i + 1 < words.length) {
                    stdin = words[++i];
                } else {
                    args.add(w);
                }
            }
            if (name != null) {
                cases.add(new Case(name, List.copyOf(env), List.copyOf(args), stdin));
            }
        }
        return cases;
    }
}
