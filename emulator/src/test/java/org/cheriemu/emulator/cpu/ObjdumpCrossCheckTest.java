package org.cheriemu.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cross-checks the instruction table against GNU objdump on real compiled code (static glibc
 * guests from guest-programs/build): every instruction word objdump decodes must decode here to
 * the same mnemonic (objdump -M no-aliases), and loads/stores to the same operands.
 */
class ObjdumpCrossCheckTest {
    static final Path ROOT = Path.of(System.getProperty("cheriemu.root", "."));
    static final Pattern LINE = Pattern.compile("^\\s*([0-9a-f]+):\\t([0-9a-f]+)\\s*\\t([a-z0-9.]+)\\t?([^#<]*)");

    @ParameterizedTest
    @ValueSource(strings = {"linux/fp", "linux/atomics", "linux/printf"})
    void mnemonicsAgreeWithObjdump(String guest) throws IOException, InterruptedException {
        Path elf = ROOT.resolve("guest-programs/build").resolve(guest);
        assertTrue(Files.isRegularFile(elf), elf + " is missing: build the guests with make -C guest-programs");
        Process p = new ProcessBuilder("riscv64-linux-gnu-objdump", "-d", "-M", "no-aliases", elf.toString())
                .redirectErrorStream(true).start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, p.waitFor());
        int checked = 0;
        List<String> mismatches = new ArrayList<>();
        Decoder.Decoded d = new Decoder.Decoded();
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (!m.find()) {
                continue;
            }
            String hex = m.group(2);
            String mnemonic = m.group(3);
            String operands = m.group(4).strip();
            if (mnemonic.equals("unimp") || mnemonic.startsWith(".")) {
                continue;
            }
            int word = (int) Long.parseLong(hex, 16);
            Decoder.decode(word, d);
            String ours;
            if (d.compressed != null) {
                ours = d.compressed.name();
                if (mnemonic.equals("c.nop") && ours.equals("c.addi")) {
                    ours = "c.nop";
                }
            } else {
                ours = Isa.name(d.op);
                if (d.format() == Isa.Format.AMO || d.format() == Isa.Format.LR) {
                    boolean aq = (word >>> 26 & 1) != 0, rl = (word >>> 25 & 1) != 0;
                    ours += aq && rl ? ".aqrl" : aq ? ".aq" : rl ? ".rl" : "";
                }
            }
            if (!ours.equals(mnemonic)) {
                mismatches.add(line.strip() + "  -> ours: " + ours);
            } else if (d.compressed == null && (d.format() == Isa.Format.LOAD || d.format() == Isa.Format.STORE
                    || d.format() == Isa.Format.FLOAD || d.format() == Isa.Format.FSTORE)) {
                String text = Disassembler.format(d, Long.MIN_VALUE);
                String ourOps = text.substring(text.indexOf(' ') + 1);
                if (!ourOps.equals(operands)) {
                    mismatches.add(line.strip() + "  -> ours: " + text);
                }
            }
            checked++;
        }
        assertTrue(checked > 1000, "only " + checked + " instructions checked");
        assertTrue(mismatches.isEmpty(), mismatches.size() + " mismatches, e.g.\n"
                + String.join("\n", mismatches.subList(0, Math.min(20, mismatches.size()))));
    }
}
