package org.cheriemu.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@code --trace} lines for the memory accesses of AMOs and LR/SC: the {@code Memory Read} /
 * {@code Memory Write} lines that plain loads and stores log, right after the instruction line
 * (QEMU-CHERI {@code -d instr} layout, see {@link Tracer}).
 */
class AtomicTraceTest {
    static final long DATA = TestHart.BASE + 0x3000;

    private static List<String> memLines(TestHart t, ByteArrayOutputStream out, int n) {
        assertEquals(-1, t.step(n));
        t.hart.setTracer(null);
        return out.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.startsWith("[0:0] 0x") || l.startsWith("    Memory "))
                .map(l -> l.startsWith("[0:0]") ? String.join(" ", List.of(l.strip().split("\\s+"))
                        .subList(3, l.strip().split("\\s+").length)) : l)
                .toList();
    }

    private static ByteArrayOutputStream trace(TestHart t) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        t.hart.setTracer(new Tracer(new PrintStream(out, true, StandardCharsets.UTF_8), -1));
        return out;
    }

    @Test
    void amosLogTheReadOfTheOldValueAndTheWriteOfTheNewOne() {
        TestHart t = new TestHart();
        t.mem.store64(DATA, 0x1_0000_0005L);
        t.x(6, DATA).x(7, 3);
        t.emit(Asm.amo(0, 2, 10, 6, 7))        // amoadd.w a0, t2, (t1)
                .emit(Asm.amo(1, 3, 11, 6, 7)); // amoswap.d a1, t2, (t1)
        ByteArrayOutputStream out = trace(t);
        List<String> l = memLines(t, out, 2);
        assertEquals(List.of(
                "amoadd.w a0,t2,(t1)",
                "    Memory Read [0000000080003000] = 00000005",
                "    Memory Write [0000000080003000] = 00000008",
                "amoswap.d a1,t2,(t1)",
                "    Memory Read [0000000080003000] = 0000000100000008",
                "    Memory Write [0000000080003000] = 0000000000000003"), l);
    }

    @Test
    void lrAndScLogTheirAccesses() {
        TestHart t = new TestHart();
        t.mem.store64(DATA, 0x80F0L);
        t.x(6, DATA).x(7, 0x1122_3344_5566_7788L);
        t.emit(Asm.amo(2, 2, 10, 6, 0))        // lr.w a0, (t1)
                .emit(Asm.amo(3, 2, 11, 6, 7))  // sc.w a1, t2, (t1): success
                .emit(Asm.amo(3, 3, 12, 6, 7))  // sc.d: no reservation, no memory line
                .emit(Asm.amo(2, 0, 13, 6, 0))  // lr.b a3, (t1)
                .emit(Asm.amo(3, 0, 14, 6, 7))  // sc.b a4, t2, (t1): success
                .emit(Asm.amo(2, 1, 15, 6, 0))  // lr.h a5, (t1)
                .emit(Asm.amo(3, 1, 16, 6, 7)); // sc.h a6, t2, (t1): success
        ByteArrayOutputStream out = trace(t);
        List<String> l = memLines(t, out, 7);
        assertEquals(List.of(
                "lr.w a0,(t1)",
                "    Memory Read [0000000080003000] = 000080f0",
                "sc.w a1,t2,(t1)",
                "    Memory Read [0000000080003000] = 000080f0",
                "    Memory Write [0000000080003000] = 55667788",
                "sc.d a2,t2,(t1)",
                "lr.b a3,(t1)",
                "    Memory Read [0000000080003000] = 88",
                "sc.b a4,t2,(t1)",
                "    Memory Read [0000000080003000] = 88",
                "    Memory Write [0000000080003000] = 88",
                "lr.h a5,(t1)",
                "    Memory Read [0000000080003000] = 7788",
                "sc.h a6,t2,(t1)",
                "    Memory Read [0000000080003000] = 7788",
                "    Memory Write [0000000080003000] = 7788"), l);
        assertEquals(0, t.x(11));
        assertEquals(1, t.x(12));
        assertEquals(0, t.x(14));
        assertEquals(0, t.x(16));
    }

    @Test
    void amoswapCWithCdEqualCs2LogsItsCapabilityWrite() {
        TestHart t = CheriInstructionTest.withBuffer(0x80010000L, 0x100);   // ca0: a tagged capability
        t.x(7, 0x80020000L);
        t.emit(0x0800402F | 10 << 7 | 7 << 15 | 10 << 20);              // amoswap.c ca0, ca0, (t2)
        ByteArrayOutputStream out = trace(t);
        assertEquals(-1, t.step(1));
        t.hart.setTracer(null);
        List<String> l = out.toString(StandardCharsets.UTF_8).lines()
                .filter(x -> x.startsWith("    Cap Memory ")).toList();
        assertEquals(2, l.size(), String.join("\n", l));
        assertEquals(true, l.get(0).startsWith("    Cap Memory Read [0000000080020000] = v:0"), l.get(0));
        assertEquals(true, l.get(1).startsWith("    Cap Memory Write [0000000080020000] = v:1"), l.get(1));
    }

    /** SC.C compares the capability in memory with the reserved one: that read is logged, fail or succeed. */
    @Test
    void scCLogsTheReadOfItsComparisonWhetherItFailsOrSucceeds() {
        TestHart t = new TestHart();
        t.mem.store64(DATA, 0x1234);
        t.x(6, DATA).x(7, 0x5678);
        t.emit(Asm.amo(2, 4, 10, 6, 0))         // lr.c ca0, (t1)
                .emit(Asm.store(3, 7, 6, 0))     // sd t2, 0(t1): the address half changes
                .emit(Asm.amo(3, 4, 11, 6, 10))  // sc.c a1, ca0, (t1): fails, memory no longer matches
                .emit(Asm.amo(2, 4, 10, 6, 0))   // lr.c ca0, (t1)
                .emit(Asm.amo(3, 4, 12, 6, 10))  // sc.c a2, ca0, (t1): succeeds
                .emit(Asm.amo(3, 4, 13, 6, 10)); // sc.c a3, ca0, (t1): no reservation, no memory line
        ByteArrayOutputStream out = trace(t);
        assertEquals(-1, t.step(6));
        t.hart.setTracer(null);
        // each instruction as its mnemonic, then its capability memory lines
        List<String> l = out.toString(StandardCharsets.UTF_8).lines()
                .filter(x -> x.startsWith("[0:0] 0x") || x.startsWith("    Cap Memory "))
                .map(x -> x.startsWith("[0:0]") ? x.split("\\s+")[3] : x.substring(0, x.indexOf(" =")))
                .toList();
        assertEquals(List.of(
                "lr.c", "    Cap Memory Read [0000000080003000]",
                "sd",
                "sc.c", "    Cap Memory Read [0000000080003000]",
                "lr.c", "    Cap Memory Read [0000000080003000]",
                "sc.c", "    Cap Memory Read [0000000080003000]", "    Cap Memory Write [0000000080003000]",
                "sc.c"), l, out.toString(StandardCharsets.UTF_8));
        assertEquals(1, t.x(11));
        assertEquals(0, t.x(12));
        assertEquals(1, t.x(13));
    }
}
