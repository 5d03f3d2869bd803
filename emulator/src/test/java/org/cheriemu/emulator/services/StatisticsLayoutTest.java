package org.cheriemu.emulator.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cheriemu.runtime.RuntimeSummary;
import org.junit.jupiter.api.Test;

/** The statistics service's struct agrees with RuntimeSummary and with cheri.h's struct cheri_rt_stats. */
class StatisticsLayoutTest {
    static final Path CHERI_H = Path.of(System.getProperty("cheriemu.root", "."), "guest-programs/include/cheri.h");

    @Test
    void fieldsAreTheSummarysNumbersInRecordOrder() {
        List<String> numeric = Arrays.stream(RuntimeSummary.class.getRecordComponents())
                .filter(c -> c.getType() == long.class).map(RecordComponent::getName).toList();
        assertEquals(numeric, StatisticsLayout.FIELDS);
    }

    @Test
    void cheriHDeclaresTheSameFieldsInTheSameOrder() throws Exception {
        String h = Files.readString(CHERI_H);
        Matcher struct = Pattern.compile("struct cheri_rt_stats \\{(.*?)\\};", Pattern.DOTALL).matcher(h);
        assertTrue(struct.find(), "struct cheri_rt_stats not found in cheri.h");
        List<String> cNames = new ArrayList<>();
        for (String decl : struct.group(1).split(";")) {
            String d = decl.trim();
            if (d.isEmpty()) {
                continue;
            }
            assertTrue(d.startsWith("uint64_t "), d);
            for (String name : d.substring("uint64_t ".length()).split(",")) {
                cNames.add(camel(name.trim()));
            }
        }
        assertEquals(StatisticsLayout.FIELDS, cNames);
    }

    @Test
    void encodesEachFieldAsLittleEndianUint64() {
        long[] values = new long[StatisticsLayout.FIELDS.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = 0x0101010101010101L * (i + 1) + i;
        }
        RuntimeSummary s = new RuntimeSummary("full", values[0], values[1], values[2], values[3], values[4], values[5],
                values[6], values[7], values[8], values[9], values[10], values[11], values[12], values[13], values[14],
                values[15], values[16], values[17], values[18], values[19], values[20], values[21]);
        ByteBuffer b = ByteBuffer.wrap(StatisticsLayout.encode(s)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(8 * values.length, b.remaining());
        for (long v : values) {
            assertEquals(v, b.getLong());
        }
    }

    private static String camel(String snake) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.toString();
    }
}
