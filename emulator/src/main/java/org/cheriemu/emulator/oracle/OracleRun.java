package org.cheriemu.emulator.oracle;

import org.cheriemu.emulator.ExitStatus;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.cheriemu.emulator.cpu.GuestExit;
import org.cheriemu.emulator.cpu.Hart;
import org.cheriemu.emulator.linux.LinuxEnvironment;
import org.cheriemu.emulator.linux.LinuxOptions;
import org.cheriemu.emulator.loader.BadElfException;
import org.cheriemu.emulator.nativelib.NativeLibraryUnavailableException;
import org.cheriemu.emulator.nativelib.Unicorn;
import org.cheriemu.isa.memory.TaggedMemory;

/**
 * The entry points behind {@code run --lockstep unicorn} and {@code run --engine unicorn} for a
 * Linux guest. Each returns the exit status and never throws: the guest's own status, 128+signal
 * when it dies of a signal, {@link ExitStatus#LOCKSTEP_DIVERGED} (125) at a divergence,
 * {@link ExitStatus#CHERI_NOT_SUPPORTED_BY_ORACLE} (126) at a CHERI instruction, 124 at the instruction limit,
 * {@link ExitStatus#UNAVAILABLE} (69) without libunicorn, 65 for a bad
 * ELF, 70 for an internal error. Messages go to {@code err}, one line each (a divergence report
 * is several lines).
 */
public final class OracleRun {


    public enum Mode {
        /** Our interpreter and Unicorn in lockstep. */
        LOCKSTEP,
        /** Unicorn alone. */
        ENGINE
    }

    private OracleRun() {
    }

    /** Runs {@code program} (a static Linux RV64 ELF) with {@code options} (argv, stdio, sandbox). */
    public static int runLinux(Mode mode, Path program, LinuxOptions options, long limit, boolean stats, PrintStream err) {
        return runLinux(mode, program, options, limit, stats, false, err);
    }

    /**
     * As above; with {@code json}, {@code --stats} prints one JSON object instead (the fields of
     * {@code run --stats --json}: instructions, seconds, mips, status; plus engine, and for
     * lockstep the Unicorn errata repaired).
     */
    public static int runLinux(Mode mode, Path program, LinuxOptions options, long limit, boolean stats, boolean json,
                               PrintStream err) {
        Unicorn uc;
        try {
            uc = Unicorn.open();
        } catch (NativeLibraryUnavailableException e) {
            err.println("cheri-emu: " + (mode == Mode.LOCKSTEP ? "--lockstep unicorn" : "--engine unicorn")
                    + " needs libunicorn: " + e.getMessage());
            return ExitStatus.UNAVAILABLE;
        }
        try (uc) {
            TaggedMemory mem = new TaggedMemory();
            LinuxEnvironment env;
            try {
                env = LinuxEnvironment.load(mem, program, options);
            } catch (BadElfException | IOException e) {
                err.println("cheri-emu: " + program + ": " + e.getMessage());
                return ExitStatus.BAD_INPUT;
            }
            long t0 = System.nanoTime();
            int status;
            long instructions;
            Map<UnicornErrata, Long> errataRepaired = null;
            long counterReads = 0, resyncs = 0;
            if (mode == Mode.LOCKSTEP) {
                Hart hart = new Hart(mem, env, null, true, 0);
                hart.setPc(env.entry());
                hart.setX(2, env.initialSp());
                Lockstep.Result r = new Lockstep(hart, env, uc).run(limit);
                System.out.flush();
                if (r.report() != null) {
                    err.println(r.report());
                }
                status = r.outcome() == Lockstep.Outcome.LIMIT ? ExitStatus.INSN_LIMIT : r.status();
                if (r.outcome() == Lockstep.Outcome.LIMIT) {
                    err.printf(Locale.ROOT, "cheri-emu: stopped after %d instructions (--max-insns) at pc 0x%x%n",
                            r.instructions(), hart.pc());
                }
                instructions = r.instructions();
                errataRepaired = r.errataRepaired();
                counterReads = r.counterReads();
                resyncs = r.resyncs();
                if (stats && !json) {
                    err.printf(Locale.ROOT, "cheri-emu: lockstep: %d instructions compared, %s, %d counter reads, "
                            + "%d resyncs after signal delivery%n",
                            instructions, errata(r.errataRepaired()), r.counterReads(), r.resyncs());
                }
            } else {
                UnicornEngine engine = new UnicornEngine(env, mem, uc);
                try {
                    engine.run(env.entry(), env.initialSp(), limit, stats);
                    System.out.flush();
                    err.printf(Locale.ROOT, "cheri-emu: stopped after %d instructions (--max-insns) at pc 0x%x%n",
                            engine.instret(), uc.pc());
                    status = ExitStatus.INSN_LIMIT;
                } catch (GuestExit e) {
                    System.out.flush();
                    if (e.report() != null) {
                        err.println(e.report());
                    }
                    status = e.status();
                }
                instructions = engine.instret();
            }
            System.out.flush();
            if (stats) {
                double secs = (System.nanoTime() - t0) / 1e9;
                double mips = secs > 0 ? instructions / secs / 1e6 : 0.0;
                if (json) {
                    ObjectNode o = JsonNodeFactory.instance.objectNode();
                    o.put("instructions", instructions);
                    o.put("seconds", secs);
                    o.put("mips", mips);
                    o.put("status", status);
                    o.put("engine", mode == Mode.LOCKSTEP ? "lockstep-unicorn" : "unicorn");
                    if (errataRepaired != null) {
                        ObjectNode e = o.putObject("unicornErrataRepaired");
                        errataRepaired.forEach((k, v) -> e.put(k.name(), v));
                        o.put("counterReads", counterReads);
                        o.put("resyncs", resyncs);
                    }
                    err.println(o.toString());
                } else {
                    err.printf(Locale.ROOT, "cheri-emu: %d instructions retired in %.3f s (%.1f MIPS)%n",
                            instructions, secs, mips);
                }
            }
            return status;
        } catch (RuntimeException | StackOverflowError e) {
            System.out.flush();
            err.println("cheri-emu: internal error: " + e);
            return ExitStatus.INTERNAL;
        }
    }

    private static String errata(Map<UnicornErrata, Long> m) {
        return m.isEmpty() ? "no Unicorn errata met" : "Unicorn errata repaired: " + m;
    }
}
