package org.cheriemu.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.cheriemu.isa.memory.TaggedMemory;
import org.cheriemu.runtime.revoke.QuarantinePolicy;
import org.junit.jupiter.api.Test;

class RuntimeJsonTest {
    @Test
    void passLogIsOneObjectPerLine() throws Exception {
        TaggedMemory mem = new TaggedMemory();
        Allocator a = new Allocator(new InMemoryMachine(mem), RuntimeConfig.of(0x1000_0000L, 1 << 20)
                .withPolicy(QuarantinePolicy.MANUAL));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RuntimeJson.PassLogWriter w = new RuntimeJson.PassLogWriter(out)) {
            a.setPassListener(w);
            a.free(a.malloc(32));
            a.revokeNow();
            a.revokeNow();
        }
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].startsWith("{\"pass\":1,\"trigger\":\"requested\",\"strategy\":\"full\",\"quarantinedBytes\":32,"), lines[0]);
        assertTrue(lines[1].startsWith("{\"pass\":2,"));
        String summary = RuntimeJson.toJson(a.statistics());
        assertTrue(summary.contains("\"sweeps\":2,") && summary.contains("\"frees\":1,"), summary);
    }
}
