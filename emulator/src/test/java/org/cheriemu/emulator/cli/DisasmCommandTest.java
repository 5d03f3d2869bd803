package org.cheriemu.emulator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cheriemu.emulator.ExitStatus;
import org.cheriemu.emulator.testing.GuestManifest;
import org.cheriemu.emulator.testing.HostTools;
import org.junit.jupiter.api.Test;

/** {@code disasm}: instruction boundaries and words checked against GNU objdump, an independent peer. */
class DisasmCommandTest {

    private static final Pattern LINE = Pattern.compile("^\\s+([0-9a-f]+):\\s+([0-9a-f]{4,8})\\s");

    @Test
    void walksTheSameInstructionsAsObjdump() throws Exception {
        HostTools.require("riscv64-linux-gnu-objdump");
        String elf = GuestManifest.DIR.resolve("build/linux/qsort").toString();
        CliRun ours = CliRun.of("disasm", "--disassembler", "ours", "--function", "main", elf);
        assertEquals(0, ours.status(), ours.err());
        assertTrue(ours.out().contains("<main>:"), ours.out());
        List<String> objdump = wordsOf(runObjdump(elf));
        assertTrue(objdump.size() > 20, "objdump listed " + objdump.size() + " instructions");
        assertEquals(objdump, wordsOf(ours.out()));
    }

    @Test
    void unknownFunctionAndBadFileAreOneLineErrors() {
        String elf = GuestManifest.DIR.resolve("build/linux/qsort").toString();
        CliRun missing = CliRun.of("disasm", "--function", "no_such_function", elf);
        assertEquals(ExitStatus.USAGE, missing.status());
        assertEquals(1, missing.err().lines().count(), missing.err());
        CliRun notElf = CliRun.of("disasm", GuestManifest.DIR.resolve("linux-tests.txt").toString());
        assertEquals(ExitStatus.BAD_INPUT, notElf.status());
        assertEquals(1, notElf.err().lines().count(), notElf.err());
    }

    /** "address word" for every instruction line. */
    private static List<String> wordsOf(String listing) {
        List<String> words = new ArrayList<>();
        for (String line : listing.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (m.find()) {
                words.add(m.group(1) + " " + m.group(2));
            }
        }
        return words;
    }

    private static String runObjdump(String elf) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("riscv64-linux-gnu-objdump", "-d", "--disassemble=main", elf)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        return out;
    }
}
