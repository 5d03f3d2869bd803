package org.cheriemu.emulator.oracle;

import org.cheriemu.emulator.ExitStatus;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.OptionalInt;

import org.cheriemu.emulator.linux.Disassembler;
import org.cheriemu.emulator.linux.LinuxOptions;
import org.cheriemu.emulator.nativelib.NativeLibraryUnavailableException;

import picocli.CommandLine.Option;

/**
 * The {@code run} options of the oracle, as a picocli mixin for {@code RunCommand}:
 * {@code --lockstep unicorn} and {@code --engine interp|unicorn}.
 */
public final class OracleOptions {

    @Option(names = "--lockstep", paramLabel = "unicorn",
            description = "run our interpreter and Unicorn side by side, comparing pc and registers after every "
                    + "instruction; stop at the first divergence with a report (exit status 125), or at a CHERI "
                    + "instruction (126). Linux guests, non-CHERI code. Needs libunicorn (else exit status 69)")
    String lockstep;

    @Option(names = "--engine", paramLabel = "interp|unicorn", defaultValue = "interp",
            description = "the engine that executes the guest: interp (our interpreter, the default) or unicorn "
                    + "(plain RV64 Linux guests; needs libunicorn, else exit status 69)")
    String engine = "interp";

    @Option(names = "--disassembler", paramLabel = "ours|capstone", defaultValue = "ours",
            description = "disassembly in reports: ours (QEMU's spelling, the default) or capstone (LLVM's spelling "
                    + "from libcapstone 5; CHERI instructions still ours; needs libcapstone, else exit status 69)")
    String disassembler = "ours";

    /**
     * The disassembler chosen by {@code --disassembler}: null for ours (the caller's default),
     * Capstone's otherwise. Throws NativeLibraryUnavailableException (exit status 69) without
     * libcapstone.
     */
    public Disassembler disassembler() {
        return "capstone".equals(disassembler) ? CapstoneDisassembly.open() : null;
    }

    /** True when the run is the oracle's (lockstep or the Unicorn engine). */
    public boolean active() {
        return lockstep != null || "unicorn".equals(engine);
    }

    /** A one-line usage error for bad values, or null. */
    public String validate() {
        if (lockstep != null && !lockstep.equals("unicorn")) {
            return "unknown --lockstep peer '" + lockstep + "' (only 'unicorn')";
        }
        if (!engine.equals("interp") && !engine.equals("unicorn")) {
            return "unknown --engine '" + engine + "' (interp or unicorn)";
        }
        if (!disassembler.equals("ours") && !disassembler.equals("capstone")) {
            return "unknown --disassembler '" + disassembler + "' (ours or capstone)";
        }
        if (lockstep != null && engine.equals("unicorn")) {
            return "--lockstep and --engine unicorn exclude each other";
        }
        return null;
    }

    /**
     * The one call {@code run} makes for a Linux guest, once its {@link LinuxOptions} are built:
     * installs the Capstone disassembler if chosen, then runs the guest with the oracle if
     * {@code --lockstep}/{@code --engine unicorn} asked for it. Returns the exit status when this
     * handled the run (or failed: 64 bad option value, 69 library missing), empty when the
     * caller should run its interpreter as usual.
     */
    public OptionalInt handle(Path program, LinuxOptions options, long limit, boolean stats, boolean json,
                                        PrintStream err) {
        String bad = validate();
        if (bad != null) {
            err.println("cheri-emu: " + bad);
            return OptionalInt.of(64);
        }
        try {
            Disassembler d = disassembler();
            if (d != null) {
                options.disassembler(d);
            }
        } catch (NativeLibraryUnavailableException e) {
            err.println("cheri-emu: --disassembler capstone needs libcapstone: " + e.getMessage());
            return OptionalInt.of(ExitStatus.UNAVAILABLE);
        }
        return active() ? OptionalInt.of(runLinux(program, options, limit, stats, json, err))
                : OptionalInt.empty();
    }

    /**
     * For {@code run} on the bare-metal board: the oracle runs Linux guests only, so with
     * {@code --lockstep}/{@code --engine unicorn} this prints one line and returns 64.
     */
    public OptionalInt rejectBareMetal(PrintStream err) {
        if (!active()) {
            return OptionalInt.empty();
        }
        err.println("cheri-emu: " + (lockstep != null ? "--lockstep" : "--engine unicorn")
                + " runs Linux guests only (--machine linux)");
        return OptionalInt.of(64);
    }

    /** Runs a Linux guest with the oracle; see {@link OracleRun#runLinux}. */
    public int runLinux(Path program, LinuxOptions options, long limit, boolean stats, PrintStream err) {
        return runLinux(program, options, limit, stats, false, err);
    }

    /** As above, with {@code --json} statistics. */
    public int runLinux(Path program, LinuxOptions options, long limit, boolean stats, boolean json, PrintStream err) {
        String bad = validate();
        if (bad != null) {
            err.println("cheri-emu: " + bad);
            return 64;
        }
        return OracleRun.runLinux(lockstep != null ? OracleRun.Mode.LOCKSTEP : OracleRun.Mode.ENGINE,
                program, options, limit, stats, json, err);
    }
}
