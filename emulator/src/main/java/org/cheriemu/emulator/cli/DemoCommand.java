package org.cheriemu.emulator.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.cheriemu.emulator.ExitStatus;
import picocli.CommandLine.Command;

/**
 * {@code cheri-emu demo}: the use-after-free demo. A real RISC-V guest (stock gcc + cheri.h)
 * gets its list nodes from the allocator runtime, keeps a stale capability to one node, frees
 * the list and builds a new one in the reused memory. Revocation has cleared the stale
 * capability's tag, so reading through it faults; the demo shows the fault report (with the
 * object's allocation and free sites and the pass that revoked it) and the sweep statistics.
 */
@Command(name = "demo", description = "Run the use-after-free demo: a stale capability caught by revocation, "
        + "its fault report and the revocation passes' statistics.", mixinStandardHelpOptions = true)
final class DemoCommand implements java.util.concurrent.Callable<Integer> {

    private static final String GUEST = "guest-programs/build/runtime/rt_uaf";

    private final PrintStream out = System.out;

    @Override
    public Integer call() {
        Path guest = Path.of(System.getProperty("cheriemu.root", ".")).resolve(GUEST);
        if (!Files.isRegularFile(guest)) {
            System.err.println("cheri-emu: " + guest + " is missing: build the guests with 'make -C guest-programs'");
            return ExitStatus.UNAVAILABLE;
        }
        Path passes;
        try {
            passes = Files.createTempFile("cheri-emu-demo", ".jsonl");
        } catch (IOException e) {
            System.err.println("cheri-emu: cannot create a temporary file: " + e.getMessage());
            return ExitStatus.IO_ERROR;
        }
        try {
            return run(guest, passes);
        } finally {
            try {
                Files.deleteIfExists(passes);
            } catch (IOException e) {
                // a temporary file left behind is harmless
            }
        }
    }

    private int run(Path guest, Path passes) {
        out.println("""
                A use after free, caught by revocation.

                The guest (%s, compiled by stock gcc, capabilities through cheri.h) gets
                4,000 list nodes from the allocator runtime: each cheri_malloc returns a capability with exact
                bounds. It keeps a second capability to node 500 in a "cache", frees the whole list and builds a
                new list, which reuses the freed memory. Freed nodes wait in quarantine until a revocation pass
                has cleared the tag of every capability to them, in memory and in registers; only then is their
                memory handed out again. So when the guest finally reads through its stale cache, the capability
                is untagged, and the read faults instead of returning the new list's data.
                """.formatted(GUEST));
        out.println("$ cheri-emu run --stats --sweep-stats passes.jsonl " + GUEST);
        out.flush();
        int status = Main.run("run", "--stats", "--sweep-stats", passes.toString(), guest.toString());
        System.err.flush();
        out.println("(exit status " + status + (status == ExitStatus.CAPABILITY_FAULT ? " = 128 + SIGPROT, as on CheriBSD)" : ")"));
        out.println();
        try {
            printPasses(Files.readAllLines(passes));
        } catch (IOException e) {
            System.err.println("cheri-emu: cannot read the pass statistics: " + e.getMessage());
            return ExitStatus.IO_ERROR;
        }
        out.println();
        out.println("Without revocation the stale read succeeds and returns the new list's data:");
        out.println("  cheri-emu run --revoker off " + GUEST);
        out.println("Other revokers: --revoker capdirty (skip pages with no capability stored since the last pass)"
                + " and --revoker loadbarrier (untag a revoked capability as it is loaded, before any pass).");
        return status == ExitStatus.CAPABILITY_FAULT ? 0 : ExitStatus.INTERNAL;
    }

    /** The --sweep-stats lines as a table. */
    private void printPasses(List<String> lines) throws IOException {
        out.println("Revocation passes (--sweep-stats, one JSON line per pass):");
        out.printf("  %4s  %-8s  %11s  %7s  %13s  %7s  %9s  %11s  %8s  %9s%n", "pass", "trigger", "quarantined",
                "objects", "bytes covered", "pages", "granules", "revoked", "cache", "host");
        out.printf("  %4s  %-8s  %11s  %7s  %13s  %7s  %9s  %11s  %8s  %9s%n", "", "", "bytes", "", "", "visited",
                "inspected", "mem / regs", "lines", "ms");
        ObjectMapper json = new ObjectMapper();
        for (String line : lines) {
            JsonNode p = json.readTree(line);
            out.printf(Locale.ROOT, "  %4d  %-8s  %11d  %7d  %13d  %7d  %9d  %11s  %8d  %9.3f%n", p.get("pass").asLong(),
                    p.get("trigger").asText(), p.get("quarantinedBytes").asLong(), p.get("quarantinedObjects").asLong(),
                    p.get("bytesCovered").asLong(), p.get("pagesVisited").asLong(), p.get("granulesInspected").asLong(),
                    p.get("revokedInMemory").asLong() + " / " + p.get("revokedInRegisters").asLong(),
                    p.get("cacheLines").asLong(), p.get("hostNanos").asLong() / 1e6);
        }
        if (lines.isEmpty()) {
            out.println("  (no pass ran)");
        }
    }
}
