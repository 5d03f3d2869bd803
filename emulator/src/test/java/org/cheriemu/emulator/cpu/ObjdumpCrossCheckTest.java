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

    /**
     * 50,000 random 32-bit words, assembled with {@code .insn} into an rv64gc object: objdump and
     * we agree on which are instructions and which instruction each is. Floating-point words with
     * a reserved rounding mode (5, 6) decode here and raise illegal-instruction when executed, and
     * fence/fence.i ignore their reserved fields as QEMU does; objdump refuses both, so they are
     * allowed to differ in those ways.
     */
    @org.junit.jupiter.api.Test
    void random32BitWordsAgreeWithObjdump(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        java.util.SplittableRandom r = new java.util.SplittableRandom(42);
        StringBuilder src = new StringBuilder();
        int count = 50_000;
        int[] words = new int[count];
        for (int i = 0; i < count; i++) {
            int w = r.nextInt() | 3;
            if ((w & 0x1F) == 0x1F) {
                w &= ~4;               // keep it a 32-bit encoding
            }
            words[i] = w;
            src.append(".insn 4, 0x").append(Integer.toHexString(w)).append('\n');
        }
        Path s = tmp.resolve("r.S");
        Path o = tmp.resolve("r.o");
        Files.writeString(s, src);
        Process as = new ProcessBuilder("riscv64-linux-gnu-as", "-march=rv64gc", "-o", o.toString(), s.toString())
                .redirectErrorStream(true).start();
        String asLog = new String(as.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, as.waitFor(), asLog);
        Process p = new ProcessBuilder("riscv64-linux-gnu-objdump", "-d", "-M", "no-aliases", o.toString())
                .redirectErrorStream(true).start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, p.waitFor());
        Pattern line = Pattern.compile("^\\s*[0-9a-f]+:\\t([0-9a-f]{8})\\s+\\t(\\S+)");
        Decoder.Decoded d = new Decoder.Decoded();
        List<String> mismatches = new ArrayList<>();
        int seen = 0;
        for (String l : lines) {
            Matcher m = line.matcher(l);
            if (!m.find()) {
                continue;
            }
            seen++;
            int w = (int) Long.parseLong(m.group(1), 16);
            String theirs = m.group(2);
            boolean theyIllegal = theirs.startsWith(".");
            Decoder.decode(w, d);
            boolean weIllegal = d.op == Op.ILLEGAL;
            String ours = weIllegal ? "illegal" : Isa.name(d.op);
            if (!weIllegal && (d.format() == Isa.Format.AMO || d.format() == Isa.Format.LR)) {
                boolean aq = (w >>> 26 & 1) != 0, rl = (w >>> 25 & 1) != 0;
                ours += aq && rl ? ".aqrl" : aq ? ".aq" : rl ? ".rl" : "";
            }
            boolean reservedRm = !weIllegal && d.op >= Op.FIRST_FP && (d.rm == 5 || d.rm == 6)
                    && l.contains("\t.4byte");
            // fence/fence.i ignore their rd/rs1/imm fields (reserved for future fences; QEMU and the
            // specification's "ignore" rule) where objdump insists on zeros
            boolean fenceFields = theyIllegal && (d.op == Op.FENCE || d.op == Op.FENCE_I);
            // binutils has no Xcheri: CHERI encodings (opcode 0x5b, LC/SC/LR.C/SC.C/AMOSWAP.C) are ours alone
            boolean cheri = !weIllegal && d.op >= Op.FIRST_CHERI && d.op <= Op.LAST_CHERI;
            if (reservedRm || fenceFields || cheri) {
                continue;
            }
            if (theyIllegal != weIllegal || (!weIllegal && !ours.equals(theirs))) {
                mismatches.add(l.strip() + "  -> ours: " + ours);
            }
        }
        assertEquals(count, seen, "objdump lines");
        assertTrue(mismatches.isEmpty(), mismatches.size() + " mismatches, e.g.\n"
                + String.join("\n", mismatches.subList(0, Math.min(30, mismatches.size()))));
    }
}
