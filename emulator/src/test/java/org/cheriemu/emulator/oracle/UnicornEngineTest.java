package org.cheriemu.emulator.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.cheriemu.emulator.cpu.GuestExit;
import org.cheriemu.emulator.cpu.Hart;
import org.cheriemu.emulator.linux.LinuxEnvironment;
import org.cheriemu.emulator.linux.LinuxOptions;
import org.cheriemu.emulator.loader.MiniElf;
import org.cheriemu.emulator.nativelib.NativeTestSupport;
import org.cheriemu.emulator.nativelib.Unicorn;
import org.cheriemu.isa.memory.TaggedMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Unicorn engine on tiny ELF images: it faults where our interpreter does. */
class UnicornEngineTest {

    @TempDir
    Path tmp;

    record Outcome(int status, String report) {
    }

    Outcome interpreter(Path elf) throws Exception {
        TaggedMemory mem = new TaggedMemory();
        LinuxEnvironment env = LinuxEnvironment.load(mem, elf, options(elf));
        Hart hart = new Hart(mem, env, null, true, 0);
        hart.setPc(env.entry());
        hart.setX(2, env.initialSp());
        try {
            hart.run(1_000_000);
            return new Outcome(-1, null);
        } catch (GuestExit e) {
            return new Outcome(e.status(), e.report());
        }
    }

    Outcome unicorn(Path elf) throws Exception {
        TaggedMemory mem = new TaggedMemory();
        LinuxEnvironment env = LinuxEnvironment.load(mem, elf, options(elf));
        try (Unicorn uc = Unicorn.open()) {
            new UnicornEngine(env, mem, uc).run(env.entry(), env.initialSp(), 1_000_000);
            return new Outcome(-1, null);
        } catch (GuestExit e) {
            return new Outcome(e.status(), e.report());
        }
    }

    static LinuxOptions options(Path elf) {
        return LinuxOptions.of(List.of(elf.toString())).stdio(new ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream(), new ByteArrayOutputStream(), false);
    }

    Path elf(int... insns) throws Exception {
        Path p = tmp.resolve("g" + insns.length);
        Files.write(p, new MiniElf(insns).bytes());
        return p;
    }

    @Test
    void storeToReadOnlyCodeFaultsLikeOurInterpreter() throws Exception {
        NativeTestSupport.requireUnicorn();
        Path p = elf(0x00000517,     // auipc a0, 0
                0x00052023,          // sw zero, 0(a0): the segment is R+X
                0x05D00893,          // li a7, 93
                0x00000073);         // ecall
        Outcome ours = interpreter(p), theirs = unicorn(p);
        assertEquals(139, ours.status(), ours.report());
        assertEquals(ours, theirs);
    }

    @Test
    void rdtimeWorksOnTheEngineAsOnOurHart() throws Exception {
        NativeTestSupport.requireUnicorn();
        int[] code = new int[44];
        for (int i = 0; i < 40; i++) {
            code[i] = 0x00128293;                    // addi t0, t0, 1
        }
        code[40] = 0xC0102573;                       // rdtime a0 (Unicorn: illegal, see UnicornErrata)
        code[41] = 0x05D00893;                       // li a7, 93
        code[42] = 0x00000073;                       // ecall: exit(time)
        code[43] = 0;
        Path p = elf(code);
        Outcome ours = interpreter(p), theirs = unicorn(p);
        assertEquals(4, ours.status(), "our hart: time = instret / 10");
        assertEquals(ours.status(), theirs.status());
    }

    @Test
    void exitStatusAndInstructionCount() throws Exception {
        NativeTestSupport.requireUnicorn();
        Path p = elf(0x02A00513,     // li a0, 42
                0x05D00893,          // li a7, 93
                0x00000073);         // ecall
        Outcome theirs = unicorn(p);
        assertEquals(42, theirs.status());
        assertNotNull(interpreter(p));
    }
}
