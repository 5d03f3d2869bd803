package org.cheriemu.emulator.cpu;

import java.io.PrintStream;

import org.cheriemu.isa.cap.BoundsCodec;
import org.cheriemu.isa.cap.CapFormat;

/**
 * Writes an instruction trace in QEMU-CHERI's {@code -d instr} text format (the reference log
 * shared/cheri/qemu-cheri-trace-sample.log), so a run can be diffed against QEMU-CHERI: one line
 * per instruction ({@code [0:0] 0x<pc>:  <word>  <disassembly>}), then the memory accesses, the
 * register writes (integer form {@code Write x10/a0 = …}, two-line capability form
 * {@code Write c5/ct0|v:1 s:0 p:… f:… b:… l:…} / {@code |o:… t:…}), capability tag reads, and
 * trap blocks ({@code riscv_cpu_do_interrupt: …} before the trapping instruction, then the
 * mode switch, exception vector and the CSR / MEPCC / PCC writes).
 *
 * <p>The hart calls it only on its stepping path, which tracing forces, so the fast interpreter
 * pays nothing when no trace is requested.
 *
 * <p>Where QEMU-CHERI's log is not followed: QEMU's "Memory Read [addr] = 00" lines print 00 in the
 * sample whatever was read; this trace prints the value read, in hex with the access width. The
 * sample's "0x0000000000000000: 0000 illegal" artefact lines are not reproduced.
 *
 * <p>Atomics: an AMO logs the read of the old value and the write of the new one; LR logs its
 * read; SC (data widths) logs a read only when a reservation exists for its address, and the
 * write only when it succeeds (a failing SC without a reservation logs no memory line). SC.C
 * does the same with capability lines: with a reservation for its address it logs the
 * capability it compares against (Cap Memory Read / Cap Tag Read), as QEMU-CHERI's SC.C helper
 * loads it, whether or not the store then happens.
 *
 * <p>A {@link TraceWindow} limits what is written: the lines of instructions outside it (their
 * memory, register and trap lines included) are dropped, and the "Requested instruction logging"
 * line names the pc where writing started.
 */
public final class Tracer {
    private final PrintStream out;
    /** Physical RAM base for the "addr/offset" form of tag lines (the virt board), or -1 (Linux). */
    private final long ramBase;
    private final StringBuilder mem = new StringBuilder();
    private final StringBuilder tags = new StringBuilder();
    private final StringBuilder trapHead = new StringBuilder();
    private final StringBuilder trapTail = new StringBuilder();
    private final TraceWindow window;
    /** The window's start pc has been reached (always, without one). */
    private boolean started;
    private long written;
    /** The epc of the trap in {@link #trapHead}. */
    private long trapPc;

    public Tracer(PrintStream out, long ramBase) {
        this(out, ramBase, TraceWindow.ALL);
    }

    public Tracer(PrintStream out, long ramBase, TraceWindow window) {
        this.out = out;
        this.ramBase = ramBase;
        this.window = window;
    }

    void start(long pc) {
        if (window.from() == TraceWindow.ANYWHERE) {
            started = true;
            out.printf("[0:0] Requested instruction logging @ %016x %n", pc);
        }
    }

    /** Whether writing has started: false while the pc has not yet reached the window's start. */
    public boolean started() {
        return started;
    }

    /** Whether the instruction at {@code pc} is written; starts writing at the window's start pc. */
    private boolean writes(long pc) {
        if (!started && pc == window.from()) {
            started = true;
            out.printf("[0:0] Requested instruction logging @ %016x %n", pc);
        }
        return started && written < window.limit() && window.covers(pc);
    }

    void memRead(long addr, int size, long v) {
        mem.append(String.format("    Memory Read [%016x] = %0" + (2 * size) + "x%n", addr, mask(v, size)));
    }

    void memWrite(long addr, int size, long v) {
        mem.append(String.format("    Memory Write [%016x] = %0" + (2 * size) + "x%n", addr, mask(v, size)));
    }

    private static long mask(long v, int size) {
        return size == 8 ? v : v & ((1L << (8 * size)) - 1);
    }

    private String tagAddr(long addr) {
        return ramBase < 0 ? String.format("%016x", addr) : String.format("%016x/%x", addr, addr - ramBase);
    }

    void capRead(long addr, boolean tag, long memMeta, long cursor) {
        mem.append(String.format("    Cap Memory Read [%016x] = v:%d PESBT:%016x Cursor:%016x%n", addr, tag ? 1 : 0,
                memMeta, cursor));
        tags.append(String.format("    Cap Tag Read [%s] -> %d%n", tagAddr(addr), tag ? 1 : 0));
    }

    void capWrite(long addr, boolean oldTag, boolean tag, long memMeta, long cursor) {
        mem.append(String.format("    Cap Memory Write [%016x] = v:%d PESBT:%016x Cursor:%016x%n", addr, tag ? 1 : 0,
                memMeta, cursor));
        mem.append(String.format("    Cap Tag Write [%s] %d -> %d%n", tagAddr(addr), oldTag ? 1 : 0, tag ? 1 : 0));
    }

    /** A trap taken by the instruction at {@code epc}; the CSR and capability writes of trap entry follow. */
    void trap(long cause, long tval, long epc, boolean entered, long vector, long mstatus, boolean mepccTag,
              long mepccMeta, boolean pccTag, long pccMeta) {
        boolean async = cause < 0;
        long code = cause & Long.MAX_VALUE;
        trapPc = epc;
        trapHead.append(String.format("riscv_cpu_do_interrupt: hart:0, async:%d, cause:%016x, epc:0x%016x, "
                + "tval:0x%016x, desc=%s%n", async ? 1 : 0, code, epc, tval, describe(cause)));
        if (!entered) {
            return;
        }
        trapTail.append("-> Switch to Machine mode\n");
        trapTail.append(String.format("-> %s #%d vector 0x%016x fault-addr 0x%016x%n",
                async ? "Interrupt" : "Exception", code, vector, tval));
        trapTail.append(String.format("    Write mstatus = %016x%n", mstatus));
        trapTail.append(String.format("    Write mcause = %016x%n", cause));
        trapTail.append(capLines("MEPCC", mepccTag, mepccMeta, epc));
        trapTail.append(String.format("    Write mbadaddr = %016x%n", tval));
        trapTail.append(String.format("    Write mtval2 = %016x%n", 0L));
        trapTail.append(capLines("PCC", pccTag, pccMeta, vector));
    }

    private static String describe(long cause) {
        if (cause < 0) {
            return "interrupt " + (cause & 63);
        }
        return switch ((int) cause) {
            case 0 -> "misaligned_fetch";
            case 1 -> "fault_fetch";
            case 2 -> "illegal_instruction";
            case 3 -> "breakpoint";
            case 4 -> "misaligned_load";
            case 5 -> "fault_load";
            case 6 -> "misaligned_store";
            case 7 -> "fault_store";
            case 8 -> "user_ecall";
            case 11 -> "machine_ecall";
            case 28 -> "cheri_fault";
            default -> "exception " + cause;
        };
    }

    /** The two-line capability form: {@code <name>|v:… s:… p:… f:… b:… l:…} and {@code |o:… t:…}. */
    static String capLines(String name, boolean tag, long meta, long addr) {
        long base = BoundsCodec.base(meta, addr);
        long len = BoundsCodec.saturatedLength(meta, addr);
        return String.format("    Write %s|v:%d s:%d p:%08x f:%d b:%016x l:%016x%n             |o:%016x t:%016x%n",
                name, tag ? 1 : 0, CapFormat.isSealed(meta) ? 1 : 0, CapFormat.architecturalPerms(meta),
                CapFormat.flags(meta), base, len, addr - base, (long) CapFormat.otype(meta));
    }

    /** Ends one instruction: its line, then memory accesses, register writes, tag reads, trap entry. */
    void instruction(long pc, int raw, int len, String disassembly, StringBuilder writes) {
        if (!writes(pc)) {
            clearBuffers();
            return;
        }
        written++;
        if (!trapHead.isEmpty()) {
            out.print(trapHead);
            trapHead.setLength(0);
        }
        String word = len == 2 ? String.format("%04x", raw & 0xFFFF) : String.format("%08x", raw);
        out.printf("[0:0] 0x%016x:  %-18s%s%n", pc, word, disassembly);
        out.print(mem);
        out.print(writes);
        out.print(tags);
        out.print(trapTail);
        clearBuffers();
    }

    private void clearBuffers() {
        mem.setLength(0);
        tags.setLength(0);
        trapHead.setLength(0);
        trapTail.setLength(0);
    }

    /** Writes what is pending (the trap of an instruction that could not be fetched) and flushes. */
    void flush() {
        if (!trapHead.isEmpty()) {
            if (writes(trapPc)) {
                out.print(trapHead);
            }
            trapHead.setLength(0);
        }
        out.flush();
    }
}
