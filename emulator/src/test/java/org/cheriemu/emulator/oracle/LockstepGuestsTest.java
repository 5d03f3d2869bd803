package org.cheriemu.emulator.oracle;

import org.cheriemu.emulator.testing.GuestManifest;

import org.cheriemu.emulator.ExitStatus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;

import org.cheriemu.emulator.nativelib.NativeTestSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every Linux guest of guest-programs (built by {@code make -C guest-programs}) runs in lockstep
 * with zero divergences: same exit status as qemu-riscv64 recorded, and lockstep changes nothing
 * the guest sees (stdout and stderr equal our interpreter's alone). Also the second engine:
 * every guest on Unicorn alone exits like qemu-riscv64 recorded, and prints what our interpreter
 * prints, except the lines where Unicorn's documented errata show (see {@code UnicornErrataTest}).
 */
class LockstepGuestsTest {

    static List<GuestManifest.Case> cases() throws IOException {
        List<GuestManifest.Case> cases = Guests.manifest();
        assertTrue(cases.size() >= 10, "expected the manifest's guests, found " + cases.size());
        return cases;
    }

    static void requireBuilt(GuestManifest.Case c) {
        assertTrue(Files.isRegularFile(c.binary()), c.binary() + " is missing: build the guests with make -C guest-programs");
    }

    @TestFactory
    Stream<DynamicTest> everyGuestInLockstepWithoutDivergence() throws IOException {
        NativeTestSupport.requireUnicorn();
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            requireBuilt(c);
            Guests.Run alone = Guests.interpreter(c);
            Guests.Run lock = Guests.lockstep(c, Long.MAX_VALUE);
            Lockstep.Result r = lock.lockstep();
            assertEquals(Lockstep.Outcome.GUEST_EXIT, r.outcome(), c.name() + ": " + r.report());
            assertEquals(c.expectedStatus(), lock.status(), c.name() + ": exit status (qemu-riscv64's)");
            assertEquals(alone.stdout(), lock.stdout(), c.name() + ": stdout");
            assertEquals(alone.stderr(), lock.stderr(), c.name() + ": stderr");
            assertEquals(alone.report(), lock.report(), c.name() + ": the fault report");
            assertTrue(r.instructions() > 1_000, c.name() + ": compared " + r.instructions());
            System.out.printf("lockstep %-12s %,12d instructions, 0 divergences, errata repaired %s%n", c.name(),
                    r.instructions(), r.errataRepaired());
        }));
    }

    /** The CHERI guests (guest-programs/build/cheri): both modes stop at the first CHERI instruction. */
    @TestFactory
    Stream<DynamicTest> cheriGuestsStopAtTheFirstCheriInstruction() throws IOException {
        NativeTestSupport.requireUnicorn();
        java.nio.file.Path dir = Guests.DIR.resolve("build/cheri");
        assertTrue(Files.isDirectory(dir), dir + " is missing: build the guests with make -C guest-programs");
        List<String> names;
        try (Stream<java.nio.file.Path> s = Files.list(dir)) {
            names = s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
        assertTrue(!names.isEmpty(), "no CHERI guests in " + dir);
        return names.stream().map(n -> DynamicTest.dynamicTest(n, () -> {
            GuestManifest.Case c = new GuestManifest.Case("../cheri/" + n, List.of(), List.of(), null);
            Guests.Run lock = Guests.lockstep(c, Long.MAX_VALUE);
            assertEquals(Lockstep.Outcome.CHERI_INSTRUCTION, lock.lockstep().outcome(), n + ": " + lock.report());
            assertEquals(ExitStatus.CHERI_NOT_SUPPORTED_BY_ORACLE, lock.status());
            assertTrue(lock.report().contains("Unicorn cannot run CHERI code"), lock.report());
            Guests.Run uni = Guests.unicorn(c);
            assertEquals(ExitStatus.CHERI_NOT_SUPPORTED_BY_ORACLE, uni.status(), n + ": " + uni.report());
            assertTrue(uni.report().contains("CHERI instruction"), uni.report());
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyGuestOnTheUnicornEngine() throws IOException {
        NativeTestSupport.requireUnicorn();
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            requireBuilt(c);
            Guests.Run alone = Guests.interpreter(c);
            Guests.Run uni = Guests.unicorn(c);
            assertEquals(c.expectedStatus(), uni.status(), c.name() + ": exit status (qemu-riscv64's); " + uni.stderr());
            assertEquals(alone.stderr(), uni.stderr(), c.name() + ": stderr");
            assertEquals(alone.report(), uni.report(), c.name() + ": the fault report (signal, cause, pc, instruction)");
            if (!UnicornErrataTest.GUESTS_SHOWING_ERRATA.contains(c.name())) {
                assertEquals(alone.stdout(), uni.stdout(), c.name() + ": stdout");
            }
        }));
    }
}
