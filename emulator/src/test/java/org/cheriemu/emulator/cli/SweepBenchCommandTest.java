package org.cheriemu.emulator.cli;

import org.cheriemu.emulator.ExitStatus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SweepBenchCommandTest {

    @Test
    void jsonHasEveryPassAndTheMedians() throws Exception {
        CliRun run = CliRun.of("sweep-bench", "--heap", "2M", "--pointer-density", "0.5", "--quarantine", "0.3",
                "--revoker", "capdirty", "--passes", "3", "--warmup", "1", "--bandwidth-runs", "1", "--json");
        assertEquals(0, run.status(), run.err());
        JsonNode j = new ObjectMapper().readTree(run.out());
        assertEquals("capdirty", j.get("params").get("strategy").asText());
        assertEquals(3, j.get("passes").size());
        assertEquals(1, j.get("warmup").size());
        JsonNode p = j.get("passes").get(0);
        assertTrue(p.get("revokedInMemory").asLong() > 0, "pointers to freed objects were revoked");
        assertEquals(p.get("bitsPainted").asLong(), p.get("bitsCleared").asLong());
        assertTrue(j.get("medianSweepGiBps").asDouble() > 0);
        assertTrue(j.get("hostReadGiBps").asDouble() > 0);
    }

    @Test
    void clusteredFreesLetCapdirtySkipCleanPages() throws Exception {
        CliRun run = CliRun.of("sweep-bench", "--heap", "8M", "--pointer-density", "0.01", "--quarantine", "0.1",
                "--revoker", "capdirty", "--free-pattern", "clustered", "--passes", "3", "--warmup", "1",
                "--bandwidth-runs", "1", "--json");
        assertEquals(0, run.status(), run.err());
        JsonNode j = new ObjectMapper().readTree(run.out());
        long skipped = 0;
        for (JsonNode p : j.get("passes")) {
            skipped += p.get("pagesSkipped").asLong();
            assertTrue(p.get("revokedInMemory").asLong() > 0);
        }
        assertTrue(skipped > 0, "no clean page skipped");
    }

    @Test
    void tableAndBadArguments() {
        CliRun run = CliRun.of("sweep-bench", "--heap", "1M", "--passes", "1", "--warmup", "0", "--bandwidth-runs", "1");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("median sweep:"), run.out());
        assertTrue(run.out().contains("sweep / host read"), run.out());
        assertEquals(ExitStatus.USAGE, CliRun.of("sweep-bench", "--revoker", "nope").status());
        assertEquals(ExitStatus.USAGE, CliRun.of("sweep-bench", "--heap", "12Q").status());
        assertEquals(ExitStatus.USAGE, CliRun.of("sweep-bench", "--pointer-density", "2").status());
        assertEquals(ExitStatus.USAGE, CliRun.of("sweep-bench", "--free-pattern", "sometimes").status());
    }
}
