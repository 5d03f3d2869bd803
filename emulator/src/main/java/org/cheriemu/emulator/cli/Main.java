package org.cheriemu.emulator.cli;

import org.cheriemu.emulator.ExitStatus;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code cheri-emu} command. */
@Command(name = "cheri-emu", mixinStandardHelpOptions = true, version = "cheri-emu 0.1.0",
        description = "A CHERI-RISC-V (ISAv9, 128-bit capabilities) machine emulator with an allocator runtime.",
        subcommands = {RunCommand.class, InspectCommand.class, DisasmCommand.class, CapCommand.class,
                SweepBenchCommand.class, DemoCommand.class})
public final class Main {

    public static void main(String[] args) {
        int status = run(args);
        System.out.flush();
        System.exit(status);
    }

    /** Runs the CLI and returns the exit status (separate from main so tests can call it). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler(Main::onBadParameters);
        cli.setExecutionExceptionHandler((e, line, parsed) -> onFailure(e, line.getErr()));
        // run: everything after the program is the guest's (its options included)
        cli.getSubcommands().get("run").setStopAtPositional(true);
        return cli.execute(args);
    }

    /** A wrong flag or option: one line and a hint, never a usage dump or stack trace. */
    private static int onBadParameters(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("cheri-emu: " + e.getMessage() + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return ExitStatus.USAGE;
    }

    private static int onFailure(Exception e, PrintWriter err) {
        System.out.flush();
        int status;
        String message;
        if (e instanceof UsageException) {
            status = ExitStatus.USAGE;
            message = e.getMessage();
        } else {
            status = ExitStatus.INTERNAL;
            message = "internal error: " + e;
        }
        err.println("cheri-emu: " + message);
        err.flush();
        return status;
    }
}
