package org.cheriemu.emulator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cheriemu.emulator.testing.HostTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Golden traces of the Linux CHERI example guests (guest-programs/trace-tests.txt,
 * guest-programs/expected/trace/linux/; regenerate with {@code make -C guest-programs
 * expected-traces}). Each guest runs as the manifest says and its trace must equal the golden
 * file line for line.
 *
 * <p>A golden file written by this emulator only proves that nothing changed, so the golden files
 * are also checked against sources that do not come from it: every instruction line's word and
 * mnemonic against GNU objdump's disassembly of the ELF, its register writes against the
 * instruction's destination register, its memory lines against the access the instruction makes,
 * and the final trap against the --fault-report JSON of the same run.
 */
class LinuxTraceTest {
    static final Path GP = CheriGuestsTest.GP;
    static final Pattern INSN = Pattern.compile("^\\[0:0\\] 0x([0-9a-f]{16}):  ([0-9a-f]+) +(\\S+)\\s*(\\S*)");
    static final Pattern OBJDUMP = Pattern.compile("^\\s*([0-9a-f]+):\\t([0-9a-f]+)\\s*\\t(\\S+)\\t?(\\S*)");
    static final Pattern X_WRITE = Pattern.compile("^    Write x(\\d+)/(\\w+) = [0-9a-f]{16}$");
    static final Pattern C_WRITE = Pattern.compile("^    Write c(\\d+)/(\\w+)\\|v:");
    static final Pattern MEMORY = Pattern.compile("^    Memory (Read|Write) \\[[0-9a-f]{16}\\] = ([0-9a-f]+)$");
    static final Pattern TRAP = Pattern.compile("^riscv_cpu_do_interrupt: hart:0, async:0, cause:([0-9a-f]{16}), "
            + "epc:0x([0-9a-f]{16}), tval:0x([0-9a-f]{16}), desc=\\w+$");
    /** The integer registers' ABI names (RISC-V psABI), as objdump prints them. */
    static final List<String> ABI = List.of("zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1",
            "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3",
            "t4", "t5", "t6");
    /** The capability registers' names (reference: c + the integer ABI name, cnull for c0). */
    static final List<String> CAP_ABI = ABI.stream().map(n -> n.equals("zero") ? "cnull" : "c" + n).toList();

    @TempDir
    Path tmp;

    /** One line of trace-tests.txt: the guest, its exit status and its run options. */
    record Guest(String name, int status, List<String> options) {
        Path binary() {
            return GP.resolve("build/cheri").resolve(name);
        }

        Path golden() {
            return GP.resolve("expected/trace/linux").resolve(name + ".trace");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Guest> guests() throws IOException {
        List<Guest> guests = new ArrayList<>();
        for (String raw : Files.readAllLines(GP.resolve("trace-tests.txt"))) {
            String line = raw.contains("#") ? raw.substring(0, raw.indexOf('#')) : raw;
            if (line.isBlank()) {
                continue;
            }
            String[] w = line.trim().split("\\s+");
            guests.add(new Guest(w[0], Integer.parseInt(w[1]), List.of(w).subList(2, w.length)));
        }
        return guests;
    }

    /** Runs the guest as scripts/linux-golden-traces.sh does; returns the trace and the fault report path. */
    private List<String> run(Guest g, Path faultReport) throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(g.binary()), g.binary() + " is missing: build the guests with make -C guest-programs");
        Path trace = tmp.resolve(g.name() + ".trace");
        List<String> args = new ArrayList<>(List.of("run", "--seed", "1", "--pid", "1000", "--clear-env", "--argv0",
                g.name(), "--trace", trace.toString(), "--fault-report", faultReport.toString()));
        args.addAll(g.options());
        args.add(g.binary().toString());
        CliRun r = CheriGuestsTest.launch(args.toArray(String[]::new));
        assertEquals(g.status(), r.status(), r.err());
        return Files.readAllLines(trace);
    }

    @ParameterizedTest
    @MethodSource("guests")
    void traceMatchesTheGoldenFile(Guest g) throws Exception {
        Path report = tmp.resolve("fault.json");
        List<String> ours = run(g, report);
        List<String> golden = Files.readAllLines(g.golden());
        assertEquals(-1, firstDifference(golden, ours), () -> {
            int i = firstDifference(golden, ours);
            return g.golden().getFileName() + ": first difference at line " + (i + 1) + "\n  golden: "
                    + (i < golden.size() ? golden.get(i) : "<end of file>") + "\n  ours:   "
                    + (i < ours.size() ? ours.get(i) : "<end of file>")
                    + "\n(if the change is intended: make -C guest-programs expected-traces)";
        });
        if (g.status() == 162) {
            checkTrapAgainstFaultReport(golden, new ObjectMapper().readTree(report.toFile()));
        } else {
            assertTrue(Files.notExists(report), "no capability fault, no report");
        }
    }

    static int firstDifference(List<String> a, List<String> b) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            if (i >= a.size() || i >= b.size() || !a.get(i).equals(b.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void firstDifferenceFindsTheFirstChangedOrMissingLine() {
        assertEquals(-1, firstDifference(List.of("a", "b"), List.of("a", "b")));
        assertEquals(1, firstDifference(List.of("a", "b", "c"), List.of("a", "x", "c")));
        assertEquals(2, firstDifference(List.of("a", "b"), List.of("a", "b", "c")));
    }

    /**
     * The golden file ends with the faulting instruction: the trap line, then the instruction
     * line, as the last two lines; cause, epc, tval and the instruction agree with the report.
     */
    static void checkTrapAgainstFaultReport(List<String> trace, JsonNode report) {
        assertTrue(trace.size() >= 2, "trace too short");
        Matcher trap = TRAP.matcher(trace.get(trace.size() - 2));
        Matcher insn = INSN.matcher(trace.get(trace.size() - 1));
        assertTrue(trap.matches(), "second-last line is the trap: " + trace.get(trace.size() - 2));
        assertTrue(insn.find(), "last line is the faulting instruction: " + trace.get(trace.size() - 1));
        long tval = Long.parseUnsignedLong(trap.group(3), 16);
        assertEquals(hex(report, "mcause"), Long.parseUnsignedLong(trap.group(1), 16), "cause");
        assertEquals(hex(report, "pc"), Long.parseUnsignedLong(trap.group(2), 16), "epc");
        assertEquals(hex(report, "mtval"), tval, "tval");
        // ISAv9 mtval of a CHERI fault: cause code in bits 4:0, capability register index in bits 10:5
        assertEquals(report.get("causeCode").asLong(), tval & 31, "CHERI cause code in tval");
        assertEquals(report.get("capIndex").asLong(), (tval >>> 5) & 63, "register index in tval");
        assertEquals(hex(report, "pc"), Long.parseUnsignedLong(insn.group(1), 16), "faulting pc");
        assertEquals(report.get("instruction").asText(), insn.group(2), "faulting instruction word");
        assertEquals(report.get("disassembly").asText(), insn.group(3) + " " + insn.group(4), "disassembly");
        String register = report.get("register").asText();          // e.g. c5/ct0
        assertTrue(List.of(insn.group(4).split(",")).contains(register.substring(register.indexOf('/') + 1)),
                "the faulting register " + register + " is an operand of " + insn.group(0));
    }

    private static long hex(JsonNode report, String field) {
        return Long.parseUnsignedLong(report.get(field).asText().substring(2), 16);
    }

    /** What objdump says about one instruction. */
    record Objdump(String word, String mnemonic, String plainMnemonic, String plainOperands) {
    }

    /** objdump's view of the golden file's instructions: alias mnemonics and -M no-aliases. */
    static Map<Long, Objdump> objdump(Path elf, long from, long to) throws IOException, InterruptedException {
        HostTools.require("riscv64-linux-gnu-objdump");
        Map<Long, String[]> aliases = objdumpLines(elf, from, to, false);
        Map<Long, String[]> plain = objdumpLines(elf, from, to, true);
        Map<Long, Objdump> m = new HashMap<>();
        plain.forEach((pc, p) -> m.put(pc, new Objdump(p[0], aliases.get(pc)[1], p[1], p[2])));
        return m;
    }

    private static Map<Long, String[]> objdumpLines(Path elf, long from, long to, boolean noAliases)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("riscv64-linux-gnu-objdump", "-d",
                "--start-address=0x" + Long.toHexString(from), "--stop-address=0x" + Long.toHexString(to)));
        if (noAliases) {
            cmd.addAll(List.of("-M", "no-aliases"));
        }
        cmd.add(elf.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        Map<Long, String[]> m = new HashMap<>();
        for (String l : out.split("\n")) {
            Matcher o = OBJDUMP.matcher(l);
            if (o.find()) {
                m.put(Long.parseUnsignedLong(o.group(1), 16), new String[] {o.group(2), o.group(3), o.group(4)});
            }
        }
        return m;
    }

    /** RVC instructions whose expansion (RISC-V unprivileged spec, RVC chapter) has another name. */
    static final Map<String, String> RVC_EXPANSION = Map.of("li", "addi", "nop", "addi", "addi16sp", "addi",
            "addi4spn", "addi", "mv", "add", "j", "jal", "jr", "jalr", "beqz", "beq", "bnez", "bne");

    /** The base instruction a compressed one expands to: c.ldsp → ld, c.li → addi. */
    static String expansion(String plainMnemonic) {
        if (!plainMnemonic.startsWith("c.")) {
            return plainMnemonic;
        }
        String m = plainMnemonic.substring(2);
        if (m.matches("f?[ls][wd]sp")) {
            m = m.substring(0, m.length() - 2);
        }
        return RVC_EXPANSION.getOrDefault(m, m);
    }

    /** Plain (non-CHERI) instructions without an integer destination; c.jalr writes ra. */
    static final Set<String> NO_DESTINATION = Set.of("sb", "sh", "sw", "sd", "fsw", "fsd", "beq", "bne", "blt", "bge",
            "bltu", "bgeu", "fence", "fence.i", "ecall", "ebreak");

    /** The integer register an instruction writes, from objdump's operands; null for none (or an FP one). */
    static String destination(Objdump o) {
        String base = expansion(o.plainMnemonic());
        if (o.plainMnemonic().equals("c.jalr")) {
            return "ra";
        }
        if (NO_DESTINATION.contains(base) || (o.plainMnemonic().startsWith("c.") && base.equals("jalr"))
                || (o.plainMnemonic().startsWith("c.") && base.equals("jal"))) {
            return null;
        }
        String first = o.plainOperands().split(",")[0];
        return ABI.contains(first) && !first.equals("zero") ? first : null;
    }

    /** Bytes a plain load or store accesses (lbu → 1, c.sdsp → 8), or 0 for other instructions. */
    static int accessSize(String base) {
        Matcher m = Pattern.compile("^f?[ls]([bhwd])u?$").matcher(base);
        return m.matches() ? switch (m.group(1)) {
            case "b" -> 1;
            case "h" -> 2;
            case "w" -> 4;
            default -> 8;
        } : 0;
    }

    /** One traced instruction and the lines that follow it. */
    record Traced(int line, long pc, String word, String mnemonic, List<String> details) {
    }

    static List<Traced> instructions(List<String> trace) {
        List<Traced> result = new ArrayList<>();
        for (int i = 0; i < trace.size(); i++) {
            Matcher m = INSN.matcher(trace.get(i));
            if (m.find()) {
                result.add(new Traced(i + 1, Long.parseUnsignedLong(m.group(1), 16), m.group(2), m.group(3),
                        new ArrayList<>()));
            } else if (!result.isEmpty()) {
                result.get(result.size() - 1).details().add(trace.get(i));
            }
        }
        return result;
    }

    @ParameterizedTest
    @MethodSource("guests")
    void goldenFileAgreesWithObjdump(Guest g) throws Exception {
        List<String> trace = Files.readAllLines(g.golden());
        List<Traced> insns = instructions(trace);
        assertTrue(insns.size() > 20, "too few instructions in " + g.golden());
        long lo = insns.stream().mapToLong(Traced::pc).min().orElseThrow();
        long hi = insns.stream().mapToLong(Traced::pc).max().orElseThrow();
        Map<Long, Objdump> dump = objdump(g.binary(), lo, hi + 4);
        List<String> problems = new ArrayList<>();
        int cheri = 0;
        for (Traced t : insns) {
            problems.addAll(check(t, dump.get(t.pc())).stream().map(p -> "line " + t.line() + ": " + p).toList());
            cheri += dump.containsKey(t.pc()) && dump.get(t.pc()).plainMnemonic().startsWith(".") ? 1 : 0;
        }
        assertTrue(problems.isEmpty(), problems.size() + " disagreements with objdump, e.g.\n"
                + String.join("\n", problems.subList(0, Math.min(20, problems.size()))));
        assertTrue(cheri > 0, "the window holds CHERI instructions");
    }

    /** The disagreements of one traced instruction with objdump's view of the same address. */
    static List<String> check(Traced t, Objdump o) {
        List<String> problems = new ArrayList<>();
        if (o == null) {
            return List.of("0x" + Long.toHexString(t.pc()) + " is not an instruction address in objdump's listing");
        }
        if (!o.word().equals(t.word())) {
            problems.add("word " + t.word() + ", objdump " + o.word());
        }
        boolean trapped = t.details().stream().anyMatch(l -> l.startsWith("riscv_cpu_do_interrupt"));
        List<String> xWrites = t.details().stream().filter(l -> X_WRITE.matcher(l).matches()).toList();
        List<String> cWrites = t.details().stream().filter(l -> C_WRITE.matcher(l).find()).toList();
        for (String w : xWrites) {
            Matcher m = X_WRITE.matcher(w);
            m.matches();
            if (!ABI.get(Integer.parseInt(m.group(1))).equals(m.group(2))) {
                problems.add("register number and name disagree: " + w.strip());
            }
        }
        if (o.plainMnemonic().startsWith(".")) {
            // a CHERI instruction, unknown to binutils: a register write goes to rd (bits 11:7)
            int rd = (int) (Long.parseLong(t.word(), 16) >>> 7) & 31;
            for (String w : cWrites) {
                Matcher m = C_WRITE.matcher(w);
                m.find();
                int r = Integer.parseInt(m.group(1));
                if (r != rd || !CAP_ABI.get(r).equals(m.group(2))) {
                    problems.add(t.mnemonic() + " writes c" + rd + "/" + CAP_ABI.get(rd) + ", not " + w.strip());
                }
            }
            for (String w : xWrites) {
                if (!w.startsWith("    Write x" + rd + "/")) {
                    problems.add(t.mnemonic() + " writes x" + rd + ", not " + w.strip());
                }
            }
            if (xWrites.size() + cWrites.size() > 1) {
                problems.add(t.mnemonic() + " writes more than one register");
            }
            return problems;
        }
        String base = expansion(o.plainMnemonic());
        // QEMU's disassembler spells addi rd,rs,0 as mv (also c.li rd,0: mv rd,zero)
        boolean qemuMv = t.mnemonic().equals("mv") && base.equals("addi") && o.plainOperands().endsWith(",0");
        if (!qemuMv && !List.of(o.mnemonic(), o.plainMnemonic(), base).contains(t.mnemonic())) {
            problems.add("mnemonic " + t.mnemonic() + ", objdump " + o.mnemonic() + " / " + o.plainMnemonic());
        }
        if (!cWrites.isEmpty()) {
            problems.add("a capability register write after an integer instruction: " + cWrites.get(0).strip());
        }
        String dest = trapped ? null : destination(o);
        List<String> wantWrites = dest == null ? List.of() : List.of("x" + ABI.indexOf(dest) + "/" + dest);
        if (base.equals("ecall") && xWrites.size() <= 1 && xWrites.stream().allMatch(w -> w.contains("x10/a0"))) {
            wantWrites = xWrites.stream().map(w -> "x10/a0").toList();      // the system call's result
        }
        List<String> gotWrites = xWrites.stream().map(w -> w.substring("    Write ".length(), w.indexOf(" ="))).toList();
        if (!gotWrites.equals(wantWrites)) {
            problems.add(t.mnemonic() + " (" + o.plainMnemonic() + " " + o.plainOperands() + ") should write "
                    + wantWrites + ", trace has " + gotWrites);
        }
        int size = accessSize(base);
        String kind = base.matches("f?l.*") ? "Read" : "Write";
        List<String> memory = t.details().stream().filter(l -> l.startsWith("    Memory ")).toList();
        boolean lrScOrAmo = base.startsWith("lr.") || base.startsWith("sc.") || base.startsWith("amo");
        if (lrScOrAmo) {
            return problems;
        }
        List<String> want = size == 0 || trapped ? List.of() : List.of(kind + " " + 2 * size);
        List<String> got = memory.stream().map(l -> {
            Matcher m = MEMORY.matcher(l);
            return m.matches() ? m.group(1) + " " + m.group(2).length() : "malformed: " + l.strip();
        }).toList();
        if (!got.equals(want)) {
            problems.add(t.mnemonic() + " should log memory access " + want + " (kind, hex digits), trace has " + got);
        }
        return problems;
    }

    @Test
    void theChecksCatchAWrongWordAWrongRegisterAndAMissingRead() {
        Objdump ld = new Objdump("6388", "ld", "c.ld", "a0,0(a5)");
        Traced good = new Traced(1, 0x10676, "6388", "ld", List.of("    Memory Read [00000000000755a0] = 0000000000075208",
                "    Write x10/a0 = 0000000000075208"));
        assertEquals(List.of(), check(good, ld));
        Traced wrongWord = new Traced(1, 0x10676, "6389", "ld", good.details());
        Traced wrongRegister = new Traced(1, 0x10676, "6388", "ld", List.of(
                "    Memory Read [00000000000755a0] = 0000000000075208", "    Write x11/a1 = 0000000000075208"));
        Traced noRead = new Traced(1, 0x10676, "6388", "ld", List.of("    Write x10/a0 = 0000000000075208"));
        Traced narrowRead = new Traced(1, 0x10676, "6388", "ld", List.of("    Memory Read [00000000000755a0] = 08",
                "    Write x10/a0 = 0000000000075208"));
        Traced wrongMnemonic = new Traced(1, 0x10676, "6388", "lw", good.details());
        for (Traced bad : List.of(wrongWord, wrongRegister, noRead, narrowRead, wrongMnemonic)) {
            if (check(bad, ld).isEmpty()) {
                fail("no problem found in " + bad);
            }
        }
        Objdump cincoffset = new Objdump("229282db", ".4byte", ".4byte", "0x229282db");
        Traced wrongCap = new Traced(1, 0x105f0, "229282db", "cincoffset", List.of(
                "    Write c6/ct1|v:1 s:0 p:00078fff f:0 b:0000000000075000 l:0000000000000010"));
        assertTrue(!check(wrongCap, cincoffset).isEmpty(), "a CHERI write to a register other than rd");
    }
}
