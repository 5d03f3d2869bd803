package org.cheriemu.emulator.cli;

import java.nio.file.Path;
import java.util.List;

import org.cheriemu.emulator.loader.ElfFile;

/** Linux user mode for {@code run}: wires the Linux layer's environment to a hart. */
final class LinuxMode {
    private LinuxMode() {
    }

    static int run(RunCommand cmd, Path program, ElfFile elf, List<String> args, long limit) {
        System.err.println("cheri-emu: Linux user mode is not available in this build");
        return RunCommand.EXIT_USAGE;
    }
}
