package org.cheriemu.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * All 49,152 compressed encodings against GNU objdump: the same ones are legal, and each legal one
 * is the same instruction. Known, documented differences: objdump accepts c.addi16sp with a zero
 * immediate (0x6101), which the specification reserves and QEMU treats as illegal, as we do.
 */
class CompressedExhaustiveTest {
    @TempDir
    Path tmp;

    static final Map<String, String> OBJDUMP_NAMES = Map.of(
            "c.slli64", "c.slli", "c.srli64", "c.srli", "c.srai64", "c.srai");

    @Test
    void everyCompressedEncodingAgreesWithObjdump() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(2 * 49152).order(ByteOrder.LITTLE_ENDIAN);
        for (int h = 0; h < 65536; h++) {
            if ((h & 3) != 3) {
                b.putShort((short) h);
            }
        }
        Path bin = tmp.resolve("all.bin");
        Files.write(bin, b.array());
        Process p = new ProcessBuilder("riscv64-linux-gnu-objdump", "-D", "-b", "binary", "-m", "riscv:rv64",
                "-M", "no-aliases", bin.toString()).redirectErrorStream(true).start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, p.waitFor());
        Pattern line = Pattern.compile("^\\s*[0-9a-f]+:\\t([0-9a-f]{4})\\s+\\t(\\S+)");
        List<String> mismatches = new ArrayList<>();
        int seen = 0;
        Decoder.Decoded d = new Decoder.Decoded();
        for (String l : lines) {
            Matcher m = line.matcher(l);
            if (!m.find()) {
                continue;
            }
            seen++;
            int h = Integer.parseInt(m.group(1), 16);
            String theirs = m.group(2);
            boolean theyIllegal = theirs.equals(".2byte") || theirs.equals("c.unimp");
            theirs = OBJDUMP_NAMES.getOrDefault(theirs, theirs);
            Decoder.decode(h, d);
            boolean weIllegal = d.op == Op.ILLEGAL;
            if (h == 0x6101) {
                assertTrue(weIllegal, "c.addi16sp sp,0 is reserved");
                continue;
            }
            if (theyIllegal != weIllegal || (!weIllegal && !d.compressed.name().equals(theirs))) {
                mismatches.add(String.format("%04x: objdump %s, ours %s", h, m.group(2),
                        weIllegal ? "illegal" : d.compressed.name()));
            }
        }
        assertEquals(49152, seen, "objdump lines");
        assertTrue(mismatches.isEmpty(), mismatches.size() + " mismatches:\n"
                + String.join("\n", mismatches.subList(0, Math.min(30, mismatches.size()))));
    }
}
