package org.cheriemu.emulator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.cheriemu.emulator.ExitStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The allocator runtime's guests (guest-programs/runtime) on the emulator: the service ABI, use
 * after free caught by revocation and by the load barrier, double and invalid free reports with
 * their stack traces, leaks, and a pointer-dense workload whose results must not depend on the
 * revocation strategy.
 */
class RuntimeGuestsTest {
    static final Path BUILD = CheriGuestsTest.GP.resolve("build/runtime");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static String guest(String name) {
        Path p = BUILD.resolve(name);
        assertTrue(Files.isRegularFile(p), p + " is missing: build the guests with make -C guest-programs");
        return p.toString();
    }

    static CliRun run(String... args) throws Exception {
        return CheriGuestsTest.launch(args);
    }

    private static final Pattern FRAME = Pattern.compile(" +#\\d+ 0x[0-9a-f]+ ([A-Za-z_][\\w.]*?)(\\.constprop\\.\\d+)?\\+0x[0-9a-f]+");

    /** The function names of the first trace titled {@code title} in a report, innermost first. */
    static List<String> frames(String report, String title) {
        List<String> lines = report.lines().toList();
        int at = 0;
        while (at < lines.size() && !lines.get(at).trim().equals(title + ":")) {
            at++;
        }
        assertTrue(at < lines.size(), "no '" + title + ":' in\n" + report);
        List<String> names = new ArrayList<>();
        for (int i = at + 1; i < lines.size(); i++) {
            Matcher m = FRAME.matcher(lines.get(i));
            if (!m.matches()) {
                break;
            }
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void everyServiceBehavesAsTheAbiSays() throws Exception {
        CliRun r = run("run", guest("rt_services"));
        assertEquals(0, r.status(), r.out() + r.err());
        assertFalse(r.out().contains("FAIL"), r.out());
        assertEquals(Files.readString(CheriGuestsTest.GP.resolve("expected/runtime/rt_services.stdout")), r.out());
    }

    @Test
    void useAfterFreeIsCaughtAfterRevocationWithTheObjectsHistory() throws Exception {
        Path report = tmp.resolve("uaf.json");
        Path passes = tmp.resolve("passes.jsonl");
        CliRun r = run("run", "--fault-report", report.toString(), "--sweep-stats", passes.toString(), guest("rt_uaf"));
        assertEquals(ExitStatus.CAPABILITY_FAULT, r.status(), r.err());
        assertEquals(Files.readString(CheriGuestsTest.GP.resolve("expected/runtime/rt_uaf.stdout")), r.out());
        String err = r.err();
        assertTrue(err.contains("tag violation (cause 0x02) on c5/ct0"), err);
        assertTrue(err.contains("32 bytes at 0x"), err);
        assertTrue(err.contains("freed, revoked by pass 1"), err);
        assertTrue(err.contains("the capability's tag was cleared by revocation pass 1"), err);
        assertTrue(err.contains("its memory has been reused by live object #"), err);
        assertEquals(List.of("make_node", "build_list", "main"), frames(err, "allocated at"));
        assertEquals(List.of("free_list", "main"), frames(err, "freed at"));

        JsonNode saved = JSON.readTree(report.toFile());
        JsonNode object = saved.get("heapObject");
        assertEquals("revocation pass 1", object.get("revokedBy").asText());
        assertEquals(saved.get("capability").get("base").asText(), object.get("base").asText(),
                "the object is the one the stale capability's bounds describe");
        assertEquals(32, object.get("length").asLong());
        assertTrue(CliRun.of("inspect", report.toString()).out().contains("cleared by revocation pass 1"));

        List<String> lines = Files.readAllLines(passes);
        assertFalse(lines.isEmpty(), "no pass logged");
        JsonNode first = JSON.readTree(lines.get(0));
        assertEquals(1, first.get("pass").asLong());
        assertEquals("ratio", first.get("trigger").asText());
        assertTrue(first.get("revokedInMemory").asLong() >= 1, lines.get(0));
        for (String field : List.of("quarantinedBytes", "quarantinedChunks", "bytesCovered", "pagesVisited", "pagesSkipped",
                "granulesInspected", "revokedInRegisters", "hostNanos", "cpuNanos", "cacheLines")) {
            assertTrue(first.has(field), field + " missing in " + lines.get(0));
        }
    }

    @Test
    void aHeapOverflowFaultsAtOnceAndNamesTheObjectAndItsAllocation() throws Exception {
        CliRun r = run("run", guest("rt_overflow"));
        assertEquals(ExitStatus.CAPABILITY_FAULT, r.status(), r.err());
        assertTrue(r.err().contains("length violation (cause 0x01) on c5/ct0"), r.err());
        assertTrue(r.err().contains("access 1 byte at 0x"), r.err());
        assertTrue(r.err().contains(": 1 byte past the top"), r.err());
        assertTrue(r.err().contains("heap object #1: 24 bytes at 0x"), r.err());
        assertTrue(r.err().contains(", live\n"), r.err());
        assertEquals(List.of("make_name", "main"), frames(r.err(), "allocated at"));
        assertFalse(r.err().contains("freed at:"), r.err());
    }

    @Test
    void withoutRevocationTheStaleCapabilityReadsTheNewObject() throws Exception {
        // the control experiment: --revoker off reuses memory at once, and the stale read succeeds
        CliRun r = run("run", "--revoker", "off", guest("rt_uaf"));
        assertEquals(1, r.status(), r.err());
        assertTrue(r.out().contains("NOT REACHED: read 5500"), r.out());
    }

    @Test
    void theLoadBarrierStopsAStaleCapabilityBeforeAnyPass() throws Exception {
        CliRun full = run("run", guest("rt_stale_load"));
        assertEquals(0, full.status(), full.err());
        assertTrue(full.out().contains("read 4242"), full.out());

        CliRun barrier = run("run", "--revoker", "loadbarrier", guest("rt_stale_load"));
        assertEquals(ExitStatus.CAPABILITY_FAULT, barrier.status(), barrier.err());
        assertTrue(barrier.err().contains("freed, in quarantine (not yet revoked)"), barrier.err());
        assertTrue(barrier.err().contains("the capability's tag was cleared by the load barrier"), barrier.err());
        assertEquals(List.of("make_and_save", "main"), frames(barrier.err(), "freed at"));
    }

    @Test
    void doubleFreeShowsAllocationFirstFreeAndSecondFree() throws Exception {
        Path json = tmp.resolve("double.jsonl");
        CliRun r = run("run", "--runtime-report", json.toString(), guest("rt_double_free"));
        assertEquals(134, r.status(), r.err());
        List<String> lines = Files.readAllLines(json);
        assertEquals(1, lines.size(), lines.toString());
        JsonNode report = JSON.readTree(lines.get(0));
        assertEquals("double_free", report.get("report").asText());
        assertEquals(100, report.get("object").get("requested").asLong());
        assertTrue(report.get("object").get("allocatedAt").get(0).get("symbol").asText().startsWith("make_buffer+0x"));
        assertTrue(report.get("object").get("freedAt").get(0).get("symbol").asText().startsWith("release+0x"));
        assertTrue(report.get("freedAgainAt").get(0).get("symbol").asText().startsWith("release_again+0x"));
        assertEquals(report.get("object").get("base").asText(), report.get("capability").get("address").asText());
        String err = r.err();
        assertTrue(err.startsWith("cheri-emu: double free of object #1 (100 bytes at 0x"), err);
        assertEquals(List.of("make_buffer", "main"), frames(err, "allocated at"));
        assertEquals(List.of("release", "main"), frames(err, "first freed at"));
        assertEquals(List.of("release_again", "main"), frames(err, "freed again at"));
        assertTrue(err.contains("guest aborted (SIGABRT, exit status 134)"), err);
    }

    @Test
    void straceShowsServiceCallsWithTheirCapabilities() throws Exception {
        CliRun r = run("run", "--strace", guest("rt_double_free"));
        assertEquals(134, r.status(), r.err());
        List<String> calls = r.err().lines().filter(l -> l.matches("\\d+ cheri_.*")).map(l -> l.replaceFirst("^\\d+ ", ""))
                .toList();
        assertEquals(3, calls.size(), r.err());
        Matcher m = Pattern.compile("cheri_malloc\\(0x64\\) = (0x[0-9a-f]+) \\[rwRW,(0x[0-9a-f]+)-(0x[0-9a-f]+)\\]")
                .matcher(calls.get(0));
        assertTrue(m.matches(), calls.get(0));
        assertEquals(m.group(1), m.group(2), "the capability's address is its base");
        assertEquals(Long.decode(m.group(2)) + 100, Long.decode(m.group(3)), "exact bounds of 100 bytes");
        String cap = m.group(1) + " [rwRW," + m.group(2) + "-" + m.group(3) + "]";
        assertEquals("cheri_free(" + cap + ") = 0", calls.get(1));
        assertEquals("cheri_free(" + cap + ") = ? (the guest ends)", calls.get(2));
    }

    @Test
    void invalidFreesAreReportedAndRefused() throws Exception {
        CliRun r = run("run", "--bad-free", "report", guest("rt_invalid_free"));
        assertEquals(0, r.status(), r.err());
        assertEquals(Files.readString(CheriGuestsTest.GP.resolve("expected/runtime/rt_invalid_free.stdout")), r.out());
        List<String> kinds = r.err().lines().filter(l -> l.startsWith("cheri-emu: invalid free: ")).toList();
        CliRun again = run("run", "--bad-free", "report", "--runtime-report", tmp.resolve("bad.jsonl").toString(),
                guest("rt_invalid_free"));
        assertEquals(0, again.status(), again.err());
        List<String> jsonKinds = new ArrayList<>();
        for (String line : Files.readAllLines(tmp.resolve("bad.jsonl"))) {
            jsonKinds.add(JSON.readTree(line).get("kind").asText());
        }
        assertEquals(List.of("interior", "untagged", "foreign", "sealed"), jsonKinds);
        assertEquals(List.of("cheri-emu: invalid free: the address is inside a live object, not at its base",
                "cheri-emu: invalid free: the capability is untagged (never valid, or revoked)",
                "cheri-emu: invalid free: the address is outside the heap",
                "cheri-emu: invalid free: the capability is sealed"), kinds);
        assertEquals(List.of("free_interior", "main"), frames(r.err(), "freed at"));
        assertTrue(r.err().contains("nearest allocation: object #1 (64 bytes at 0x"), r.err());

        CliRun abort = run("run", guest("rt_invalid_free"));
        assertEquals(134, abort.status(), abort.err());
        assertEquals(1, abort.err().lines().filter(l -> l.startsWith("cheri-emu: invalid free: ")).count(), abort.err());
    }

    @Test
    void leakCheckListsWhatIsStillAllocated() throws Exception {
        Path json = tmp.resolve("leaks.jsonl");
        CliRun r = run("run", "--leak-check", "--runtime-report", json.toString(), guest("rt_leak"));
        assertEquals(0, r.status(), r.err());
        List<JsonNode> reports = new ArrayList<>();
        for (String line : Files.readAllLines(json)) {
            reports.add(JSON.readTree(line));
        }
        assertEquals(List.of(48L, 48L, 20L), reports.stream().map(j -> j.get("object").get("requested").asLong()).toList());
        assertTrue(reports.stream().allMatch(j -> j.get("report").asText().equals("leak")
                && j.get("object").get("state").asText().equals("live") && j.get("object").get("freedAt").isNull()));
        String err = r.err();
        assertTrue(err.contains("cheri-emu: leak check: 3 objects (116 bytes requested) still allocated at exit"), err);
        List<String> leaked = err.lines().filter(l -> l.startsWith("  leaked ")).toList();
        assertEquals(3, leaked.size(), err);
        assertTrue(leaked.get(0).startsWith("  leaked object #4 (48 bytes at"), err);
        assertTrue(leaked.get(1).startsWith("  leaked object #8 (48 bytes at"), err);
        assertTrue(leaked.get(2).startsWith("  leaked object #11 (20 bytes at"), err);
        assertEquals(List.of("make_record", "main"), frames(err, "allocated at"));

        CliRun quiet = run("run", guest("rt_leak"));
        assertFalse(quiet.err().contains("leak check"), quiet.err());
    }

    /** rt_tree's key sequence and set semantics in Java: node count and checksum after every round. */
    static List<String> treeModel() {
        final int rounds = 6, target = 1500, keys = 8192;
        long[] seed = {12345};
        java.util.function.LongSupplier next = () -> {
            seed[0] = seed[0] * 6364136223846793005L + 1442695040888963407L;
            return Long.remainderUnsigned(seed[0] >>> 33, keys);
        };
        TreeSet<Long> tree = new TreeSet<>();
        List<String> lines = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            while (tree.size() < target) {
                tree.add(next.getAsLong());
            }
            for (int i = 0; i < target; i++) {
                tree.remove(next.getAsLong());
            }
            while (tree.size() < target) {
                tree.add(next.getAsLong());
            }
            long sum = tree.stream().mapToLong(k -> k + 7 * k).sum();
            lines.add("round " + round + ": " + tree.size() + " nodes, checksum " + sum);
        }
        return lines;
    }

    @ParameterizedTest
    @ValueSource(strings = {"full", "capdirty", "loadbarrier", "off"})
    void theTreeWorkloadComputesTheSameUnderEveryRevoker(String revoker) throws Exception {
        // a pass every ~5% of the footprint, each checked for stale capabilities on the machine
        CliRun r = run("run", "--revoker", revoker, "--stats", "--json", "--check-revocation", "--quarantine-ratio", "0.05",
                "--quarantine-min", "0", guest("rt_tree"));
        assertEquals(0, r.status(), r.err());
        List<String> out = r.out().lines().toList();
        assertEquals(treeModel(), out.subList(0, out.size() - 1));
        JsonNode stats = JSON.readTree(r.err().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow());
        JsonNode rt = stats.get("runtime");
        assertEquals(revoker, rt.get("strategy").asText());
        assertEquals(1500 * 56, rt.get("requestedBytes").asLong(), "live objects at exit: the 1500 nodes");
        long mallocs = rt.get("mallocs").asLong(), frees = rt.get("frees").asLong();
        assertEquals(1500, mallocs - frees);
        assertTrue(out.getLast().startsWith("mallocs " + mallocs + ", frees " + frees + ", revocation passes "), out.getLast());
        // the per-class counters add up to the totals; the 56-byte nodes live in the 64-byte class
        long classMallocs = 0, classFrees = 0;
        JsonNode nodes = null;
        for (JsonNode c : rt.get("sizeClasses")) {
            classMallocs += c.get("mallocs").asLong();
            classFrees += c.get("frees").asLong();
            if (c.get("size").asLong() == 64) {
                nodes = c;
            }
        }
        assertEquals(mallocs, classMallocs);
        assertEquals(frees, classFrees);
        assertEquals(1500, nodes.get("live").asLong(), nodes.toString());
        assertEquals(1500 * 56, nodes.get("requestedBytes").asLong());
        assertEquals(1500 * 64, nodes.get("slotBytes").asLong());
        assertTrue(nodes.get("peakLive").asLong() >= 1500);
        if (revoker.equals("off")) {
            assertEquals(0, rt.get("sweeps").asLong());
        } else {
            assertTrue(rt.get("sweeps").asLong() >= 10, rt.toString());
            assertTrue(rt.get("revokedInMemory").asLong() >= 1, "freed nodes hold capabilities to freed nodes");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"full", "loadbarrier"})
    void randomServiceCallsNeverBreakTheRuntime(String revoker) throws Exception {
        CliRun r = run("run", "--revoker", revoker, "--bad-free", "report", "--stats", "--json", "--max-insns", "200000000",
                "--check-revocation", guest("rt_fuzz"));
        assertEquals(0, r.status(), r.err().lines().filter(l -> !l.startsWith(" ")).reduce("", (a, b) -> b));
        assertFalse(r.err().contains("internal error"), "internal error");
        JsonNode rt = JSON.readTree(r.err().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow())
                .get("runtime");
        assertTrue(rt.get("mallocs").asLong() > 100, rt.toString());
        assertTrue(rt.get("failedAllocations").asLong() > 100, "huge sizes and bad alignments were tried: " + rt);
        assertTrue(rt.get("invalidFrees").asLong() > 100, "bad capabilities were freed: " + rt);
        assertTrue(rt.get("doubleFrees").asLong() > 0, "freed capabilities were freed again: " + rt);
    }

    @Test
    void reusedMemoryIsZeroedUnlessNoZeroButNeverKeepsATag() throws Exception {
        CliRun zeroed = run("run", guest("rt_reuse"));
        assertEquals(0, zeroed.status(), zeroed.err());
        assertEquals("slot reused: yes\nbyte 16: 0x00, byte 63: 0x00\ngranule 0 tag: 0\n", zeroed.out());
        CliRun dirty = run("run", "--no-zero", guest("rt_reuse"));
        assertEquals(0, dirty.status(), dirty.err());
        assertEquals("slot reused: yes\nbyte 16: 0xab, byte 63: 0xab\ngranule 0 tag: 0\n", dirty.out());
    }

    @Test
    void badRuntimeOptionsAreUsageErrors() throws Exception {
        CliRun r = CliRun.of("run", "--revoker", "sometimes", guest("rt_leak"));
        assertEquals(ExitStatus.USAGE, r.status());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("unknown revoker 'sometimes'"), r.err());
        assertEquals(ExitStatus.USAGE, CliRun.of("run", "--heap", "12Q", guest("rt_leak")).status());
        assertEquals(ExitStatus.USAGE, CliRun.of("run", "--heap", "0", guest("rt_leak")).status());
        CliRun huge = CliRun.of("run", "--heap", "64G", guest("rt_leak"));
        assertEquals(ExitStatus.USAGE, huge.status(), huge.err());
        assertTrue(huge.err().contains("--heap must be a multiple of 4K from 64K to 16G"), huge.err());
        assertEquals(ExitStatus.USAGE, CliRun.of("run", "--quarantine-ratio", "-1", guest("rt_leak")).status());
        assertEquals(ExitStatus.USAGE, CliRun.of("run", "--bad-free", "ignore", guest("rt_leak")).status());
        CliRun io = CliRun.of("run", "--sweep-stats", tmp.resolve("no/such/dir/s.jsonl").toString(), guest("rt_leak"));
        assertEquals(ExitStatus.IO_ERROR, io.status(), io.err());
        CliRun full = run("run", "--sweep-stats", "/dev/full", guest("rt_uaf"));     // the disk fills up mid-run
        assertEquals(ExitStatus.IO_ERROR, full.status(), full.err());
        assertTrue(full.err().contains("cheri-emu: /dev/full: cannot write the sweep statistics: "), full.err());
        assertFalse(full.err().contains("internal error"), full.err());
        CliRun lost = run("run", "--leak-check", "--runtime-report", "/dev/full", guest("rt_leak"));
        assertEquals(ExitStatus.IO_ERROR, lost.status(), "the guest exited 0 but its reports were lost: " + lost.err());
        assertTrue(lost.err().contains("cheri-emu: /dev/full: the runtime's reports could not all be written"), lost.err());
    }
}
