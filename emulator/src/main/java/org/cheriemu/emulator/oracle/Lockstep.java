package org.cheriemu.emulator.oracle;

import org.cheriemu.emulator.ExitStatus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.cheriemu.emulator.cpu.Decoder;
import org.cheriemu.emulator.cpu.Disassembler;
import org.cheriemu.emulator.cpu.Environment;
import org.cheriemu.emulator.cpu.GuestExit;
import org.cheriemu.emulator.cpu.Hart;
import org.cheriemu.emulator.cpu.Isa;
import org.cheriemu.emulator.cpu.Op;
import org.cheriemu.emulator.nativelib.Capstone;
import org.cheriemu.emulator.nativelib.NativeLibraryUnavailableException;
import org.cheriemu.emulator.nativelib.Unicorn;
import org.cheriemu.emulator.nativelib.UnicornException;
import org.cheriemu.isa.memory.Page;
import org.cheriemu.isa.memory.TaggedMemory;

/**
 * Runs our interpreter and Unicorn side by side on the same memory image, one instruction at a
 * time, and stops at the first divergence.
 *
 * <p>How: Unicorn runs the guest with a code hook. The hook for the instruction at pc is called
 * before Unicorn executes it, when both machines should be in the state after the previous
 * instruction: it compares pc, x1..x31, f0..f31 and fcsr, and the bytes the previous instruction
 * stored (stores, AMOs, SC), then lets our hart execute the instruction ({@code run(instret+1)}).
 * Unicorn executes it next. System calls are served once, by our Linux layer, when our hart runs
 * the ecall: Unicorn's ecall hook then copies our registers and every changed page into Unicorn.
 * A page Unicorn touches that it has not mapped yet is copied from our memory (our side has
 * already run the instruction, so it has created the page if the access is legal).
 *
 * <p>Non-CHERI code only: the run stops with {@link Outcome#CHERI_INSTRUCTION} before a CHERI
 * instruction ({@link CheriEncodings}). Known Unicorn errors ({@link UnicornErrata}) are
 * repaired in Unicorn's state and counted, not reported.
 */
public final class Lockstep {


    public enum Outcome { GUEST_EXIT, LIMIT, DIVERGED, CHERI_INSTRUCTION }

    /**
     * How a lockstep run ended. {@code counterReads}: reads of the user counter CSRs (cycle,
     * time, instret, hpmcounterN), whose values are inputs rather than results (our hart derives
     * them from instret, Unicorn from the host clock): our value is given to Unicorn, not compared.
     * {@code resyncs}: times our Linux layer moved the pc (a signal handler entered at a fault or
     * after a system call, rt_sigreturn) and Unicorn was given our whole state to follow.
     */
    public record Result(Outcome outcome, int status, long instructions, String report,
                         Map<UnicornErrata, Long> errataRepaired, long counterReads, long resyncs) {
    }

    /** Thrown inside a hook to end the run with a report. */
    private static final class Stop extends RuntimeException {
        final Outcome outcome;
        final String report;

        Stop(Outcome outcome, String report) {
            super(report, null, false, false);
            this.outcome = outcome;
            this.report = report;
        }
    }

    private final Hart hart;
    private final Environment env;
    private final TaggedMemory memory;
    private final Unicorn uc;
    private final MemoryMirror mirror;
    private final long[] unicornState = new long[Unicorn.STATE_REGS];
    private final long[] ourState = new long[Unicorn.STATE_REGS];
    private final Decoder.Decoded decoded = new Decoder.Decoded();
    private final Map<UnicornErrata, Long> errata = new EnumMap<>(UnicornErrata.class);
    private final HartState hartState;

    // The previous instruction, for reports and the store check.
    private long prevPc = -1;
    private int prevWord;
    private long storeAddress;
    private int storeWidth;
    private int prevOp;
    private int prevRd, prevRs1, prevRs2, prevRs3;
    private long prevXRs2, prevFRs1, prevFRs2, prevFRs3;
    private final boolean[] diff = new boolean[Unicorn.STATE_REGS];
    private long limit;
    private long counterReads;
    private boolean resyncPending;
    private long resyncs;
    private long injectAt = -1;
    private int injectRegister;

    /**
     * {@code hart} and {@code env} must be set up (entry pc, stack pointer, memory loaded);
     * {@code uc} is a fresh engine this run owns until it returns.
     */
    public Lockstep(Hart hart, Environment env, Unicorn uc) {
        this.hart = hart;
        this.env = env;
        this.memory = hart.memory();
        this.uc = uc;
        this.mirror = new MemoryMirror(uc, memory);
        this.hartState = new HartState(hart);
    }

    /** Runs until the guest exits, {@code limit} instructions retire, or the engines diverge. */
    public Result run(long limit) {
        this.limit = limit;
        mirror.mapAll();
        hartState.read(ourState);
        uc.writeState(ourState);
        uc.hookCode(this::beforeInstruction, 1, 0);
        uc.hookInterrupt(this::onInterrupt);
        uc.hookInvalidMemory(this::onInvalidMemory);
        try {
            while (true) {
                try {
                    uc.emuStart(hart.pc(), -1L, 0, 0);
                } catch (UnicornException e) {
                    if (!resyncPending) {
                        throw e;
                    }
                }
                if (resyncPending) {
                    resync();
                } else if (hart.instret() >= limit) {
                    return result(Outcome.LIMIT, 0, null);
                }
                // else Unicorn stopped by itself (e.g. it reached pc = -1): go on from our pc.
            }
        } catch (GuestExit e) {
            return result(Outcome.GUEST_EXIT, e.status(), e.report());
        } catch (Stop s) {
            return result(s.outcome, s.outcome == Outcome.LIMIT ? 0
                    : s.outcome == Outcome.DIVERGED ? ExitStatus.LOCKSTEP_DIVERGED : ExitStatus.CHERI_NOT_SUPPORTED_BY_ORACLE, s.report);
        } catch (UnicornException e) {
            hartState.read(ourState);
            uc.readState(unicornState);
            return result(Outcome.DIVERGED, ExitStatus.LOCKSTEP_DIVERGED,
                    report("Unicorn stopped (" + e.getMessage() + ") where our interpreter went on"));
        }
    }

    /**
     * Our environment moved the pc (a signal handler entered at a fault or after a system call,
     * rt_sigreturn): the hook stopped Unicorn, and here it gets our whole state (registers, pc,
     * memory) before it goes on from our pc.
     */
    private void resync() {
        resyncPending = false;
        hartState.read(ourState);
        uc.writeState(ourState);
        mirror.syncToUnicorn();
        storeWidth = 0;
        prevPc = -1;
        resyncs++;
    }

    /** Whether our hart took a trap at the previous instruction (and the environment handled it). */
    private boolean oursTrappedThere() {
        return prevPc >= 0 && hart.lastTrapPc() == prevPc && hart.pc() != prevPc;
    }

    private Result result(Outcome outcome, int status, String report) {
        return new Result(outcome, status, hart.instret(), report, Map.copyOf(errata), counterReads, resyncs);
    }

    // ------------------------------------------------------------------ hooks

    private void beforeInstruction(Unicorn u, long address, int size) {
        compare(address);
        if (hart.instret() >= limit) {
            throw new Stop(Outcome.LIMIT, null);
        }
        int lo = memory.load16(address);
        int word = (lo & 3) == 3 ? memory.load32(address) : lo;
        if (CheriEncodings.isCheri(word)) {
            throw new Stop(Outcome.CHERI_INSTRUCTION, String.format(Locale.ROOT,
                    "cheri-emu: lockstep: CHERI instruction %08x at pc 0x%x after %d instructions: "
                    + "Unicorn cannot run CHERI code, stopping", word, address, hart.instret()));
        }
        Decoder.decode(word, decoded);
        prevPc = address;
        prevWord = word;
        prevOp = decoded.op;
        storeWidth = storeWidth(decoded);
        storeAddress = storeWidth == 0 ? 0 : hart.getX(decoded.rs1) + (isAmo(decoded) ? 0 : decoded.imm);
        prevRd = decoded.rd;
        prevRs1 = decoded.rs1;
        prevRs2 = decoded.rs2;
        prevRs3 = decoded.rs3;
        prevXRs2 = hart.getX(decoded.rs2);
        prevFRs1 = hart.getF(decoded.rs1);
        prevFRs2 = hart.getF(decoded.rs2);
        prevFRs3 = hart.getF(decoded.rs3);
        hart.run(hart.instret() + 1);
    }

    private void onInterrupt(Unicorn u, int intno) {
        if (intno == Unicorn.CAUSE_ECALL_U && prevOp == Op.ECALL) {
            // Our hart has run the ecall and our Linux layer has served it: give Unicorn the result.
            hartState.read(ourState);
            if (uc.pc() != ourState[0]) {
                // the system call moved the pc (signal handler, rt_sigreturn): resync from the run loop
                resyncPending = true;
                u.emuStop();
                return;
            }
            uc.writeRegisters(ourState);
            mirror.syncToUnicorn();
            return;
        }
        if (oursTrappedThere()) {
            resyncPending = true;               // our trap went to a guest signal handler: follow it
            u.emuStop();
            return;
        }
        if (intno == 2 && UnicornErrata.readsTimeCsr(prevWord)) {
            // Unicorn has already moved past the instruction: give it our result.
            hartState.read(ourState);
            uc.writeRegisters(ourState);
            errata.merge(UnicornErrata.TIME_CSR_ILLEGAL, 1L, Long::sum);
            return;
        }
        throw new Stop(Outcome.DIVERGED, report(String.format(Locale.ROOT,
                "Unicorn raised exception %d (%s) where our interpreter did not trap", intno, causeName(intno))));
    }

    private boolean onInvalidMemory(Unicorn u, int type, long address, int size, long value) {
        long n = address >>> Page.SHIFT;
        Page p = memory.page(n);
        if (p == null) {
            int access = type == Unicorn.UC_MEM_WRITE_UNMAPPED || type == Unicorn.UC_MEM_WRITE_PROT ? Environment.Access.WRITE
                    : type == Unicorn.UC_MEM_FETCH_UNMAPPED || type == Unicorn.UC_MEM_FETCH_PROT ? Environment.Access.EXECUTE
                    : Environment.Access.READ;
            p = env.resolvePage(n, access);
        }
        if ((p == null || mirror.isMapped(n)) && oursTrappedThere()) {
            resyncPending = true;               // our fault went to a guest signal handler: follow it
            return false;
        }
        if (p == null || mirror.isMapped(n)) {
            throw new Stop(Outcome.DIVERGED, report(String.format(Locale.ROOT,
                    "Unicorn faulted (memory event %d) at 0x%x, size %d, where our interpreter did not", type, address, size)));
        }
        mirror.mapPage(p);
        return true;
    }

    // ------------------------------------------------------------------ comparison

    private void compare(long unicornPc) {
        if (hart.instret() == injectAt) {
            uc.setX(injectRegister, uc.x(injectRegister) ^ 1);
        }
        uc.readState(unicornState);
        unicornState[0] = unicornPc;
        hartState.read(ourState);
        if (storeWidth != 0) {
            checkStore();
        }
        List<String> diffs = new ArrayList<>();
        for (int i = 0; i < Unicorn.STATE_REGS; i++) {
            diff[i] = ourState[i] != unicornState[i];
            if (diff[i]) {
                diffs.add(regName(i));
            }
        }
        if (!diffs.isEmpty() && isCounterRead() && diffs.size() == 1 && diff[prevRd]) {
            uc.writeRegisters(ourState);
            counterReads++;
            return;
        }
        if (!diffs.isEmpty()) {
            UnicornErrata e = prevPc < 0 ? null : UnicornErrata.explainsRegisters(step(), diff);
            if (e == null) {
                throw new Stop(Outcome.DIVERGED, report("registers differ: " + String.join(", ", diffs)));
            }
            uc.writeRegisters(ourState);
            errata.merge(e, 1L, Long::sum);
        }
    }

    /** Whether the previous instruction read a user counter CSR (0xC00..0xC1F) into rd. */
    private boolean isCounterRead() {
        if (prevPc < 0 || prevRd == 0 || prevOp < Op.CSRRW || prevOp > Op.CSRRCI) {
            return false;
        }
        int csr = prevWord >>> 20;
        return csr >= 0xC00 && csr <= 0xC1F;
    }

    /**
     * For tests of the divergence report: after instruction number {@code instret}, flips bit 0
     * of Unicorn's x{@code register}, so the next comparison must report it.
     */
    void injectDivergence(long instret, int register) {
        injectAt = instret;
        injectRegister = register;
    }

    private UnicornErrata.Step step() {
        return new UnicornErrata.Step(prevOp, prevRd, prevRs1, prevRs2, prevRs3, prevXRs2, prevFRs1, prevFRs2, prevFRs3,
                ourState, unicornState);
    }

    private void checkStore() {
        byte[] theirs = mirror.readUnicorn(storeAddress, storeWidth);
        byte[] ours = new byte[storeWidth];
        memory.read(storeAddress, ours, 0, storeWidth);
        if (theirs != null && Arrays.equals(ours, theirs)) {
            return;
        }
        UnicornErrata e = theirs == null ? null : UnicornErrata.explainsStore(step(), word(theirs));
        if (e != null) {
            uc.memWrite(storeAddress, ours);
            errata.merge(e, 1L, Long::sum);
            return;
        }
        throw new Stop(Outcome.DIVERGED, report(String.format(Locale.ROOT,
                "memory at 0x%x differs after the store: ours %s, Unicorn %s", storeAddress, hex(ours),
                theirs == null ? "(not mapped)" : hex(theirs))));
    }

    private static long word(byte[] b) {
        long v = 0;
        for (int i = b.length - 1; i >= 0; i--) {
            v = v << 8 | (b[i] & 0xFF);
        }
        return v;
    }

    private static int storeWidth(Decoder.Decoded d) {
        Isa.Insn in = Isa.insn(d.op);
        if (in == null) {
            return 0;
        }
        return switch (in.format()) {
            case STORE, FSTORE, AMO -> widthOf(in.name());
            default -> 0;
        };
    }

    private static boolean isAmo(Decoder.Decoded d) {
        Isa.Insn in = Isa.insn(d.op);
        return in != null && in.format() == Isa.Format.AMO;
    }

    private static int widthOf(String name) {
        return switch (name) {
            case "sb" -> 1;
            case "sh" -> 2;
            case "sw", "fsw" -> 4;
            case "sd", "fsd" -> 8;
            default -> name.endsWith(".w") ? 4 : 8;
        };
    }

    private String report(String what) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "cheri-emu: lockstep: divergence after %d instructions: %s%n",
                hart.instret(), what));
        if (prevPc >= 0) {
            sb.append(String.format(Locale.ROOT, "  last instruction: 0x%x: %s  [%s]%s%n", prevPc,
                    (prevWord & 3) == 3 ? String.format("%08x", prevWord) : String.format("%04x", prevWord & 0xFFFF),
                    Disassembler.disassemble(prevWord, prevPc), capstoneText(prevWord, prevPc)));
        }
        sb.append(String.format("  %-6s %-18s %-18s%n", "reg", "ours", "unicorn"));
        for (int i = 0; i < Unicorn.STATE_REGS; i++) {
            boolean differs = ourState[i] != unicornState[i];
            if (differs || i == 0 || (i < 32 && ourState[i] != 0)) {
                sb.append(String.format("  %-6s %016x   %016x%s%n", regName(i), ourState[i], unicornState[i],
                        differs ? "   <-- differs" : ""));
            }
        }
        sb.append("  (registers equal to zero in both are not shown)");
        return sb.toString();
    }

    /** Capstone's reading of the instruction (a decoder bug shows as two readings), or "" without libcapstone. */
    private static String capstoneText(int word, long pc) {
        try (Capstone cs = Capstone.open()) {
            Capstone.Insn i = cs.disassemble(word, pc);
            return i == null ? "  [capstone: no instruction]" : "  [capstone: " + i.text() + "]";
        } catch (NativeLibraryUnavailableException e) {
            return "";
        }
    }

    static String regName(int i) {
        if (i == 0) {
            return "pc";
        }
        if (i < 32) {
            return Disassembler.X_NAMES[i];
        }
        if (i < 64) {
            return Disassembler.F_NAMES[i - 32];
        }
        return "fcsr";
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = b.length - 1; i >= 0; i--) {
            sb.append(String.format("%02x", b[i] & 0xFF));
        }
        return "0x" + sb;
    }

    private static String causeName(int cause) {
        return switch (cause) {
            case 0 -> "instruction address misaligned";
            case 1 -> "instruction access fault";
            case 2 -> "illegal instruction";
            case 3 -> "breakpoint";
            case 4 -> "load address misaligned";
            case 5 -> "load access fault";
            case 6 -> "store/AMO address misaligned";
            case 7 -> "store/AMO access fault";
            case 8 -> "ecall";
            default -> "cause " + cause;
        };
    }
}
