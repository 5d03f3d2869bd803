package org.cheriemu.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The instruction table, compressed expansions and the disassembler. */
class DecoderTest {

    @Test
    void tableIsDenseAndUnambiguous() {
        Set<Integer> ops = new HashSet<>();
        for (Isa.Insn in : Isa.INSNS) {
            assertTrue(ops.add(in.op()), "opcode defined twice: " + in.name());
            assertEquals(in.match(), in.match() & in.mask(), in.name() + ": match has bits outside the mask");
        }
        for (int op = 1; op < Op.ILLEGAL; op++) {
            assertNotNull(Isa.insn(op), "opcode " + op + " has no table row");
        }
        // no two rows match the same word: check each row's match word against every other row
        for (Isa.Insn a : Isa.INSNS) {
            for (Isa.Insn b : Isa.INSNS) {
                if (a != b && (a.match() & b.mask()) == b.match() && (b.match() & a.mask()) == a.match()) {
                    throw new AssertionError(a.name() + " and " + b.name() + " overlap");
                }
            }
        }
    }

    /** Encodings from GNU as (riscv64-linux-gnu-as -march=rv64gc), expected QEMU-style expansions. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "0808|addi a0,sp,16",
        "2588|fld fa0,8(a1)",
        "42d0|lw a2,4(a3)",
        "6b98|ld a4,16(a5)",
        "ac0c|fsd fa1,24(s0)",
        "c124|sw s1,64(a0)",
        "fdfc|sd a5,248(a1)",
        "0001|nop",
        "1575|addi a0,a0,-3",
        "25fd|addiw a1,a1,31",
        "5601|addi a2,zero,-32",
        "7139|addi sp,sp,-64",
        "7685|lui a3,-126976",
        "937d|srli a4,a4,63",
        "8785|srai a5,a5,1",
        "987d|andi s0,s0,-1",
        "8c89|sub s1,s1,a0",
        "8db1|xor a1,a1,a2",
        "8ed9|or a3,a3,a4",
        "8fe1|and a5,a5,s0",
        "9c89|subw s1,s1,a0",
        "9db1|addw a1,a1,a2",
        "12fe|slli t0,t0,63",
        "30fe|fld ft1,504(sp)",
        "50fe|lw ra,252(sp)",
        "737e|ld t1,504(sp)",
        "8082|ret",
        "852e|add a0,zero,a1",
        "9002|ebreak",
        "9282|jalr t0",
        "952e|add a0,a0,a1",
        "bfa2|fsd fs0,504(sp)",
        "dfa6|sw s1,252(sp)",
        "ffca|sd s2,504(sp)",
    })
    void compressedExpansions(String hex, String expected) {
        assertEquals(expected, Disassembler.disassemble(Integer.parseInt(hex, 16)));
    }

    @ParameterizedTest(name = "{0} at {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "bf71|2c|j -100 # 0xffffffffffffffc8",
        "cd7d|2e|beqz a0,254 # 0x12c",
        "f181|30|bnez a1,-256 # 0xffffffffffffff30",
    })
    void compressedBranches(String hex, String pc, String expected) {
        assertEquals(expected, Disassembler.disassemble(Integer.parseInt(hex, 16), Long.parseLong(pc, 16)));
    }

    @Test
    void reservedCompressedEncodingsAreIllegal() {
        for (int h : new int[] {0x0000, 0x6101 /* c.addi16sp 0 */, 0x6081 /* c.lui ra,0 */, 0x2001 /* c.addiw x0 */,
            0x4002 /* c.lwsp x0 */, 0x8002 /* c.jr x0 */, 0x9c41 /* reserved CA */, 0x8000 /* funct3 100 Q0 */}) {
            Decoder.Decoded d = new Decoder.Decoded();
            Decoder.decode(h, d);
            assertEquals(Op.ILLEGAL, d.op, String.format("0x%04x", h));
        }
    }

    /** Lines of QEMU-CHERI's instruction log (shared/cheri/qemu-cheri-trace-sample.log) and others. */
    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "00000297|1000|auipc t0,0 # 0x1000",
        "02828613|1004|addi a2,t0,40",
        "f1402573|1008|csrrs a0,mhartid,zero",
        "0202b583|100c|ld a1,32(t0)",
        "0182b283|1010|ld t0,24(t0)",
        "00028067|1014|jr t0",
        "01000517|80000000|auipc a0,16777216 # 0x81000000",
        "00050513|80000004|mv a0,a0",
        "00000073|0|ecall",
        "30200073|0|mret",
        "0ff0000f|0|fence iorw,iorw",
        "1005a52f|0|lr.w a0,(a1)",
        "0cc5b52f|0|amoswap.d.aq a0,a2,(a1)",
        "02b50533|0|mul a0,a0,a1",
        "02c5f553|0|fadd.d fa0,fa1,fa2",
        "22b58553|0|fmv.d fa0,fa1",
        "c0051553|0|fcvt.w.s a0,fa0,rtz",
        "e0050553|0|fmv.x.w a0,fa0",
        "0000ffff|0|illegal",
        "c0002573|0|rdcycle a0",
        "34151073|0|csrrw zero,mepc,a0",
    })
    void disassembly(String hex, String pc, String expected) {
        assertEquals(expected, Disassembler.disassemble((int) Long.parseLong(hex, 16), Long.parseLong(pc, 16)));
    }

    /**
     * Every base-ISA line of the real QEMU-CHERI log in shared/cheri/qemu-cheri-trace-sample.log
     * (CHERI instructions are not ours to decode yet) matches our columns exactly.
     */
    @Test
    void matchesTheQemuCheriLogSample() throws Exception {
        Path root = Path.of(System.getProperty("cheriemu.root", "."));
        Path log = root.resolve("../shared/cheri/qemu-cheri-trace-sample.log").normalize();
        assertTrue(Files.isRegularFile(log), log + " missing");
        Pattern line = Pattern.compile("^\\[0:0\\] 0x([0-9a-f]{16}):  ([0-9a-f]+) +(.*)$");
        int compared = 0;
        for (String l : Files.readAllLines(log)) {
            Matcher m = line.matcher(l);
            if (!m.matches() || Long.parseUnsignedLong(m.group(1), 16) == 0) {
                continue;
            }
            int word = (int) Long.parseLong(m.group(2), 16);
            Decoder.Decoded d = new Decoder.Decoded();
            Decoder.decode(word, d);
            if (d.op == Op.ILLEGAL) {
                continue;                        // a CHERI instruction
            }
            assertEquals(m.group(3), Disassembler.qemuColumns(word, Long.parseUnsignedLong(m.group(1), 16)), l);
            compared++;
        }
        assertTrue(compared >= 8, "compared " + compared + " lines");
    }
}
