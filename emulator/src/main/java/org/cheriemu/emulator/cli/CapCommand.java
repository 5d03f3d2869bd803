package org.cheriemu.emulator.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.cheriemu.isa.cap.Capability;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cheri-emu cap ...}: the capability model on the command line, one JSON object per result.
 * Bit patterns (pesbt, cursor) are hex with an optional 0x; lengths are decimal or 0x-hex, except
 * in batch files, where every field is hex.
 */
@Command(name = "cap", description = "Decode and derive CHERI-128 (ISAv9) capabilities; prints JSON.",
        mixinStandardHelpOptions = true)
final class CapCommand {

    private static final JsonFactory JSON =
            JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    @Command(name = "decode", description = "Decode a capability from its metadata word and cursor.")
    int decode(
            @Option(names = "--pesbt", description = "metadata word (hex), register form unless --memory-form") String pesbt,
            @Option(names = "--cursor", description = "address (hex)") String cursor,
            @Option(names = "--tag", defaultValue = "1", description = "tag bit, 0 or 1 (default 1)") String tag,
            @Option(names = "--memory-form", description = "--pesbt is as stored in memory (XORed with NULL)") boolean memoryForm,
            @Option(names = "--batch", paramLabel = "FILE", description = "one 'pesbt cursor' hex pair per line ('-' = stdin)") String batch) {
        boolean tagged = parseTag(tag);
        if (batch != null) {
            rejectWithBatch(pesbt, cursor);
            return runBatch(batch, 2, (fields, json) ->
                    CapabilityJson.write(json, Capability.decode(fields[0], fields[1], tagged, memoryForm)));
        }
        Capability cap = Capability.decode(required(pesbt, "--pesbt"), required(cursor, "--cursor"), tagged, memoryForm);
        return printOne(json -> CapabilityJson.write(json, cap));
    }

    @Command(name = "setbounds", description = "CSetBounds (or CSetBoundsExact) at the capability's address.")
    int setbounds(
            @Option(names = "--pesbt", description = "metadata word (hex), register form unless --memory-form") String pesbt,
            @Option(names = "--cursor", description = "address (hex): the requested base") String cursor,
            @Option(names = "--length", description = "requested length (decimal or 0x-hex)") String length,
            @Option(names = "--tag", defaultValue = "1", description = "tag bit of the source, 0 or 1 (default 1)") String tag,
            @Option(names = "--exact", description = "CSetBoundsExact: clear the tag if the bounds are not exact") boolean exact,
            @Option(names = "--memory-form", description = "--pesbt is as stored in memory") boolean memoryForm,
            @Option(names = "--batch", paramLabel = "FILE", description = "one 'pesbt cursor length' hex triple per line ('-' = stdin)") String batch) {
        boolean tagged = parseTag(tag);
        if (batch != null) {
            rejectWithBatch(pesbt, cursor);
            if (length != null) {
                throw new UsageException("--length cannot be combined with --batch");
            }
            return runBatch(batch, 3, (fields, json) -> writeSetBounds(json,
                    Capability.decode(fields[0], fields[1], tagged, memoryForm), fields[2], exact));
        }
        Capability source = Capability.decode(required(pesbt, "--pesbt"), required(cursor, "--cursor"), tagged, memoryForm);
        if (length == null) {
            throw new UsageException("missing required option --length");
        }
        long len = Numbers.parseUnsigned(length, "--length");
        return printOne(json -> writeSetBounds(json, source, len, exact));
    }

    @Command(name = "root", description = "The root (almighty) capability.")
    int root() {
        return printOne(json -> CapabilityJson.write(json, Capability.root()));
    }

    @Command(name = "null", description = "The NULL capability.")
    int nullCap() {
        return printOne(json -> CapabilityJson.write(json, Capability.nullCap()));
    }

    @Command(name = "crrl", description = "CRRL: the length rounded up to a representable one.")
    int crrl(@Parameters(paramLabel = "L", description = "length (decimal or 0x-hex)") String length) {
        long value = Capability.crrl(Numbers.parseUnsigned(length, "L"));
        return printOne(json -> writeValue(json, value));
    }

    @Command(name = "cram", description = "CRAM: the alignment mask a region of this length needs.")
    int cram(@Parameters(paramLabel = "L", description = "length (decimal or 0x-hex)") String length) {
        long value = Capability.cram(Numbers.parseUnsigned(length, "L"));
        return printOne(json -> writeValue(json, value));
    }

    private static void writeSetBounds(JsonGenerator json, Capability source, long length, boolean exact) throws IOException {
        Capability.SetBoundsResult result = exact ? source.setBoundsExact(length) : source.setBounds(length);
        json.writeStartObject();
        json.writeFieldName("cap");
        CapabilityJson.write(json, result.capability());
        json.writeBooleanField("exact", result.exact());
        json.writeEndObject();
    }

    private static void writeValue(JsonGenerator json, long value) throws IOException {
        json.writeStartObject();
        json.writeStringField("value", Numbers.hex(value));
        json.writeEndObject();
    }

    private static long required(String value, String option) {
        if (value == null) {
            throw new UsageException("missing required option " + option);
        }
        return Numbers.parseHex(value, option);
    }

    private static boolean parseTag(String tag) {
        return switch (tag) {
            case "1" -> true;
            case "0" -> false;
            default -> throw new UsageException("--tag: '" + tag + "' must be 0 or 1");
        };
    }

    private static void rejectWithBatch(String pesbt, String cursor) {
        if (pesbt != null || cursor != null) {
            throw new UsageException("--pesbt/--cursor cannot be combined with --batch");
        }
    }

    private interface JsonWriter {
        void write(JsonGenerator json) throws IOException;
    }

    private interface LineWriter {
        void write(long[] fields, JsonGenerator json) throws IOException;
    }

    private static int printOne(JsonWriter writer) {
        try (JsonGenerator json = newGenerator(System.out)) {
            writer.write(json);
            json.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return 0;
    }

    /** Reads hex fields line by line; blank lines and '#' comments are skipped. */
    private static int runBatch(String file, int fieldCount, LineWriter writer) {
        try (BufferedReader in = openBatch(file); JsonGenerator json = newGenerator(System.out)) {
            long[] fields = new long[fieldCount];
            String line;
            int lineNumber = 0;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] words = trimmed.split("[\\s,]+");
                if (words.length != fieldCount) {
                    json.flush();
                    throw new UsageException(file + ":" + lineNumber + ": expected " + fieldCount
                            + " hex fields, found " + words.length);
                }
                for (int i = 0; i < fieldCount; i++) {
                    try {
                        fields[i] = Numbers.parseHex(words[i], "field " + (i + 1));
                    } catch (UsageException e) {
                        json.flush();
                        throw new UsageException(file + ":" + lineNumber + ": " + e.getMessage());
                    }
                }
                writer.write(fields, json);
                json.writeRaw('\n');
            }
        } catch (NoSuchFileException e) {
            throw new UsageException("--batch: no such file: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return 0;
    }

    private static BufferedReader openBatch(String file) throws IOException {
        if (file.equals("-")) {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII), 1 << 16);
        }
        return Files.newBufferedReader(Path.of(file), StandardCharsets.US_ASCII);
    }

    private static JsonGenerator newGenerator(OutputStream out) throws IOException {
        JsonGenerator json = JSON.createGenerator(out);
        json.setPrettyPrinter(new MinimalPrettyPrinter(""));
        return json;
    }
}
