package org.cheriemu.emulator.oracle;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.cheriemu.emulator.cpu.GuestExit;
import org.cheriemu.emulator.cpu.Hart;
import org.cheriemu.emulator.linux.LinuxEnvironment;
import org.cheriemu.emulator.linux.LinuxOptions;
import org.cheriemu.emulator.nativelib.Unicorn;
import org.cheriemu.isa.memory.TaggedMemory;

/** The Linux guests of guest-programs (manifest linux-tests.txt), run in-process three ways. */
final class Guests {
    static final Path ROOT = Path.of(System.getProperty("cheriemu.root", "."));
    static final Path DIR = ROOT.resolve("guest-programs");

    record Case(String name, List<String> env, List<String> args, String stdin) {
        Path binary() {
            return DIR.resolve("build/linux").resolve(name);
        }

        int expectedStatus() throws IOException {
            return Integer.parseInt(Files.readString(DIR.resolve("expected/" + name + ".status")).trim());
        }

        String expectedStdout() throws IOException {
            return Files.readString(DIR.resolve("expected/" + name + ".stdout"), StandardCharsets.ISO_8859_1);
        }
    }

    record Run(int status, String stdout, String stderr, Lockstep.Result lockstep, String report) {
    }

    private Guests() {
    }

    static List<Case> manifest() throws IOException {
        List<Case> cases = new ArrayList<>();
        for (String raw : Files.readAllLines(DIR.resolve("linux-tests.txt"))) {
            String line = raw.contains("#") ? raw.substring(0, raw.indexOf('#')) : raw;
            List<String> env = new ArrayList<>(), args = new ArrayList<>();
            String name = null, stdin = null;
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
                cases.add(new Case(name, env, args, stdin));
            }
        }
        return cases;
    }

    private static LinuxOptions options(Case c, ByteArrayOutputStream out, ByteArrayOutputStream err) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add("build/linux/" + c.name());
        argv.addAll(c.args());
        InputStream in = c.stdin() == null ? new ByteArrayInputStream(new byte[0])
                : new ByteArrayInputStream(Files.readAllBytes(DIR.resolve(c.stdin())));
        return LinuxOptions.of(argv).env(c.env()).cwd(DIR).stdio(in, out, err, false);
    }

    /** Our interpreter alone. */
    static Run interpreter(Case c) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        TaggedMemory mem = new TaggedMemory();
        LinuxEnvironment env = LinuxEnvironment.load(mem, c.binary(), options(c, out, err));
        Hart hart = new Hart(mem, env, null, true, 0);
        hart.setPc(env.entry());
        hart.setX(2, env.initialSp());
        int status;
        String report = null;
        try {
            hart.run(Long.MAX_VALUE);
            status = -1;
        } catch (GuestExit e) {
            status = e.status();
            report = e.report();
        }
        return new Run(status, text(out), text(err), null, report);
    }

    /** Our interpreter and Unicorn in lockstep. */
    static Run lockstep(Case c, long limit) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        TaggedMemory mem = new TaggedMemory();
        LinuxEnvironment env = LinuxEnvironment.load(mem, c.binary(), options(c, out, err));
        Hart hart = new Hart(mem, env, null, true, 0);
        hart.setPc(env.entry());
        hart.setX(2, env.initialSp());
        try (Unicorn uc = Unicorn.open()) {
            Lockstep.Result r = new Lockstep(hart, env, uc).run(limit);
            return new Run(r.status(), text(out), text(err), r, r.report());
        }
    }

    /** Unicorn alone. */
    static Run unicorn(Case c) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        TaggedMemory mem = new TaggedMemory();
        LinuxEnvironment env = LinuxEnvironment.load(mem, c.binary(), options(c, out, err));
        int status;
        String report = null;
        try (Unicorn uc = Unicorn.open()) {
            new UnicornEngine(env, mem, uc).run(env.entry(), env.initialSp(), Long.MAX_VALUE);
            status = -1;
        } catch (GuestExit e) {
            status = e.status();
            report = e.report();
        }
        return new Run(status, text(out), text(err), null, report);
    }

    private static String text(ByteArrayOutputStream b) {
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
