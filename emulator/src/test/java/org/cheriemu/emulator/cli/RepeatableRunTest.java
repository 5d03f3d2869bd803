package org.cheriemu.emulator.cli;

import org.cheriemu.emulator.ExitStatus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code run --seed, --pid, --argv0, --clear-env, --env}: what a Linux guest gets from the host,
 * fixed so that two runs trace the same. The traced runs stop after 3000 instructions, in glibc's
 * start-up (before the guest prints anything), which reads AT_RANDOM and calls set_tid_address.
 */
class RepeatableRunTest {
    static final Path GP = CheriGuestsTest.GP;

    @TempDir
    Path tmp;

    private byte[] startupTrace(String... options) throws IOException {
        Path trace = tmp.resolve("t" + System.nanoTime());
        List<String> args = new ArrayList<>(List.of("run", "--max-insns", "3000", "--trace", trace.toString()));
        args.addAll(List.of(options));
        args.add(GP.resolve("build/cheri/cheri_bounds").toString());
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(ExitStatus.INSN_LIMIT, r.status(), r.err());
        return Files.readAllBytes(trace);
    }

    @Test
    void seededRunsTraceTheSameAndEachOptionMatters() throws IOException {
        String[] fixed = {"--seed", "1", "--pid", "1000", "--clear-env", "--argv0", "guest"};
        byte[] a = startupTrace(fixed);
        assertEquals(new String(a), new String(startupTrace(fixed)), "two seeded runs");
        assertNotEquals(new String(a), new String(startupTrace("--seed", "2", "--pid", "1000", "--clear-env",
                "--argv0", "guest")), "the seed sets AT_RANDOM");
        assertNotEquals(new String(a), new String(startupTrace("--seed", "1", "--pid", "1001", "--clear-env",
                "--argv0", "guest")), "the pid is what set_tid_address returns");
        assertNotEquals(new String(a), new String(startupTrace("--seed", "1", "--pid", "1000", "--clear-env",
                "--argv0", "a-longer-name")), "argv[0]'s length moves the stack");
        assertNotEquals(new String(a), new String(startupTrace("--seed", "1", "--pid", "1000", "--clear-env",
                "--env", "A=1", "--argv0", "guest")), "the environment moves the stack");
    }

    @Test
    void envSetsAndReplacesVariables() throws Exception {
        CliRun r = CheriGuestsTest.launch("run", "--env", "CHERIEMU_GUEST_GREETING=first", "--env",
                "CHERIEMU_GUEST_GREETING=second", GP.resolve("build/linux/args_env").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("CHERIEMU_GUEST_GREETING=second\nin envp: 1\n"), r.out());
        CliRun cleared = CheriGuestsTest.launch("run", "--clear-env", "--argv0", "x",
                GP.resolve("build/linux/args_env").toString(), "one");
        assertEquals(0, cleared.status(), cleared.err());
        assertEquals("argc=2\nargv[1]=[one] len=3\nargv[argc]=NULL\nCHERIEMU_GUEST_GREETING=(unset)\nin envp: 0\n"
                + "unset var: (unset)\n", cleared.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--seed x|--seed: 'x' is not a number (use decimal or 0x-prefixed hex)",
        "--pid 0|--pid: '0' is not a process id (1..4194304)",
        "--pid 99999999|--pid: '99999999' is not a process id (1..4194304)",
        "--env NOEQUALS|--env: 'NOEQUALS' is not NAME=VALUE",
        "--env =x|--env: '=x' is not NAME=VALUE",
    })
    void badValuesAreUsageErrors(String caseLine) {
        CliRun.assertRunUsageError(caseLine, List.of(), GP.resolve("build/cheri/cheri_bounds").toString());
    }

    @Test
    void linuxOptionsOnTheBoardAreUsageErrors() {
        CliRun r = CliRun.of("run", "--seed", "1", GP.resolve("build/baremetal/uart_hello").toString());
        assertEquals(ExitStatus.USAGE, r.status());
        assertEquals("cheri-emu: --seed, --argv0, --pid, --clear-env and --env apply to Linux guests only\n", r.err());
    }
}
