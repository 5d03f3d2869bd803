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
import org.cheriemu.emulator.testing.GuestManifest;
import org.cheriemu.isa.memory.TaggedMemory;

/** The Linux guests of guest-programs (manifest linux-tests.txt), run in-process three ways. */
final class Guests {
    static final Path ROOT = GuestManifest.ROOT;
    static final Path DIR = GuestManifest.DIR;

    record Run(int status, String stdout, String stderr, Lockstep.Result lockstep, String report) {
    }

    private Guests() {
    }

    static List<GuestManifest.Case> manifest() throws IOException {
        return GuestManifest.read();
    }

    private static LinuxOptions options(GuestManifest.Case c, ByteArrayOutputStream out, ByteArrayOutputStream err) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add("build/linux/" + c.name());
        argv.addAll(c.args());
        InputStream in = c.stdin() == null ? new ByteArrayInputStream(new byte[0])
                : new ByteArrayInputStream(Files.readAllBytes(DIR.resolve(c.stdin())));
        return LinuxOptions.of(argv).env(c.env()).cwd(DIR).stdio(in, out, err, false);
    }

    /** Our interpreter alone. */
    static Run interpreter(GuestManifest.Case c) throws Exception {
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
    static Run lockstep(GuestManifest.Case c, long limit) throws Exception {
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
    static Run unicorn(GuestManifest.Case c) throws Exception {
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
