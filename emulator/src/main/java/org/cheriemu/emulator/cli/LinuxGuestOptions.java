package org.cheriemu.emulator.cli;

import java.util.ArrayList;
import java.util.List;

import org.cheriemu.emulator.linux.LinuxOptions;

import picocli.CommandLine.Option;

/**
 * The {@code run} options that fix what a Linux guest receives from the host, so that two runs
 * can be identical (golden traces): the AT_RANDOM / getrandom bytes, argv[0], the process id and
 * the environment. Together they also fix the initial stack pointer, which depends on the sizes of
 * those strings.
 */
final class LinuxGuestOptions {
    /** Linux's largest process id (PID_MAX_LIMIT). */
    static final long MAX_PID = 4_194_304;

    @Option(names = "--seed", paramLabel = "N",
            description = "Linux: derive the AT_RANDOM and getrandom bytes from seed N (decimal or 0x hex; default: "
                    + "random bytes). With --pid, --clear-env and --argv0, a run that reads no clock repeats exactly, trace "
                    + "included (for a whole trace, keep stdout a file: a terminal changes stdio's buffering)")
    String seed;

    @Option(names = "--argv0", paramLabel = "NAME",
            description = "Linux: the guest's argv[0] (default: PROGRAM as typed)")
    String argv0;

    @Option(names = "--pid", paramLabel = "N",
            description = "Linux: the process id the guest sees (getpid, gettid, set_tid_address; default: the "
                    + "emulator's)")
    String pid;

    @Option(names = "--clear-env", description = "Linux: start the guest with an empty environment "
            + "(default: the host's), then add the --env variables")
    boolean clearEnv;

    @Option(names = "--env", paramLabel = "NAME=VALUE",
            description = "Linux: set a variable in the guest's environment (repeatable)")
    List<String> env = new ArrayList<>();

    /** Whether any of these options was given (they make no sense on the virt board). */
    boolean any() {
        return seed != null || argv0 != null || pid != null || clearEnv || !env.isEmpty();
    }

    /** Checks the values; UsageException on bad input. */
    void validate() {
        if (seed != null) {
            Numbers.parseUnsigned(seed, "--seed");
        }
        if (pid != null) {
            long n = Numbers.parseUnsigned(pid, "--pid");
            if (n <= 0 || n > MAX_PID) {
                throw new UsageException("--pid: '" + pid + "' is not a process id (1.." + MAX_PID + ")");
            }
        }
        for (String v : env) {
            if (v.indexOf('=') <= 0) {
                throw new UsageException("--env: '" + v + "' is not NAME=VALUE");
            }
        }
    }

    /** argv[0] for a program typed as {@code program}. */
    String argv0(String program) {
        return argv0 != null ? argv0 : program;
    }

    void applyTo(LinuxOptions options) {
        if (seed != null) {
            options.randomSeed(Numbers.parseUnsigned(seed, "--seed"));
        }
        if (pid != null) {
            options.pid(Numbers.parseUnsigned(pid, "--pid"));
        }
        if (!clearEnv && env.isEmpty()) {
            return;                                 // the Linux layer passes the host's environment on
        }
        List<String> guestEnv = clearEnv ? new ArrayList<>() : new ArrayList<>(options.envOrHost());
        for (String v : env) {
            String name = v.substring(0, v.indexOf('=') + 1);
            guestEnv.removeIf(e -> e.startsWith(name));
            guestEnv.add(v);
        }
        options.env(guestEnv);
    }
}
