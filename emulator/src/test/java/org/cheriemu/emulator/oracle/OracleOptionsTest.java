package org.cheriemu.emulator.oracle;

import org.cheriemu.emulator.testing.GuestManifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.cheriemu.emulator.linux.LinuxOptions;
import org.cheriemu.emulator.nativelib.NativeTestSupport;
import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The run options as a mixin, and the one-line errors and exit statuses of OracleRun. */
class OracleOptionsTest {

    @Command(name = "run")
    static final class FakeRun {
        @Mixin
        OracleOptions oracle = new OracleOptions();
    }

    static OracleOptions parse(String... args) {
        FakeRun r = new FakeRun();
        new CommandLine(r).parseArgs(args);
        return r.oracle;
    }

    @Test
    void options() {
        assertTrue(!parse().active());
        assertTrue(parse("--lockstep", "unicorn").active());
        assertTrue(parse("--engine", "unicorn").active());
        assertTrue(!parse("--engine", "interp").active());
        assertNull(parse("--lockstep", "unicorn").validate());
        assertEquals("unknown --lockstep peer 'qemu' (only 'unicorn')", parse("--lockstep", "qemu").validate());
        assertEquals("unknown --engine 'jit' (interp or unicorn)", parse("--engine", "jit").validate());
        assertEquals("--lockstep and --engine unicorn exclude each other",
                parse("--lockstep", "unicorn", "--engine", "unicorn").validate());
        assertNull(parse().disassembler());
        assertTrue(parse().rejectBareMetal(System.err).isEmpty());
        assertEquals(64, parse("--engine", "unicorn").rejectBareMetal(new PrintStream(new ByteArrayOutputStream())).getAsInt());
    }

    @Test
    void capstoneDisassemblerForReports() {
        NativeTestSupport.requireCapstone();
        try (CapstoneDisassembly d = (CapstoneDisassembly) parse("--disassembler", "capstone").disassembler()) {
            assertEquals("addi a0, zero, 5", d.disassemble(0x1000, 0x00500513));
            assertEquals("c.ldsp ra, 8(sp)", d.disassemble(0x1000, 0x60A2));
            // Capstone has no CHERI: our own disassembler speaks for CHERI instructions
            assertEquals(org.cheriemu.emulator.cpu.Disassembler.disassemble(0xFE05855B, 0x1000),
                    d.disassemble(0x1000, 0xFE05855B));
        }
    }

    @Test
    void engineRunsAGuestWithStats() throws Exception {
        NativeTestSupport.requireUnicorn();
        ByteArrayOutputStream err = new ByteArrayOutputStream(), out = new ByteArrayOutputStream();
        GuestManifest.Case c = Guests.manifest().stream().filter(g -> g.name().equals("exit_status")).findFirst().orElseThrow();
        LinuxOptions o = LinuxOptions.of(List.of("build/linux/exit_status")).cwd(Guests.DIR)
                .stdio(new java.io.ByteArrayInputStream(new byte[0]), out, out, false);
        int status = parse("--engine", "unicorn").runLinux(c.binary(), o, Long.MAX_VALUE, true,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(c.expectedStatus(), status);
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.matches("(?s)cheri-emu: \\d+ instructions retired in [0-9.]+ s \\([0-9.]+ MIPS\\)\\R"), e);
    }

    @Test
    void lockstepStatsAsJson() throws Exception {
        NativeTestSupport.requireUnicorn();
        ByteArrayOutputStream err = new ByteArrayOutputStream(), out = new ByteArrayOutputStream();
        GuestManifest.Case c = Guests.manifest().stream().filter(g -> g.name().equals("atomics")).findFirst().orElseThrow();
        LinuxOptions o = LinuxOptions.of(List.of("build/linux/atomics")).cwd(Guests.DIR)
                .stdio(new java.io.ByteArrayInputStream(new byte[0]), out, out, false);
        java.util.OptionalInt status = parse("--lockstep", "unicorn").handle(c.binary(), o, Long.MAX_VALUE, true, true,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status.orElseThrow());
        com.fasterxml.jackson.databind.JsonNode j = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(err.toString(StandardCharsets.UTF_8));
        assertEquals("lockstep-unicorn", j.get("engine").asText());
        assertEquals(0, j.get("status").asInt());
        assertTrue(j.get("instructions").asLong() > 100_000);
        assertEquals(8, j.get("unicornErrataRepaired").get("AMO_W_MINMAX_64BIT_COMPARE").asInt());
        assertTrue(parse().handle(c.binary(), o, 1, false, false, System.err).isEmpty(), "not active: the caller runs");
    }

    @Test
    void badElfIsStatus65() throws Exception {
        NativeTestSupport.requireUnicorn();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path notElf = Guests.DIR.resolve("linux-tests.txt");
        int status = parse("--lockstep", "unicorn").runLinux(notElf, LinuxOptions.of(List.of("x")), Long.MAX_VALUE,
                false, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(65, status);
        assertEquals(1, err.toString(StandardCharsets.UTF_8).lines().count(), err.toString(StandardCharsets.UTF_8));
    }
}
