package org.cheriemu.emulator.oracle;

import org.cheriemu.emulator.ExitStatus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.cheriemu.emulator.cpu.Disassembler;
import org.cheriemu.emulator.linux.LinuxOptions;
import org.cheriemu.emulator.nativelib.Capstone;
import org.cheriemu.emulator.nativelib.NativeLibraries;
import org.cheriemu.emulator.nativelib.NativeLibraryUnavailableException;
import org.junit.jupiter.api.Test;

/**
 * Without libunicorn and libcapstone (simulated with -Dcheriemu.native.disable in a child JVM),
 * every feature that needs one says so in one line with exit status 69, and the rest works.
 */
class MissingLibrariesTest {

    /** Runs in the child JVM: prints one line per feature, "name status stderr-lines first-line". */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            Path guest = Path.of(args[0]);
            for (String mode : List.of("lockstep", "engine")) {
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                int st = OracleRun.runLinux(mode.equals("lockstep") ? OracleRun.Mode.LOCKSTEP : OracleRun.Mode.ENGINE,
                        guest, LinuxOptions.of(List.of("g")), Long.MAX_VALUE, false,
                        new PrintStream(err, true, StandardCharsets.UTF_8));
                report(mode, st, err.toString(StandardCharsets.UTF_8));
            }
            try {
                Capstone.open();
                report("capstone", 0, "");
            } catch (NativeLibraryUnavailableException e) {
                report("capstone", ExitStatus.UNAVAILABLE, "cheri-emu: " + e.getMessage() + "\n");
            }
            // everything else keeps working: our own decoder and disassembler
            report("ours", 0, Disassembler.disassemble(0x00500513) + "\n");
        }

        private static void report(String name, int status, String err) {
            List<String> lines = err.lines().toList();
            System.out.println(name + "\t" + status + "\t" + lines.size() + "\t" + (lines.isEmpty() ? "" : lines.get(0)));
        }
    }

    @Test
    void oneLineAndStatus69() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-D" + NativeLibraries.DISABLE_PROPERTY + "=unicorn,capstone",
                "-cp", System.getProperty("java.class.path"), Child.class.getName(),
                Guests.DIR.resolve("build/linux/exit_status").toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        List<String> lines = out.lines().toList();
        assertEquals(4, lines.size(), out);
        assertEquals("lockstep\t69\t1\tcheri-emu: --lockstep unicorn needs libunicorn: libunicorn.so.2 not used ("
                + NativeLibraries.DISABLE_PROPERTY + ")", lines.get(0));
        assertEquals("engine\t69\t1\tcheri-emu: --engine unicorn needs libunicorn: libunicorn.so.2 not used ("
                + NativeLibraries.DISABLE_PROPERTY + ")", lines.get(1));
        assertEquals("capstone\t69\t1\tcheri-emu: libcapstone.so.5 not used (" + NativeLibraries.DISABLE_PROPERTY + ")",
                lines.get(2));
        assertEquals("ours\t0\t1\taddi a0,zero,5", lines.get(3));
    }
}
