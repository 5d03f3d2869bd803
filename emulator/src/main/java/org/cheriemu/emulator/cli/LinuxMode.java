package org.cheriemu.emulator.cli;

import org.cheriemu.emulator.ExitStatus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import org.cheriemu.emulator.cpu.Disassembler;
import org.cheriemu.emulator.cpu.Hart;
import org.cheriemu.emulator.linux.LinuxEnvironment;
import org.cheriemu.emulator.linux.LinuxOptions;
import org.cheriemu.emulator.loader.BadElfException;
import org.cheriemu.emulator.loader.ElfFile;
import org.cheriemu.emulator.services.RuntimeServices;
import org.cheriemu.isa.memory.TaggedMemory;

/** Linux user mode for {@code run}: the Linux layer's environment on a U-mode hart. */
final class LinuxMode {
    private LinuxMode() {
    }

    /** {@code memoryLimit}: the guest's resident memory limit in bytes, or 0 for the Linux layer's default. */
    static int run(RunCommand cmd, Path program, ElfFile elf, List<String> args, long memoryLimit, long limit) {
        TaggedMemory mem = new TaggedMemory();
        List<String> argv = new ArrayList<>();
        argv.add(cmd.linuxGuest.argv0(program.toString()));
        argv.addAll(args);
        LinuxOptions options = LinuxOptions.of(argv)
                .disassembler((pc, insn) -> Disassembler.disassemble(insn, pc))
                .trapHandlers(true);        // as qemu-riscv64: faults reach the guest's handlers
        if (cmd.strace) {
            options.strace(System.err);
        }
        if (memoryLimit > 0) {
            options.maxMemory(memoryLimit);
        }
        if (cmd.allowWrite != null) {
            options.allowWrite(cmd.allowWrite);
        }
        String badOption = cmd.allocator.validate();
        if (badOption != null) {
            System.err.println("cheri-emu: " + badOption);
            return ExitStatus.USAGE;
        }
        cmd.linuxGuest.applyTo(options);
        OptionalInt oracleRun = cmd.oracle.handle(program, options, limit, cmd.stats, cmd.json, System.err);
        if (oracleRun.isPresent()) {
            return oracleRun.getAsInt();
        }
        LinuxEnvironment env;
        try {
            env = LinuxEnvironment.load(mem, program, options);
        } catch (BadElfException e) {
            System.err.println("cheri-emu: " + program + ": " + e.getMessage());
            return ExitStatus.BAD_INPUT;
        } catch (IOException e) {
            System.err.println("cheri-emu: " + program + ": " + e.getMessage());
            return ExitStatus.BAD_INPUT;
        }
        try {
            cmd.allocator.open();
        } catch (IOException e) {
            System.err.println("cheri-emu: " + e.getMessage());
            return ExitStatus.IO_ERROR;
        }
        RuntimeServices runtime = cmd.allocator.services(env, cmd.stats, System.err);
        Hart hart = new Hart(mem, runtime, null, true, 0);
        runtime.attach(hart);
        hart.setPc(env.entry());
        hart.setX(2, env.initialSp());
        cmd.traceSymbols = env.symbols();
        int status = cmd.execute(hart, () -> hart.run(limit), limit, runtime.machine()::symbolize, runtime);
        try {
            cmd.allocator.close();
        } catch (IOException e) {
            System.err.println("cheri-emu: " + e.getMessage());
            return status == 0 ? ExitStatus.IO_ERROR : status;    // a successful run lost data: say so in the status
        }
        return status;
    }
}
