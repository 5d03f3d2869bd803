package org.cheriemu.emulator.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code cheri-emu} command. */
@Command(name = "cheri-emu", mixinStandardHelpOptions = true, version = "cheri-emu 0.1.0",
        description = "A CHERI-RISC-V (ISAv9, 128-bit capabilities) machine emulator with an allocator runtime.",
        subcommands = {RunCommand.class}, exitCodeOnInvalidInput = 64)
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit status (separate from main so tests can call it). */
    public static int run(String... args) {
        return new CommandLine(new Main()).setStopAtPositional(true).execute(args);
    }
}
