package org.cheriemu.emulator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code cap} CLI contract. Expected values are the hand-worked examples of the CHERI-RISC-V
 * reference (§1.4, §1.6, §1.7, §1.9), not outputs of the code under test.
 */
class CapCommandTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> FIELDS = List.of("tag", "address", "base", "top", "length", "offset",
            "perms", "uperms", "otype", "flags", "exponent", "sealed", "pesbt", "permNames");

    @Test
    void rootIsTheAlmightyCapabilityWithFieldsInContractOrder() throws Exception {
        CliRun run = CliRun.of("cap", "root");
        assertEquals(0, run.status(), run.err());
        assertEquals("{\"tag\":true,\"address\":\"0x0\",\"base\":\"0x0\",\"top\":\"0x10000000000000000\","
                + "\"length\":\"0x10000000000000000\",\"offset\":\"0x0\",\"perms\":\"0xfff\",\"uperms\":\"0xf\","
                + "\"otype\":\"0x3ffff\",\"flags\":\"0x0\",\"exponent\":52,\"sealed\":false,"
                + "\"pesbt\":\"0xffff1ffffc018004\",\"permNames\":[\"GLOBAL\",\"EXECUTE\",\"LOAD\",\"STORE\","
                + "\"LOAD_CAP\",\"STORE_CAP\",\"STORE_LOCAL_CAP\",\"SEAL\",\"CINVOKE\",\"UNSEAL\","
                + "\"ACCESS_SYSTEM_REGISTERS\",\"SET_CID\"]}\n", run.out());
    }

    @Test
    void nullDecodesFromAllZeroMemory() throws Exception {
        JsonNode fromCommand = single(CliRun.of("cap", "null"));
        JsonNode fromMemory = single(CliRun.of("cap", "decode", "--pesbt", "0", "--cursor", "0", "--memory-form", "--tag", "0"));
        assertEquals(fromCommand, fromMemory);
        assertEquals("0x1ffffc018004", fromCommand.get("pesbt").asText());
        assertFalse(fromCommand.get("tag").asBoolean());
        assertEquals(0, fromCommand.get("permNames").size());
    }

    @Test
    void decodesTheIsaDocumentExampleInsideAndOutsideItsRepresentableWindow() throws Exception {
        // §1.4: EBT 0x4003802 on a root-derived capability (perms/otype from ROOT_META).
        String pesbt = "0xffff1ffffc003802";
        assertBounds(decode(pesbt, "0x1e000"), "0x1e000", "0x24000", "0x6000", 2);
        assertBounds(decode(pesbt, "0x2bfff"), "0x1e000", "0x24000", "0x6000", 2);
        assertBounds(decode(pesbt, "0x1bfff"), "0xe000", "0x14000", "0x6000", 2);
        assertBounds(decode(pesbt, "0x2c000"), "0x2e000", "0x34000", "0x6000", 2);
        JsonNode cap = decode(pesbt, "0x1e010");
        for (int i = 0; i < FIELDS.size(); i++) {
            assertEquals(FIELDS.get(i), cap.properties().stream().toList().get(i).getKey());
        }
        assertEquals("0x10", cap.get("offset").asText());
    }

    @Test
    void setBoundsReportsExactnessAsTheReferenceTableSays() throws Exception {
        JsonNode inexact = single(CliRun.of("cap", "setbounds", "--pesbt", "0xffff1ffffc018004",
                "--cursor", "0x80001234", "--length", "0x12345"));
        assertFalse(inexact.get("exact").asBoolean());
        assertTrue(inexact.get("cap").get("tag").asBoolean());
        assertBounds(inexact.get("cap"), "0x80001200", "0x80013580", "0x12380", 4);

        JsonNode exactRequired = single(CliRun.of("cap", "setbounds", "--pesbt", "0xffff1ffffc018004",
                "--cursor", "0x80001234", "--length", "0x12345", "--exact"));
        assertFalse(exactRequired.get("cap").get("tag").asBoolean(), "CSetBoundsExact clears the tag when inexact");

        JsonNode exact = single(CliRun.of("cap", "setbounds", "--pesbt", "0xffff1ffffc018004",
                "--cursor", "0x160600000", "--length", "0x300000", "--exact"));
        assertTrue(exact.get("exact").asBoolean());
        assertTrue(exact.get("cap").get("tag").asBoolean());
        assertEquals("0xffff1ffffe007001", exact.get("cap").get("pesbt").asText());
    }

    @Test
    void crrlAndCramMatchTheReferenceTable() throws Exception {
        assertEquals("0x1008", single(CliRun.of("cap", "crrl", "0x1001")).get("value").asText());
        assertEquals("0x2000", single(CliRun.of("cap", "crrl", "8191")).get("value").asText());
        assertEquals("0x0", single(CliRun.of("cap", "crrl", "0xFFFFFFFFFFFFFFFF")).get("value").asText());
        assertEquals("0xfffffffffffffff0", single(CliRun.of("cap", "cram", "0x1fff")).get("value").asText());
        assertEquals("0xff80000000000000", single(CliRun.of("cap", "cram", "0xffffffffffffffff")).get("value").asText());
    }

    @Test
    void batchDecodePrintsOneObjectPerLineInOrder() throws Exception {
        CliRun run = CliRun.withInput("ffff1ffffc003802 1e000\n\n# comment\n0x1ffffc018004 0x0\n", "cap", "decode", "--batch", "-");
        assertEquals(0, run.status(), run.err());
        String[] lines = run.out().split("\n");
        assertEquals(2, lines.length);
        assertEquals("0x6000", MAPPER.readTree(lines[0]).get("length").asText());
        assertEquals("0x10000000000000000", MAPPER.readTree(lines[1]).get("length").asText());
    }

    @Test
    void batchSetBoundsReadsTriples() throws Exception {
        CliRun run = CliRun.withInput("ffff1ffffc018004 80001234 fff\nffff1ffffc018004 80001234 1000\n",
                "cap", "setbounds", "--batch", "-");
        assertEquals(0, run.status(), run.err());
        String[] lines = run.out().split("\n");
        assertTrue(MAPPER.readTree(lines[0]).get("exact").asBoolean());
        assertFalse(MAPPER.readTree(lines[1]).get("exact").asBoolean());
        assertEquals("0x80002238", MAPPER.readTree(lines[1]).get("cap").get("top").asText());
    }

    @Test
    void aBadBatchLineIsReportedWithItsNumber() {
        CliRun run = CliRun.withInput("1 2\n3 4\nnot-hex 5\n", "cap", "decode", "--batch", "-");
        assertEquals(64, run.status());
        assertEquals(2, run.out().split("\n").length, "the good lines before the bad one are printed");
        assertOneLineError(run, "-:3:");
        assertOneLineError(CliRun.withInput("1 2 3\n", "cap", "decode", "--batch", "-"), "-:1: expected 2");
    }

    @Test
    void malformedInputGivesOneLineAndStatus64() {
        assertOneLineError(CliRun.of("cap", "decode", "--pesbt", "0xzz", "--cursor", "0"), "not a 64-bit hex number");
        assertOneLineError(CliRun.of("cap", "decode", "--pesbt", "0x1ffffffffffffffff", "--cursor", "0"), "--pesbt");
        assertOneLineError(CliRun.of("cap", "decode", "--cursor", "0"), "missing required option --pesbt");
        assertOneLineError(CliRun.of("cap", "setbounds", "--pesbt", "0", "--cursor", "0"), "--length");
        assertOneLineError(CliRun.of("cap", "decode", "--pesbt", "0", "--cursor", "0", "--tag", "yes"), "--tag");
        assertOneLineError(CliRun.of("cap", "crrl", "18446744073709551616"), "does not fit in 64 bits");
        assertOneLineError(CliRun.of("cap", "crrl", "-1"), "L:");
        assertOneLineError(CliRun.of("cap", "decode", "--bogus"), "Unknown option");
        assertOneLineError(CliRun.of("cap", "decode", "--batch", "no/such/file"), "no such file");
    }

    private static void assertOneLineError(CliRun run, String expected) {
        assertEquals(64, run.status(), run.err());
        assertTrue(run.err().startsWith("cheri-emu: "), run.err());
        assertTrue(run.err().contains(expected), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertEquals("", run.out().isEmpty() ? "" : run.out().lines().filter(l -> !l.startsWith("{")).findAny().orElse(""));
    }

    private static JsonNode decode(String pesbt, String cursor) throws Exception {
        return single(CliRun.of("cap", "decode", "--pesbt", pesbt, "--cursor", cursor));
    }

    private static void assertBounds(JsonNode cap, String base, String top, String length, int exponent) {
        assertEquals(base, cap.get("base").asText());
        assertEquals(top, cap.get("top").asText());
        assertEquals(length, cap.get("length").asText());
        assertEquals(exponent, cap.get("exponent").asInt());
    }

    private static JsonNode single(CliRun run) throws Exception {
        assertEquals(0, run.status(), run.err());
        assertEquals(1, run.out().lines().count(), run.out());
        return MAPPER.readTree(run.out());
    }
}
