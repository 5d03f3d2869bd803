package org.cheriemu.emulator.cli;

import org.cheriemu.emulator.ExitStatus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code run --trace FILE}: the QEMU-CHERI {@code -d instr} format. The program of the real
 * QEMU-CHERI log (shared/cheri/qemu-cheri-trace-sample.log, copied into the test resources) is
 * rebuilt from its instruction words and its trace compared line by line with the log; the
 * bare-metal CHERI guests are compared with committed golden traces
 * (guest-programs/expected/trace).
 */
class TraceTest {
    static final Path ROOT = Path.of(System.getProperty("cheriemu.root", "."));

    @TempDir
    Path tmp;

    /** The words of the sample log's program at 0x80000000 (its reset stub at 0x1000 is the board's). */
    static final String SAMPLE_PROGRAM = """
                .section .text.init, "ax", @progbits
                .globl _start
            _start:
                .insn 4, 0x01000517
                .insn 4, 0x00050513
                .insn 4, 0x020002db
                .insn 4, 0x20a282db
                .insn 4, 0x0102a2db
                .insn 2, 0x4591
                .insn 4, 0x1eb2835b
                .insn 4, 0x0062c023
                .insn 4, 0x0002a38f
                .insn 4, 0xfe42855b
                .insn 4, 0xfe4305db
                .insn 4, 0xfe43865b
                .insn 2, 0x9002
            """;

    Path assemble(String name, String source) throws IOException, InterruptedException {
        Path src = tmp.resolve(name + ".S");
        Files.writeString(src, source);
        Path out = tmp.resolve(name);
        Process p = new ProcessBuilder("riscv64-linux-gnu-gcc", "-march=rv64gc", "-mabi=lp64d", "-nostdlib",
                "-nostartfiles", "-static", "-mcmodel=medany", "-Wl,--no-relax", "-Wl,--build-id=none",
                "-Wl,--no-warn-rwx-segments", "-T", ROOT.resolve("guest-programs/baremetal/link.ld").toString(),
                "-o", out.toString(), src.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), log);
        return out;
    }

    /**
     * Normalizes a line of either log for comparison: QEMU's "Memory Read [a] = 00" prints no value
     * (only the address is compared); the reset stub's ld of the device-tree pointer differs between
     * boards (QEMU's has one at 0xbf000000, ours none); our EBREAK reports tval = pc where the log
     * shows 0.
     */
    static String normalize(String l) {
        if (l.startsWith("    Memory Read [")) {
            return l.substring(0, l.indexOf("] =") + 3);
        }
        if (l.startsWith("    Write x11/a1 = ") && (l.endsWith("00000000bf000000") || l.endsWith("0000000000000000"))) {
            return "    Write x11/a1 = <fdt>";
        }
        if (l.startsWith("riscv_cpu_do_interrupt:")) {
            return l.replaceAll("tval:0x[0-9a-f]+", "tval:<tval>");
        }
        return l;
    }

    @Test
    void traceOfTheSampleProgramMatchesTheQemuCheriLog() throws Exception {
        List<String> sample = new ArrayList<>();
        try (var in = TraceTest.class.getResourceAsStream("/qemu-cheri-trace-sample.log")) {
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (l.startsWith("#") || l.isEmpty() || l.contains("0x0000000000000000:  0000 ")) {
                    continue;               // comments, and the log's artefact lines (see its header)
                }
                sample.add(normalize(l));
            }
        }
        int ebreak = sample.indexOf(sample.stream().filter(l -> l.contains("ebreak")).findFirst().orElseThrow());
        Path exe = assemble("store_load_cap", SAMPLE_PROGRAM);
        Path trace = tmp.resolve("t.log");
        CliRun r = CliRun.of("run", "--machine", "virt", "--trace", trace.toString(), exe.toString());
        assertTrue(r.status() != 0, "the program ends in an ebreak with no handler");
        List<String> ours = Files.readAllLines(trace).stream().map(TraceTest::normalize).toList();
        assertTrue(ours.size() > ebreak, String.join("\n", ours));
        for (int i = 0; i <= ebreak; i++) {
            assertEquals(sample.get(i), ours.get(i), "line " + (i + 1) + "\n" + String.join("\n", ours));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cheri_capmode", "cheri_capmode_rvc"})
    void bareMetalGuestMatchesItsGoldenTrace(String name) throws Exception {
        Path exe = ROOT.resolve("guest-programs/build/baremetal/" + name);
        assertTrue(Files.isRegularFile(exe), exe + " is missing: build the guests with make -C guest-programs");
        Path trace = tmp.resolve(name + ".trace");
        CliRun r = CliRun.of("run", "--machine", "virt", "--trace", trace.toString(), exe.toString());
        assertEquals(0, r.status(), r.err());
        List<String> expected = Files.readAllLines(ROOT.resolve("guest-programs/expected/trace/" + name + ".trace"));
        List<String> ours = Files.readAllLines(trace);
        for (int i = 0; i < Math.min(expected.size(), ours.size()); i++) {
            assertEquals(expected.get(i), ours.get(i), name + " trace line " + (i + 1));
        }
        assertEquals(expected.size(), ours.size(), "trace length");
    }

    @Test
    void unwritableTraceFileIsAnError() {
        CliRun r = CliRun.of("run", "--machine", "virt", "--trace", tmp.resolve("no/such/dir/t.log").toString(),
                ROOT.resolve("guest-programs/build/baremetal/uart_hello").toString());
        assertEquals(ExitStatus.IO_ERROR, r.status());
    }

    /**
     * The instructions of a trace, each as its lines: a trap line that precedes an instruction
     * belongs to it, as do the memory, register and trap-entry lines after it.
     */
    static List<List<String>> blocks(List<String> trace) {
        List<List<String>> blocks = new ArrayList<>();
        boolean trapPending = false;
        for (String l : trace.subList(1, trace.size())) {           // after the "Requested ... logging" line
            boolean starts = l.startsWith("riscv_cpu_do_interrupt") || (l.startsWith("[0:0] 0x") && !trapPending);
            if (starts || blocks.isEmpty()) {
                blocks.add(new ArrayList<>());
            }
            blocks.get(blocks.size() - 1).add(l);
            trapPending = l.startsWith("riscv_cpu_do_interrupt");
        }
        return blocks;
    }

    static long pc(List<String> block) {
        String insn = block.stream().filter(l -> l.startsWith("[0:0] 0x")).findFirst().orElseThrow();
        return Long.parseUnsignedLong(insn.substring(8, 24), 16);
    }

    private List<String> capmodeTrace(String... windowOptions) throws IOException {
        Path trace = tmp.resolve("window.trace");
        List<String> args = new ArrayList<>(List.of("run", "--machine", "virt", "--trace", trace.toString()));
        args.addAll(List.of(windowOptions));
        args.add(ROOT.resolve("guest-programs/build/baremetal/cheri_capmode").toString());
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, r.status(), r.err());
        return Files.readAllLines(trace);
    }

    private static List<String> flatten(String header, List<List<String>> blocks) {
        List<String> lines = new ArrayList<>(List.of(header));
        blocks.forEach(lines::addAll);
        return lines;
    }

    /** The windows cut the full (golden) trace: the same lines, fewer of them. */
    @Test
    void traceWindowsWriteTheirPartOfTheFullTrace() throws Exception {
        List<String> full = Files.readAllLines(ROOT.resolve("guest-programs/expected/trace/cheri_capmode.trace"));
        List<List<String>> blocks = blocks(full);

        List<List<String>> fromCapMain = blocks.subList(
                blocks.indexOf(blocks.stream().filter(b -> pc(b) == 0x80000034L).findFirst().orElseThrow()),
                blocks.size());
        assertEquals(flatten("[0:0] Requested instruction logging @ 0000000080000034 ", fromCapMain),
                capmodeTrace("--trace-from", "cap_main"));
        assertEquals(capmodeTrace("--trace-from", "cap_main"), capmodeTrace("--trace-from", "0x80000034"));

        // uart_puts: 0x80000138 up to cap_trap at 0x8000015c
        List<List<String>> inUartPuts = blocks.stream()
                .filter(b -> pc(b) >= 0x80000138L && pc(b) < 0x8000015cL).toList();
        assertTrue(inUartPuts.size() > 20, "uart_puts runs");
        assertEquals(flatten(full.get(0), inUartPuts), capmodeTrace("--trace-filter", "0x80000138..0x8000015b"));
        assertEquals(flatten(full.get(0), inUartPuts), capmodeTrace("--trace-filter", "0x80000138+0x24"));
        assertEquals(flatten(full.get(0), inUartPuts),
                capmodeTrace("--trace-filter", "0x1000+4,uart_puts..0x8000015b", "--trace-from", "cap_main")
                        .stream().map(l -> l.replace("@ 0000000080000034", "@ 0000000000001000")).toList());

        assertEquals(flatten(full.get(0), blocks.subList(0, 10)), capmodeTrace("--trace-limit", "10"));
    }

    @Test
    void aStartThatIsNeverReachedIsReported() throws IOException {
        Path trace = tmp.resolve("never.trace");
        CliRun r = CliRun.of("run", "--machine", "virt", "--trace", trace.toString(), "--trace-from", "0x80000002",
                ROOT.resolve("guest-programs/build/baremetal/cheri_capmode").toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(0, Files.size(trace));
        assertEquals("cheri-emu: --trace-from: the pc never reached 0x80000002, so the trace is empty\n", r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--trace-from nosuchsymbol|--trace-from: no symbol 'nosuchsymbol' in the program",
        "--trace-filter cap_trap|--trace-filter: symbol 'cap_trap' has no size; give START..END",
        "--trace-filter 0x20..0x10|--trace-filter: '0x20..0x10' ends before it starts",
        "--trace-filter 0x10+0|--trace-filter: '0x10+0' is an empty range",
        "--trace-limit 0|--trace-limit: '0' must be a positive number",
        "--trace-limit ten|--trace-limit: 'ten' is not a number (use decimal or 0x-prefixed hex)",
    })
    void badTraceWindowsAreUsageErrors(String caseLine) {
        CliRun.assertRunUsageError(caseLine, List.of("--machine", "virt", "--trace", tmp.resolve("t").toString()),
                ROOT.resolve("guest-programs/build/baremetal/cheri_capmode").toString());
    }

    @Test
    void traceWindowWithoutTraceIsAUsageError() {
        CliRun r = CliRun.of("run", "--trace-from", "main", ROOT.resolve("guest-programs/build/cheri/cheri_bounds").toString());
        assertEquals(ExitStatus.USAGE, r.status());
        assertEquals("cheri-emu: --trace-from, --trace-filter and --trace-limit need --trace FILE\n", r.err());
    }
}
