package org.cheriemu.emulator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CHERI guests of guest-programs run with the statuses, outputs and faults that
 * guest-programs/machine-tests.txt documents; a guest that ends in a capability fault exits with
 * 162 and a complete report (stderr and --fault-report JSON), which {@code inspect} shows again.
 */
class CheriGuestsTest {
    static final Path ROOT = Path.of(System.getProperty("cheriemu.root", "."));
    static final Path GP = ROOT.resolve("guest-programs");

    @TempDir
    Path tmp;

    record Row(String binary, String machine, int status, String fault) {
        String name() {
            return Path.of(binary).getFileName().toString();
        }

        @Override
        public String toString() {
            return name();
        }
    }

    /** Runs the CLI in a JVM of its own (Linux guests write to the process's file descriptors). */
    static CliRun launch(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        var err = new java.io.ByteArrayOutputStream();
        Thread t = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (IOException e) {
                // ignored: the stream closed
            }
        });
        t.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int status = p.waitFor();
        t.join();
        return new CliRun(status, out, err.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    static Stream<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String l : Files.readAllLines(GP.resolve("machine-tests.txt"))) {
            if (l.isBlank() || l.startsWith("#") || !l.contains("cheri")) {
                continue;
            }
            String[] f = l.trim().split("\\s+");
            rows.add(new Row(f[0], f[1], Integer.parseInt(f[2]), f[3]));
        }
        return rows.stream();
    }

    @ParameterizedTest
    @MethodSource("rows")
    void guestRunsAsDocumented(Row row) throws Exception {
        Path exe = GP.resolve(row.binary());
        assertTrue(Files.isRegularFile(exe), exe + " is missing: build the guests with make -C guest-programs");
        Path report = tmp.resolve(row.name() + ".json");
        CliRun r = launch("run", "--machine", row.machine(), "--fault-report", report.toString(), exe.toString());
        assertEquals(row.status(), r.status(), r.err());
        String dir = row.machine().equals("linux") ? "cheri" : "baremetal";
        Path expected = GP.resolve("expected/" + dir + "/" + row.name() + ".stdout");
        if (Files.exists(expected)) {
            assertEquals(Files.readString(expected), r.out());
        }
        if (row.fault().equals("-")) {
            assertTrue(Files.notExists(report), "no fault, no report");
            return;
        }
        String[] mm = row.fault().split("/");
        CheriFaultReport fr = CheriFaultReport.read(report);
        assertEquals(Long.parseLong(mm[0]), Long.decode(fr.mcause()));
        assertEquals(Long.decode(mm[1]), Long.decode(fr.mtval()));
        assertEquals(162, fr.status());
        // the report on stderr is complete: cause, pc with symbol, instruction and disassembly, PCC,
        // the offending register decoded, the access
        String err = r.err();
        for (String part : List.of(fr.causeName(), String.format("(cause 0x%02x)", fr.causeCode()),
                "on " + fr.register(), "mtval " + fr.mtval(), "pc " + fr.pc() + " <main+", fr.instruction(),
                fr.disassembly(), "PCC   tag 1", fr.register() + " tag ", "base " + fr.capability().base(),
                "perms ", "otype ", "sealed ", "access ")) {
            assertNotNull(part);
            assertTrue(err.contains(part), "report lacks '" + part + "':\n" + err);
        }
        // inspect shows the same report again
        CliRun again = CliRun.of("inspect", report.toString());
        assertEquals(0, again.status(), again.err());
        assertEquals(fr.text() + "\n", again.out());
        assertTrue(err.contains(fr.text()));
    }

    @Test
    void boundsFaultReportsHowFarOutOfBounds() throws Exception {
        Path report = tmp.resolve("b.json");
        CliRun r = launch("run", "--fault-report", report.toString(),
                GP.resolve("build/cheri/cheri_bounds").toString());
        assertEquals(162, r.status());
        CheriFaultReport fr = CheriFaultReport.read(report);
        assertEquals("length violation", fr.causeName());
        assertEquals(5, fr.capIndex());
        assertEquals("c5/ct0", fr.register());
        assertEquals("0x10", fr.capability().length());
        assertEquals(1, fr.size());
        assertEquals("1 byte past the top", fr.boundsExcess());
        assertTrue(fr.capability().tag());
        assertTrue(r.err().contains("1 byte past the top"));
    }

    @Test
    void malformedReportIsOneLineAndStatus65() throws Exception {
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"status\": 162, \"pc\": ");
        CliRun r = CliRun.of("inspect", bad.toString());
        assertEquals(65, r.status());
        assertEquals(1, r.err().lines().count(), r.err());
        Files.writeString(bad, "[1, 2]");
        assertEquals(65, CliRun.of("inspect", bad.toString()).status());
        assertEquals(65, CliRun.of("inspect", tmp.resolve("missing.json").toString()).status());
    }
}
