package org.cheriemu.emulator.cpu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.cheriemu.emulator.fpu.Fpu;
import org.cheriemu.isa.cap.BoundsCodec;
import org.cheriemu.isa.cap.CapFormat;
import org.cheriemu.isa.cap.CapOps;
import org.cheriemu.isa.cap.CapResult;
import org.cheriemu.isa.cap.Capability;
import org.cheriemu.isa.cap.Otype;
import org.cheriemu.isa.cap.Representability;
import org.cheriemu.isa.cap.SetBounds;
import org.cheriemu.isa.memory.Page;
import org.cheriemu.isa.memory.TaggedMemory;

/**
 * One RV64GC + CHERI-RISC-V ISAv9 (Xcheri) hart (M and U privilege) and its interpreter.
 *
 * <h2>Execution model</h2>
 * Instructions are decoded once into a per-page {@link DecodedPage} (hung off
 * {@link Page#execCache}) and executed by {@link #run} with a {@code switch} on a dense int
 * opcode. The page's {@link DecodedPage#codeMask} marks the 64-byte chunks holding decoded
 * instructions; a store starting in a marked chunk leaves the store TLB's fast path, and if it
 * really overlaps code the page's decode cache is dropped (fence.i drops all of them). Data that
 * shares a page with code therefore stays on the fast path. The inner loop switches decode pages
 * itself when a jump lands on a page the fetch TLB holds; it returns to the outer loop (fetch,
 * interrupts, timer) on a TLB miss, after system instructions, and when a store dropped code.
 * instret is a local counter, one increment per instruction.
 *
 * <h2>Memory</h2>
 * Every data access goes through the {@code load*}/{@code store*} methods, which take the
 * address and the index of the register that authorises the access (for CHERI: the base
 * capability, or DDC in integer mode); they are the single place where a capability check goes.
 * They look up a direct-mapped software TLB of {@link Page} references (1024 entries per access
 * kind) and fall back to {@link #pageFor} on a miss. Page protections are checked when an entry
 * is filled; the TLBs are flushed after a system call that can change mappings or protections
 * (or when the memory's generation moved). Misaligned plain loads/stores are performed (as QEMU
 * does); misaligned LR/SC/AMOs raise address-misaligned.
 *
 * <h2>Registers</h2>
 * {@code x} has 64 entries: x0..x31, then 32 is the write sink for rd = x0 (so no instruction
 * needs to test rd), and the rest keep index masks in bounds. The register file is merged (every
 * x register is a capability): {@code x} holds the addresses, and parallel arrays the tags,
 * register-form metadata and cached decoded bounds (see the CHERI section).
 *
 * <h2>CHERI</h2>
 * While no register holds a capability and PCC and DDC are the reset root capability, no check
 * can fail, so {@link #interpret} runs with no capability work at all. Once a capability is live
 * (or a trace is written) execution goes through {@link #stepCheri}: every fetch is checked on
 * PCC, jumps and taken branches against PCC bounds, every data access against DDC (integer mode)
 * or c[rs1] (capability mode) in the TLB-less slow path of the load/store methods (except in
 * integer mode while DDC may load and store anywhere: no check can fail, so the data TLBs stay
 * on; see {@code dataTlb}), and integer
 * results make their register NULL-derived. Capability faults are mcause 28 with
 * mtval = idx &lt;&lt; 5 | cause; trap entry saves PCC in MEPCC and installs MTCC, MRET installs
 * MEPCC.
 *
 * <h2>Traps</h2>
 * In Linux user mode ({@link #linuxUser}), ECALL goes to {@link Environment#ecall} and every
 * other trap to {@link Environment#unhandledTrap}. On a bare-metal board traps enter M-mode at
 * mtvec; a trap with mtvec never written, or one raised by the first instruction of the handler
 * itself, goes to {@link Environment#unhandledTrap} instead of looping forever.
 */
public final class Hart implements HartView {
    public static final int X_SINK = 32;
    public static final int PRIV_U = 0, PRIV_M = 3;

    private static final int TLB_BITS = 10;
    private static final int TLB_SIZE = 1 << TLB_BITS;
    private static final int TLB_MASK = TLB_SIZE - 1;
    private static final int PAGE_MASK = Page.MASK;

    // mstatus fields
    static final long MSTATUS_MIE = 1L << 3, MSTATUS_MPIE = 1L << 7, MSTATUS_MPP = 3L << 11,
            MSTATUS_FS = 3L << 13, MSTATUS_MPRV = 1L << 17, MSTATUS_TW = 1L << 21,
            MSTATUS_UXL = 3L << 32, MSTATUS_SD = 1L << 63;
    private static final long MSTATUS_WRITABLE = MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_FS
            | MSTATUS_MPRV | MSTATUS_TW;
    /** misa: RV64 (MXL=2), extensions I M A F D C and U-mode. */
    public static final long MISA = (2L << 62) | (1 << 0) | (1 << 2) | (1 << 3) | (1 << 5) | (1 << 8)
            | (1 << 12) | (1 << 20);
    /** mip/mie bits that exist: MSI, MTI, MEI. */
    private static final long MIE_MASK = (1 << 3) | (1 << 7) | (1 << 11);

    // ------------------------------------------------------------------ architectural state
    /** Integer registers (see the class comment for entries 32..63). */
    public final long[] x = new long[64];
    /** Floating-point registers as raw bits (single precision values are NaN-boxed). */
    public final long[] f = new long[32];
    long pc;
    long instret;
    int priv = PRIV_M;
    public final int hartId;

    long mstatus = 2L << 32;   // UXL = 64
    long mtvec, mepc, mcause, mtval, mscratch, mie, mip, mcounteren, mcountinhibit;
    /**
     * Machine timer (a CLINT on the board): mtime counts at 10 MHz, derived from instret (one
     * tick per 10 instructions, plus {@code timeSkew} instructions that WFI skipped or a write
     * to mtime added). While a timer or software interrupt is enabled (mie) and interrupts are
     * globally enabled, the interpreter leaves its inner loop at least every
     * {@link #TIMER_QUANTUM} instructions to update mip, so interrupts are taken within that many
     * instructions of becoming pending.
     */
    private boolean hasTimer;
    private long mtimecmp = -1L;
    private long timeSkew;
    private boolean msip;
    static final int TIMER_QUANTUM = 1024;
    private static final long MIP_MSIP = 1 << 3, MIP_MTIP = 1 << 7;

    /** fflags live in {@code fpu.flags}; frm here. */
    int frm;
    final Fpu fpu = new Fpu();
    private boolean mtvecWritten;

    /**
     * LR/SC reservation: the reserved address, or -1, and the value LR read. As in QEMU, SC
     * succeeds if the reservation is for its address and memory still holds that value (so a
     * store in between that changes the value makes it fail).
     */
    private long reservation = -1;
    private long reservationValue;

    // ------------------------------------------------------------------ surroundings
    private final TaggedMemory mem;
    private final Environment env;
    private final Mmio mmio;
    /** Linux user mode: the environment serves ecall and every trap. */
    private final boolean linuxUser;

    // software TLBs: tag = page number (-1 empty)
    private final long[] rTag = new long[TLB_SIZE];
    private final Page[] rPage = new Page[TLB_SIZE];
    private final long[] wTag = new long[TLB_SIZE];
    private final Page[] wPage = new Page[TLB_SIZE];
    /** Code-chunk mask of each store-TLB entry's page (see {@link DecodedPage#codeMask}). */
    private final long[] wCode = new long[TLB_SIZE];
    private final long[] xTag = new long[TLB_SIZE];
    private final DecodedPage[] xPage = new DecodedPage[TLB_SIZE];
    private long memGeneration;
    /** Pages that have a decode cache (so fence.i can drop them all). */
    private final List<Page> codePages = new ArrayList<>();
    /** Set when a store dropped a decode cache: the interpreter must re-fetch its page. */
    boolean codeChanged;
    private final Decoder.Decoded scratch = new Decoder.Decoded();

    /** Details of the last trap handed to the environment (for reports). */
    private long lastTrapPc, lastTrapCause, lastTrapTval;

    /**
     * @param linuxUser true for Linux user mode (U-mode, the environment serves ecall and
     *                  traps); false for a bare-metal board (M-mode at reset, traps to mtvec)
     * @param mmio      devices, or null
     */
    public Hart(TaggedMemory mem, Environment env, Mmio mmio, boolean linuxUser, int hartId) {
        this.mem = mem;
        this.env = env;
        this.mmio = mmio;
        this.linuxUser = linuxUser;
        this.hartId = hartId;
        flushTlb();
        this.memGeneration = mem.generation();
        resetCapabilities();
        if (linuxUser) {
            priv = PRIV_U;
            mstatus |= 1L << 13;        // FS = Initial: the FPU is on, as a Linux process sees it
            mcounteren = -1L;
        }
    }

    // ================================================================== HartView

    @Override
    public long getX(int reg) {
        return reg == 0 ? 0 : x[reg & 31];
    }

    @Override
    public void setX(int reg, long value) {
        if (reg != 0) {
            x[reg & 31] = value;
            setIntReg(reg & 31);
        }
    }

    @Override
    public long pc() {
        return pc;
    }

    @Override
    public void setPc(long pc) {
        this.pc = pc;
        pcWritten = true;
    }

    /** Set when the environment moved the pc during an ecall. */
    private boolean pcWritten;

    @Override
    public long instret() {
        return instret;
    }

    @Override
    public TaggedMemory memory() {
        return mem;
    }

    public int privilege() {
        return priv;
    }

    @Override
    public long getF(int reg) {
        return f[reg & 31];
    }

    @Override
    public void setF(int reg, long bits) {
        f[reg & 31] = bits;
    }

    public long lastTrapPc() {
        return lastTrapPc;
    }

    public long lastTrapCause() {
        return lastTrapCause;
    }

    public long lastTrapTval() {
        return lastTrapTval;
    }

    // ================================================================== traps

    /** Thrown (preallocated, no stack) to abandon an instruction that traps; details are in the hart. */
    static final class Trap extends RuntimeException {
        static final Trap INSTANCE = new Trap();

        private Trap() {
            super("trap", null, false, false);
        }
    }

    private long trapCause, trapTval;

    private RuntimeException raise(long cause, long tval) {
        trapCause = cause;
        trapTval = tval;
        throw Trap.INSTANCE;
    }

    /** Enters the trap handler (or hands the trap to the environment). Returns the new pc. */
    private long takeTrap(long cause, long tval, long pc) {
        lastTrapCapMode = capMode;
        reservation = -1;
        trapCount++;
        if (cause != CHERI_CAUSE) {
            faultIdx = -1;
        }
        lastTrapPc = pc;
        lastTrapCause = cause;
        lastTrapTval = tval;
        if (linuxUser) {
            // The environment ends the run (GuestExit), or delivers a signal: then it has moved
            // the pc to the handler with setPc and execution resumes there.
            this.pc = pc;
            pcWritten = false;
            if (tracer != null) {
                tracer.trap(cause, tval, pc, false, 0, 0, false, 0, false, 0);
            }
            trapUnhandled = true;
            env.unhandledTrap(this, cause, tval);
            trapUnhandled = false;
            if (pcWritten) {
                pcWritten = false;
                return this.pc;
            }
            throw new GuestExit(134, "cheri-emu: the environment returned from an unhandled trap"
                    + " without moving the pc");
        }
        long base = mtvec & ~3L;
        boolean interrupt = cause < 0;
        if (!mtvecWritten || (pc == base && !interrupt)) {
            // no handler, or the handler's first instruction itself traps: a trap loop that
            // would spin forever, so it ends the run
            this.pc = pc;
            if (tracer != null) {
                tracer.trap(cause, tval, pc, false, 0, 0, false, 0, false, 0);
            }
            trapUnhandled = true;
            env.unhandledTrap(this, cause, tval);
            throw new GuestExit(134, "cheri-emu: the environment returned from an unhandled trap");
        }
        mepc = pc & ~1L;
        // §4.5: MEPCC := PCC with the address of the faulting instruction; PCC := MTCC
        stag[SCR_MEPCC] = stag[SCR_PCC];
        smeta[SCR_MEPCC] = smeta[SCR_PCC];
        installPcc(stag[SCR_MTCC], smeta[SCR_MTCC], mtvec & ~3L);
        mcause = cause;
        mtval = tval;
        long s = mstatus;
        s = (s & MSTATUS_MIE) != 0 ? s | MSTATUS_MPIE : s & ~MSTATUS_MPIE;
        s &= ~MSTATUS_MIE;
        s = (s & ~MSTATUS_MPP) | ((long) priv << 11);
        mstatus = s;
        priv = PRIV_M;
        long vector = interrupt && (mtvec & 3) == 1 ? base + 4 * (cause & 63) : base;
        if (tracer != null) {
            tracer.trap(cause, tval, pc, true, vector, mstatus, stag[SCR_MEPCC], smeta[SCR_MEPCC],
                    stag[SCR_PCC], smeta[SCR_PCC]);
        }
        return vector;
    }

    private boolean lastTrapCapMode;

    /** True if the last trap was taken in capability encoding mode. */
    public boolean lastTrapCapabilityMode() {
        return lastTrapCapMode;
    }

    /** True while the environment handles a trap that no guest handler took (it usually ends the run). */
    private boolean trapUnhandled;

    /** True if the last trap went to the environment unhandled (the run ended with it). */
    public boolean lastTrapUnhandled() {
        return trapUnhandled;
    }

    /** Traps taken so far (the CHERI stepper tells a retired instruction from a trapping one). */
    private long trapCount;

    // ================================================================== memory: TLB

    /** Empties the software TLBs (after the memory map or page protections may have changed). */
    public void flushTlb() {
        Arrays.fill(rTag, -1L);
        Arrays.fill(wTag, -1L);
        Arrays.fill(xTag, -1L);
        Arrays.fill(rPage, null);
        Arrays.fill(wPage, null);
        Arrays.fill(xPage, null);
        Arrays.fill(wCode, 0);
    }

    /**
     * The page for an access of kind {@code access} ({@link Environment.Access}), or a trap with
     * {@code faultCause}. Fills the TLB of that kind unless a device claims the page.
     */
    private Page pageFor(long addr, int access, long faultCause) {
        long vpn = addr >>> Page.SHIFT;
        Page p = mem.page(vpn);
        if (p == null) {
            try {
                p = env.resolvePage(vpn, access);
            } catch (GuestExit e) {
                throw e;
            } catch (RuntimeException e) {
                p = null;
            }
            if (p == null) {
                throw raise(faultCause, addr);
            }
        }
        int need = access == Environment.Access.READ ? Page.PROT_READ
                : access == Environment.Access.WRITE ? Page.PROT_WRITE : Page.PROT_EXEC;
        if ((p.prot() & need) == 0) {
            throw raise(faultCause, addr);
        }
        if (mmio != null && mmio.claimsPage(vpn)) {
            return p;
        }
        int i = (int) vpn & TLB_MASK;
        if (!dataTlb && access != Environment.Access.EXECUTE) {
            return p;     // every data access takes the slow path, where capability checks are
        }
        if (access == Environment.Access.READ) {
            rTag[i] = vpn;
            rPage[i] = p;
        } else if (access == Environment.Access.WRITE) {
            wTag[i] = vpn;
            wPage[i] = p;
            wCode[i] = p.execCache instanceof DecodedPage dp ? dp.codeMask : 0;
        }
        return p;
    }

    private boolean isDevice(long addr, int size) {
        return mmio != null && mmio.claimsPage(addr >>> Page.SHIFT) && mmio.handles(addr, size);
    }

    // ================================================================== memory: loads
    // The authority argument names the register whose capability authorises the access (later
    // CHERI work checks it here); today only the address matters.

    public long load64(long addr, int authority) {
        long vpn = addr >>> Page.SHIFT;
        int i = (int) vpn & TLB_MASK;
        int off = (int) addr & PAGE_MASK;
        if (rTag[i] == vpn && off <= Page.SIZE - 8) {
            return rPage[i].load64(off);
        }
        return loadSlow(addr, 8, authority);
    }

    public int load32(long addr, int authority) {
        long vpn = addr >>> Page.SHIFT;
        int i = (int) vpn & TLB_MASK;
        int off = (int) addr & PAGE_MASK;
        if (rTag[i] == vpn && off <= Page.SIZE - 4) {
            return rPage[i].load32(off);
        }
        return (int) loadSlow(addr, 4, authority);
    }

    /** Zero-extended halfword. */
    public int load16(long addr, int authority) {
        long vpn = addr >>> Page.SHIFT;
        int i = (int) vpn & TLB_MASK;
        int off = (int) addr & PAGE_MASK;
        if (rTag[i] == vpn && off <= Page.SIZE - 2) {
            return rPage[i].load16(off);
        }
        return (int) loadSlow(addr, 2, authority);
    }

    /** Zero-extended byte. */
    public int load8(long addr, int authority) {
        long vpn = addr >>> Page.SHIFT;
        int i = (int) vpn & TLB_MASK;
        if (rTag[i] == vpn) {
            return rPage[i].load8((int) addr & PAGE_MASK);
        }
        return (int) loadSlow(addr, 1, authority);
    }

    /** A load that missed the TLB, crosses a page or reaches a device. Zero-extended result. */
    private long loadSlow(long addr, int size, int authority) {
        if (cheriActive && authority != AUTH_CHECKED) {
            checkAccess(capMode ? authority : AUTH_DDC, addr, size, ACCESS_LOAD, false, 0);
        }
        long v = loadUnchecked(addr, size);
        if (tracer != null) {
            tracer.memRead(addr, size, v);
        }
        return v;
    }

    private long loadUnchecked(long addr, int size) {
        if (isDevice(addr, size)) {
            return mmio.read(addr, size);
        }
        int off = (int) addr & PAGE_MASK;
        if (off <= Page.SIZE - size) {
            Page p = pageFor(addr, Environment.Access.READ, Cause.LOAD_ACCESS);
            return switch (size) {
                case 1 -> p.load8(off);
                case 2 -> p.load16(off);
                case 4 -> p.load32(off) & 0xFFFFFFFFL;
                default -> p.load64(off);
            };
        }
        // crosses into the next page: byte by byte (both pages must be readable)
        long v = 0;
        for (int k = 0; k < size; k++) {
            long a = addr + k;
            Page p = pageFor(a, Environment.Access.READ, Cause.LOAD_ACCESS);
            v |= (long) p.load8((int) a & PAGE_MASK) << (8 * k);
        }
        return v;
    }

    // ================================================================== memory: stores

    public void store64(long addr, long v, int authority) {
        long vpn = addr >>> Page.SHIFT;
        int i = (int) vpn & TLB_MASK;
        int off = (int) addr & PAGE_MASK;
        if (wTag[i] == vpn && off <= Page.SIZE - 8 && ((wCode[i] >>> (off >>> 6)) & 1) == 0) {
            wPage[i].store64(off, v);
        } else {
            storeSlow(addr, 8, v, authority);
        }
    }

    public void store32(long addr, int v, int authority) {
        long vpn = addr >>> Page.SHIFT;
        int i = (int) vpn & TLB_MASK;
        int off = (int) addr & PAGE_MASK;
        if (wTag[i] == vpn && off <= Page.SIZE - 4 && ((wCode[i] >>> (off >>> 6)) & 1) == 0) {
            wPage[i].store32(off, v);
        } else {
            storeSlow(addr, 4, v, authority);
        }
    }

    public void store16(long addr, int v, int authority) {
        long vpn = addr >>> Page.SHIFT;
        int i = (int) vpn & TLB_MASK;
        int off = (int) addr & PAGE_MASK;
        if (wTag[i] == vpn && off <= Page.SIZE - 2 && ((wCode[i] >>> (off >>> 6)) & 1) == 0) {
            wPage[i].store16(off, v);
        } else {
            storeSlow(addr, 2, v, authority);
        }
    }

    public void store8(long addr, int v, int authority) {
        long vpn = addr >>> Page.SHIFT;
        int i = (int) vpn & TLB_MASK;
        int off = (int) addr & PAGE_MASK;
        if (wTag[i] == vpn && ((wCode[i] >>> (off >>> 6)) & 1) == 0) {
            wPage[i].store8(off, v);
        } else {
            storeSlow(addr, 1, v, authority);
        }
    }

    private void storeSlow(long addr, int size, long v, int authority) {
        if (cheriActive && authority != AUTH_CHECKED) {
            checkAccess(capMode ? authority : AUTH_DDC, addr, size, ACCESS_STORE, false, 0);
        }
        if (tracer != null) {
            tracer.memWrite(addr, size, v);
        }
        if (isDevice(addr, size)) {
            mmio.write(addr, size, v);
            return;
        }
        int off = (int) addr & PAGE_MASK;
        if (off <= Page.SIZE - size) {
            Page p = pageFor(addr, Environment.Access.WRITE, Cause.STORE_ACCESS);
            noteWrite(p, off, size);
            switch (size) {
                case 1 -> p.store8(off, (int) v);
                case 2 -> p.store16(off, (int) v);
                case 4 -> p.store32(off, (int) v);
                default -> p.store64(off, v);
            }
            return;
        }
        // crosses a page: check both pages first so a fault leaves memory untouched
        pageFor(addr, Environment.Access.WRITE, Cause.STORE_ACCESS);
        pageFor(addr + size - 1, Environment.Access.WRITE, Cause.STORE_ACCESS);
        for (int k = 0; k < size; k++) {
            long a = addr + k;
            Page p = pageFor(a, Environment.Access.WRITE, Cause.STORE_ACCESS);
            noteWrite(p, (int) a & PAGE_MASK, 1);
            p.store8((int) a & PAGE_MASK, (int) (v >>> (8 * k)));
        }
    }

    /** The page for an atomic access (aligned, so within one page); needs write permission. */
    private Page amoPage(long addr, int size) {
        if ((addr & (size - 1)) != 0) {
            throw raise(Cause.STORE_MISALIGNED, addr);
        }
        if (isDevice(addr, size)) {
            throw raise(Cause.STORE_ACCESS, addr);
        }
        Page p = pageFor(addr, Environment.Access.WRITE, Cause.STORE_ACCESS);
        if ((p.prot() & Page.PROT_READ) == 0) {
            throw raise(Cause.STORE_ACCESS, addr);
        }
        noteWrite(p, (int) addr & PAGE_MASK, size);
        return p;
    }

    // ================================================================== decode cache

    /** A store of {@code size} bytes at {@code off} into {@code p}: drops decoded code it overlaps. */
    private void noteWrite(Page p, int off, int size) {
        if (p.execCache instanceof DecodedPage dp && dp.overlaps(off, size)) {
            invalidateCode(p);
        }
    }

    private void invalidateCode(Page p) {
        p.execCache = null;
        codeChanged = true;
        int i = (int) p.number & TLB_MASK;
        if (xTag[i] == p.number) {
            xTag[i] = -1;
            xPage[i] = null;
        }
        if (wTag[i] == p.number) {
            wCode[i] = 0;
        }
        // an instruction in the previous page may continue into this one
        Page prev = mem.page(p.number - 1);
        if (prev != null && prev.execCache instanceof DecodedPage dp && dp.crossesNext) {
            dp.code[2 * (DecodedPage.SLOTS - 1)] = Op.DECODE;
        }
    }

    // ------------------------------------------------------------------ compiled regions

    /** Instructions between two samples of the pc (see {@link #sample}). */
    public static final int SAMPLE_INTERVAL = 1000;
    private int sampleInterval = SAMPLE_INTERVAL;
    /** Samples in a page's uncompiled code that make {@link RegionCompiler} compile the page. */
    private int samplesToCompile = 16;
    /** Hot pages run as compiled regions (in integer mode with no capability live). */
    private boolean compiling = true;
    private long nextSample;
    private long pageCompiles, regionsCompiled, regionEntries, compiledInstructions;

    /** What the region compiler did in this run (see {@code run --stats}). */
    public record CompilerStats(long pageCompiles, long regions, long entries, long instructions) {
    }

    public CompilerStats compilerStats() {
        return new CompilerStats(pageCompiles, regionsCompiled, regionEntries, compiledInstructions);
    }

    /**
     * Turns compilation of hot code on or off, and sets how many samples of a page's
     * uncompiled code (one every {@link #SAMPLE_INTERVAL} instructions) make it hot.
     */
    public void setCompiling(boolean on, int samplesToCompile) {
        if (samplesToCompile < 1) {
            throw new IllegalArgumentException("samples to compile must be positive: " + samplesToCompile);
        }
        this.compiling = on;
        this.samplesToCompile = samplesToCompile;
    }

    /** As {@link #setCompiling(boolean, int)}, sampling every {@code interval} instructions (tests compile early). */
    void setCompiling(boolean on, int samplesToCompile, int interval) {
        setCompiling(on, samplesToCompile);
        this.sampleInterval = interval;
    }

    /** A sampling profiler: counts the sample at {@code pc} towards compiling its page. */
    private void sample(long pc) {
        long vpn = pc >>> Page.SHIFT;
        int i = (int) vpn & TLB_MASK;
        DecodedPage dp = xPage[i];
        if (dp == null || xTag[i] != vpn) {
            return;
        }
        int slot = (int) (pc - dp.base) >>> 1;
        if (RegionCompiler.worthCompiling(dp, slot) && ++dp.samples >= samplesToCompile) {
            dp.samples = 0;
            regionsCompiled += RegionCompiler.compile(dp, slot);
            pageCompiles++;
        }
    }

    /** The decode cache of the page holding {@code addr}, or null. */
    DecodedPage decodedPage(long addr) {
        Page p = mem.page(addr >>> Page.SHIFT);
        return p != null && p.execCache instanceof DecodedPage dp ? dp : null;
    }

    /** fence.i: drops every decode cache. */
    public void flushCode() {
        for (Page p : codePages) {
            p.execCache = null;
        }
        codePages.clear();
        Arrays.fill(wCode, 0);
        Arrays.fill(xTag, -1L);
        Arrays.fill(xPage, null);
        codeChanged = true;
    }

    private DecodedPage fetchPage(long pc) {
        long vpn = pc >>> Page.SHIFT;
        int i = (int) vpn & TLB_MASK;
        DecodedPage dp = xPage[i];
        if (dp != null && xTag[i] == vpn) {
            return dp;
        }
        if (mmio != null && mmio.claimsPage(vpn) && mmio.handles(pc, 2)) {
            throw raise(Cause.INSTRUCTION_ACCESS, pc);
        }
        Page p = pageFor(pc, Environment.Access.EXECUTE, Cause.INSTRUCTION_ACCESS);
        if (p.execCache instanceof DecodedPage cached) {
            dp = cached;
        } else {
            dp = new DecodedPage(p);
            p.execCache = dp;
            codePages.add(p);
        }
        xTag[i] = vpn;
        xPage[i] = dp;
        return dp;
    }

    /** Decodes the instruction at slot {@code idx} of {@code dp}; returns its opcode. */
    private int decodeSlot(DecodedPage dp, int idx) {
        int off = idx << 1;
        int word = dp.page.load16(off);
        if ((word & 3) == 3) {
            if (off <= Page.SIZE - 4) {
                word = dp.page.load32(off);
            } else {
                long next = dp.base + Page.SIZE;
                DecodedPage ndp = fetchPage(next);     // the next page's chunk 0 now holds code too
                word |= ndp.page.load16(0) << 16;
                ndp.markCode(0, 2);
                syncCodeMask(ndp);
                dp.crossesNext = true;
            }
        }
        Decoder.Decoded d = scratch;
        Decoder.decode(word, d);
        int op = d.op;
        int rd = d.rd;
        if (rd == 0 && d.format().rdIsX) {
            rd = X_SINK;
        }
        dp.code[2 * idx + 1] = d.imm;
        dp.raw[idx] = d.raw;
        dp.code[2 * idx] = (op & 0xFFFFFFFFL) | (long) DecodedPage.pack(rd, d.rs1, d.rs2, d.rs3, d.rm, d.len) << 32;
        dp.markCode(off, d.len);
        syncCodeMask(dp);
        return op;
    }

    private void syncCodeMask(DecodedPage dp) {
        int w = (int) dp.page.number & TLB_MASK;
        if (wTag[w] == dp.page.number) {
            wCode[w] = dp.codeMask;
        }
    }

    // ================================================================== the interpreter

    /**
     * Runs until the retired-instruction count reaches {@code limit} (then returns normally) or
     * the environment or a device ends the run by throwing {@link GuestExit}.
     */
    public void run(long limit) {
        while (this.instret < limit) {
            if (!stepping) {
                interpret(limit, FAST);
            } else if (hybridFast()) {
                interpret(limit, HYBRID);
            } else {
                stepCheri(limit);
            }
        }
    }

    /** {@link #interpret} modes. */
    private static final int FAST = 0, STEP = 1, HYBRID = 2;

    /**
     * The interpreter proper, in one of three modes:
     * <ul>
     * <li>{@code FAST}: no capability is live ({@link #cheriActive} false), so no capability work at
     *     all; hot code runs in compiled regions. Returns when capabilities become live (checked
     *     once per block).</li>
     * <li>{@code STEP}: the CHERI stepper's engine for one ordinary instruction.</li>
     * <li>{@code HYBRID}: hybrid code while capabilities are live: integer mode, PCC executable,
     *     unsealed and spanning the whole address space (so fetch and jump checks cannot fail), no
     *     trace. Data accesses take the checked slow path unless DDC may load and store anywhere
     *     ({@code dataTlb}); an integer write to a register that holds a capability makes it
     *     NULL-derived; CHERI instructions run inside the block. Returns when those conditions end
     *     (checked once per block).</li>
     * </ul>
     * One method serves all three so that each instruction is written once. Against two copies
     * of it this costs the interpreter alone ({@code --compile-threshold 0}) 8–9% on the integer
     * benchmarks; with hot code in compiled regions the difference is within the noise.
     */
    private void interpret(long limit, int mode) {
        final long[] x = this.x;
        long pc = this.pc;
        long n = this.instret;
        try {
            outer:
            while (n < limit) {
                if (mode == HYBRID ? !stepping || !hybridFast() : stepping && mode == FAST) {
                    break;
                }
                try {
                    long stop = limit;
                    if (hasTimer) {
                        this.instret = n;
                        updateTimerPending();
                        if (interruptsCouldBeTaken()) {
                            stop = Math.min(limit, n + TIMER_QUANTUM);
                        }
                    }
                    if ((mip & mie) != 0) {
                        long np = checkInterrupts(pc);
                        if (mode == STEP && np != pc) {
                            pc = np;            // the stepper fetches (and checks) the handler's first instruction
                            break;
                        }
                        pc = np;
                    }
                    if (compiling && mode == FAST) {
                        if (n >= nextSample) {
                            nextSample = n + sampleInterval;
                            sample(pc);
                        }
                        stop = Math.min(stop, nextSample);
                    }
                    DecodedPage dp = fetchPage(pc);
                    long[] code = dp.code;
                    long base = dp.base;
                    while (true) {
                        int off = (int) (pc - base);
                        if ((off >>> Page.SHIFT) != 0) {
                            // another page: switch to it here if the fetch TLB has it
                            long vpn = pc >>> Page.SHIFT;
                            int ti = (int) vpn & TLB_MASK;
                            DecodedPage nd = xPage[ti];
                            if (nd == null || xTag[ti] != vpn) {
                                continue outer;
                            }
                            dp = nd;
                            code = nd.code;
                            base = nd.base;
                            off = (int) (pc - base);
                        }
                        if (n >= stop) {
                            continue outer;
                        }
                        int ci = off & (2 * DecodedPage.SLOTS - 2);
                        long w = code[ci];
                        int op = (int) w;
                        if (op <= Op.DECODE) {
                            if (op == Op.DECODE) {
                                op = decodeSlot(dp, ci >>> 1);
                                w = code[ci];
                            } else {
                                if (mode == FAST) {
                                    long next;
                                    try {
                                        next = dp.regions[ci >>> 1].run(this, x, ci >>> 1, n, stop);
                                    } catch (RuntimeException e) {
                                        pc = this.pc;
                                        n = this.instret;
                                        throw e;
                                    }
                                    if (this.instret != n) {
                                        regionEntries++;
                                        compiledInstructions += this.instret - n;
                                        n = this.instret;
                                        pc = next;
                                        if (codeChanged) {
                                            codeChanged = false;
                                            continue outer;
                                        }
                                        continue;
                                    }
                                }
                                op &= RegionCompiler.OP_MASK;     // run its first instruction here
                            }
                        }
                        final int a = (int) (w >>> 32);
                        final long imm = code[ci + 1];
                        final int idx = ci >>> 1;
                        n++;
                        switch (op) {
                            case Op.LUI -> {
                                x[a & 63] = imm;
                                pc += a >>> 24;
                            }
                            case Op.AUIPC -> {
                                x[a & 63] = pc + imm;
                                pc += a >>> 24;
                            }
                            case Op.JAL -> {
                                x[a & 63] = pc + (a >>> 24);
                                pc += imm;
                            }
                            case Op.JALR -> {
                                long t = (x[(a >>> 6) & 31] + imm) & ~1L;
                                x[a & 63] = pc + (a >>> 24);
                                pc = t;
                            }
                            case Op.BEQ -> pc += x[(a >>> 6) & 31] == x[(a >>> 11) & 31] ? imm : a >>> 24;
                            case Op.BNE -> pc += x[(a >>> 6) & 31] != x[(a >>> 11) & 31] ? imm : a >>> 24;
                            case Op.BLT -> pc += x[(a >>> 6) & 31] < x[(a >>> 11) & 31] ? imm : a >>> 24;
                            case Op.BGE -> pc += x[(a >>> 6) & 31] >= x[(a >>> 11) & 31] ? imm : a >>> 24;
                            case Op.BLTU -> pc += Long.compareUnsigned(x[(a >>> 6) & 31], x[(a >>> 11) & 31]) < 0
                                    ? imm : a >>> 24;
                            case Op.BGEU -> pc += Long.compareUnsigned(x[(a >>> 6) & 31], x[(a >>> 11) & 31]) >= 0
                                    ? imm : a >>> 24;
                            case Op.LB -> {
                                x[a & 63] = (byte) load8(x[(a >>> 6) & 31] + imm, (a >>> 6) & 31);
                                pc += a >>> 24;
                            }
                            case Op.LH -> {
                                x[a & 63] = (short) load16(x[(a >>> 6) & 31] + imm, (a >>> 6) & 31);
                                pc += a >>> 24;
                            }
                            case Op.LW -> {
                                x[a & 63] = load32(x[(a >>> 6) & 31] + imm, (a >>> 6) & 31);
                                pc += a >>> 24;
                            }
                            case Op.LD -> {
                                x[a & 63] = load64(x[(a >>> 6) & 31] + imm, (a >>> 6) & 31);
                                pc += a >>> 24;
                            }
                            case Op.LBU -> {
                                x[a & 63] = load8(x[(a >>> 6) & 31] + imm, (a >>> 6) & 31);
                                pc += a >>> 24;
                            }
                            case Op.LHU -> {
                                x[a & 63] = load16(x[(a >>> 6) & 31] + imm, (a >>> 6) & 31);
                                pc += a >>> 24;
                            }
                            case Op.LWU -> {
                                x[a & 63] = load32(x[(a >>> 6) & 31] + imm, (a >>> 6) & 31) & 0xFFFFFFFFL;
                                pc += a >>> 24;
                            }
                            case Op.SB -> {
                                store8(x[(a >>> 6) & 31] + imm, (int) x[(a >>> 11) & 31], (a >>> 6) & 31);
                                pc += a >>> 24;
                                if (codeChanged) {
                                    codeChanged = false;
                                    continue outer;
                                }
                            }
                            case Op.SH -> {
                                store16(x[(a >>> 6) & 31] + imm, (int) x[(a >>> 11) & 31], (a >>> 6) & 31);
                                pc += a >>> 24;
                                if (codeChanged) {
                                    codeChanged = false;
                                    continue outer;
                                }
                            }
                            case Op.SW -> {
                                store32(x[(a >>> 6) & 31] + imm, (int) x[(a >>> 11) & 31], (a >>> 6) & 31);
                                pc += a >>> 24;
                                if (codeChanged) {
                                    codeChanged = false;
                                    continue outer;
                                }
                            }
                            case Op.SD -> {
                                store64(x[(a >>> 6) & 31] + imm, x[(a >>> 11) & 31], (a >>> 6) & 31);
                                pc += a >>> 24;
                                if (codeChanged) {
                                    codeChanged = false;
                                    continue outer;
                                }
                            }
                            case Op.ADDI -> {
                                x[a & 63] = x[(a >>> 6) & 31] + imm;
                                pc += a >>> 24;
                            }
                            case Op.SLTI -> {
                                x[a & 63] = x[(a >>> 6) & 31] < imm ? 1 : 0;
                                pc += a >>> 24;
                            }
                            case Op.SLTIU -> {
                                x[a & 63] = Long.compareUnsigned(x[(a >>> 6) & 31], imm) < 0 ? 1 : 0;
                                pc += a >>> 24;
                            }
                            case Op.XORI -> {
                                x[a & 63] = x[(a >>> 6) & 31] ^ imm;
                                pc += a >>> 24;
                            }
                            case Op.ORI -> {
                                x[a & 63] = x[(a >>> 6) & 31] | imm;
                                pc += a >>> 24;
                            }
                            case Op.ANDI -> {
                                x[a & 63] = x[(a >>> 6) & 31] & imm;
                                pc += a >>> 24;
                            }
                            case Op.SLLI -> {
                                x[a & 63] = x[(a >>> 6) & 31] << imm;
                                pc += a >>> 24;
                            }
                            case Op.SRLI -> {
                                x[a & 63] = x[(a >>> 6) & 31] >>> imm;
                                pc += a >>> 24;
                            }
                            case Op.SRAI -> {
                                x[a & 63] = x[(a >>> 6) & 31] >> imm;
                                pc += a >>> 24;
                            }
                            case Op.ADD -> {
                                x[a & 63] = x[(a >>> 6) & 31] + x[(a >>> 11) & 31];
                                pc += a >>> 24;
                            }
                            case Op.SUB -> {
                                x[a & 63] = x[(a >>> 6) & 31] - x[(a >>> 11) & 31];
                                pc += a >>> 24;
                            }
                            case Op.SLL -> {
                                x[a & 63] = x[(a >>> 6) & 31] << x[(a >>> 11) & 31];
                                pc += a >>> 24;
                            }
                            case Op.SLT -> {
                                x[a & 63] = x[(a >>> 6) & 31] < x[(a >>> 11) & 31] ? 1 : 0;
                                pc += a >>> 24;
                            }
                            case Op.SLTU -> {
                                x[a & 63] = Long.compareUnsigned(x[(a >>> 6) & 31], x[(a >>> 11) & 31]) < 0 ? 1 : 0;
                                pc += a >>> 24;
                            }
                            case Op.XOR -> {
                                x[a & 63] = x[(a >>> 6) & 31] ^ x[(a >>> 11) & 31];
                                pc += a >>> 24;
                            }
                            case Op.SRL -> {
                                x[a & 63] = x[(a >>> 6) & 31] >>> x[(a >>> 11) & 31];
                                pc += a >>> 24;
                            }
                            case Op.SRA -> {
                                x[a & 63] = x[(a >>> 6) & 31] >> x[(a >>> 11) & 31];
                                pc += a >>> 24;
                            }
                            case Op.OR -> {
                                x[a & 63] = x[(a >>> 6) & 31] | x[(a >>> 11) & 31];
                                pc += a >>> 24;
                            }
                            case Op.AND -> {
                                x[a & 63] = x[(a >>> 6) & 31] & x[(a >>> 11) & 31];
                                pc += a >>> 24;
                            }
                            case Op.ADDIW -> {
                                x[a & 63] = (int) (x[(a >>> 6) & 31] + imm);
                                pc += a >>> 24;
                            }
                            case Op.SLLIW -> {
                                x[a & 63] = (int) x[(a >>> 6) & 31] << imm;
                                pc += a >>> 24;
                            }
                            case Op.SRLIW -> {
                                x[a & 63] = (int) x[(a >>> 6) & 31] >>> imm;
                                pc += a >>> 24;
                            }
                            case Op.SRAIW -> {
                                x[a & 63] = (int) x[(a >>> 6) & 31] >> imm;
                                pc += a >>> 24;
                            }
                            case Op.ADDW -> {
                                x[a & 63] = (int) (x[(a >>> 6) & 31] + x[(a >>> 11) & 31]);
                                pc += a >>> 24;
                            }
                            case Op.SUBW -> {
                                x[a & 63] = (int) (x[(a >>> 6) & 31] - x[(a >>> 11) & 31]);
                                pc += a >>> 24;
                            }
                            case Op.SLLW -> {
                                x[a & 63] = (int) x[(a >>> 6) & 31] << (int) x[(a >>> 11) & 31];
                                pc += a >>> 24;
                            }
                            case Op.SRLW -> {
                                x[a & 63] = (int) x[(a >>> 6) & 31] >>> (int) x[(a >>> 11) & 31];
                                pc += a >>> 24;
                            }
                            case Op.SRAW -> {
                                x[a & 63] = (int) x[(a >>> 6) & 31] >> (int) x[(a >>> 11) & 31];
                                pc += a >>> 24;
                            }
                            case Op.MUL -> {
                                x[a & 63] = x[(a >>> 6) & 31] * x[(a >>> 11) & 31];
                                pc += a >>> 24;
                            }
                            case Op.MULW -> {
                                x[a & 63] = (int) x[(a >>> 6) & 31] * (int) x[(a >>> 11) & 31];
                                pc += a >>> 24;
                            }
                            case Op.MULH, Op.MULHSU, Op.MULHU, Op.DIV, Op.DIVU, Op.REM, Op.REMU,
                                    Op.DIVW, Op.DIVUW, Op.REMW, Op.REMUW -> {
                                x[a & 63] = Alu.m(op, x[(a >>> 6) & 31], x[(a >>> 11) & 31]);
                                pc += a >>> 24;
                            }
                            case Op.FLW, Op.FLD, Op.FSW, Op.FSD -> {
                                fpLoadStore(op, a, imm, pc);
                                pc += a >>> 24;
                                if (codeChanged) {
                                    codeChanged = false;
                                    continue outer;
                                }
                            }
                            case Op.ILLEGAL -> throw raise(Cause.ILLEGAL, dp.raw[idx] & 0xFFFFFFFFL);
                            default -> {
                                if (op >= Op.FIRST_FP && op <= Op.LAST_FP) {
                                    execFp(op, a, dp.raw[idx]);
                                    pc += a >>> 24;
                                } else if (mode == HYBRID && op >= Op.FIRST_CHERI && op <= Op.LAST_CHERI) {
                                    // stays in the block (a jump may leave the page: the loop's top
                                    // follows it); leaves when it changed what this loop assumes
                                    pc = execCheri(op, a, imm, pc, dp.raw[idx]);
                                    if (codeChanged || !hybridFast()) {
                                        codeChanged = false;
                                        continue outer;
                                    }
                                } else {
                                    this.instret = n - 1;     // CSRs read the count before this one retires
                                    pc = execSystem(op, a, imm, pc, dp.raw[idx]);
                                    n = this.instret + 1;
                                    if (mode == HYBRID && WRITES_INT[op] && isCap[a & 63]) {
                                        setIntReg(a & 63);
                                    }
                                    continue outer;
                                }
                            }
                        }
                        if (mode == HYBRID && WRITES_INT[op] && isCap[a & 63]) {
                            setIntReg(a & 63);     // an integer write: the capability there becomes NULL-derived
                        }
                    }
                } catch (Trap t) {
                    this.instret = n;
                    pc = takeTrap(trapCause, trapTval, pc);
                    n = this.instret;
                }
            }
        } finally {
            this.pc = pc;
            this.instret = n;
        }
    }



    private long checkInterrupts(long pc) {
        long pending = mip & mie;
        if (pending == 0 || linuxUser) {
            return pc;
        }
        if (priv == PRIV_M && (mstatus & MSTATUS_MIE) == 0) {
            return pc;
        }
        // priority: MEI (11), MSI (3), MTI (7)
        int code = (pending & (1 << 11)) != 0 ? 11 : (pending & (1 << 3)) != 0 ? 3 : 7;
        return takeTrap(Cause.INTERRUPT | code, 0, pc);
    }

    // ================================================================== system instructions

    /** Executes a system, CSR or atomic instruction; returns the next pc. */
    private long execSystem(int op, int a, long imm, long pc, int raw) {
        int rd = a & 63;
        int rs1 = (a >>> 6) & 31;
        int rs2 = (a >>> 11) & 31;
        long next = pc + (a >>> 24);
        switch (op) {
            case Op.FENCE -> {
                return next;
            }
            case Op.FENCE_I -> {
                flushCode();
                codeChanged = false;
                return next;
            }
            case Op.ECALL -> {
                if (linuxUser) {
                    this.pc = pc;
                    pcWritten = false;
                    long nr = x[17];
                    env.ecall(this);
                    afterEnvironmentCall(nr);
                    if (pcWritten) {
                        pcWritten = false;
                        reservation = -1;
                        return this.pc;
                    }
                    return next;
                }
                throw raise(priv == PRIV_M ? Cause.ECALL_M : Cause.ECALL_U, 0);
            }
            case Op.EBREAK -> throw raise(Cause.BREAK, pc);
            case Op.MRET -> {
                if (priv != PRIV_M) {
                    throw raise(Cause.ILLEGAL, raw & 0xFFFFFFFFL);
                }
                if (cheriActive && !pccHas(P_ASR)) {
                    throw capFault(CAP_ASR, IDX_PCC, pc, 0);
                }
                long s = mstatus;
                int mpp = (int) ((s & MSTATUS_MPP) >>> 11);
                s = (s & MSTATUS_MPIE) != 0 ? s | MSTATUS_MIE : s & ~MSTATUS_MIE;
                s |= MSTATUS_MPIE;
                s &= ~MSTATUS_MPP;             // MPP := U, the least privileged mode
                if (mpp != PRIV_M) {
                    s &= ~MSTATUS_MPRV;
                }
                mstatus = s;
                priv = mpp;
                reservation = -1;
                // §4.5: PCC := MEPCC (a sentry is unsealed; other sealed values fault at fetch)
                long m = smeta[SCR_MEPCC];
                if (CapFormat.isSentry(m)) {
                    m = CapFormat.withOtype(m, Otype.UNSEALED);
                }
                long target = mepc & ~1L;
                installPcc(stag[SCR_MEPCC], m, target);
                return target;
            }
            case Op.WFI -> {
                // no S-mode: U-mode may wait unless mstatus.TW is set (QEMU's rule); Linux user
                // mode has no WFI (SIGILL, as under qemu-riscv64)
                if (linuxUser || (priv != PRIV_M && (mstatus & MSTATUS_TW) != 0)) {
                    throw raise(Cause.ILLEGAL, raw & 0xFFFFFFFFL);
                }
                waitForInterrupt();
                return next;
            }
            case Op.CSRRW, Op.CSRRS, Op.CSRRC, Op.CSRRWI, Op.CSRRSI, Op.CSRRCI -> {
                int csr = (int) imm & 0xFFF;
                long src = op >= Op.CSRRWI ? rs1 : x[rs1];
                boolean write = op == Op.CSRRW || op == Op.CSRRWI || rs1 != 0;
                boolean read = !((op == Op.CSRRW || op == Op.CSRRWI) && rd == X_SINK);
                checkCsrAccess(csr, write, raw);
                long old = read ? csrRead(csr, raw) : 0;
                if (write) {
                    long v = switch (op) {
                        case Op.CSRRW, Op.CSRRWI -> src;
                        case Op.CSRRS, Op.CSRRSI -> old | src;
                        default -> old & ~src;
                    };
                    if (!read) {
                        csrRead(csr, raw);     // existence check
                    }
                    csrWrite(csr, v, raw);
                }
                x[rd] = old;
                return next;
            }
            case Op.SRET, Op.SFENCE_VMA -> throw raise(Cause.ILLEGAL, raw & 0xFFFFFFFFL);
            default -> {
                if (op >= Op.LR_W && op <= Op.AMOMAXU_D) {
                    execAtomic(op, rd, rs1, rs2);
                    return next;
                }
                if (op >= Op.FIRST_CHERI && op <= Op.LAST_CHERI) {
                    return execCheri(op, a, imm, pc, raw);
                }
                throw raise(Cause.ILLEGAL, raw & 0xFFFFFFFFL);
            }
        }
    }

    /** After the environment served an ecall: the memory map or protections may have changed. */
    private void afterEnvironmentCall(long syscall) {
        long g = mem.generation();
        if (g != memGeneration) {                 // pages were removed (munmap, MAP_FIXED, ...)
            memGeneration = g;
            codePages.removeIf(Page::detached);
            flushTlb();
        } else if (changesMappings(syscall)) {    // protections may have changed
            flushTlb();
        }
    }

    /**
     * Linux (RISC-V numbering) system calls that may change page protections or replace pages:
     * brk, munmap, mremap, mmap, mprotect, madvise, execve. Any other call leaves the TLBs valid
     * unless the memory's generation moved (checked separately).
     */
    private static boolean changesMappings(long nr) {
        return nr == 214 || nr == 215 || nr == 216 || nr == 222 || nr == 226 || nr == 233 || nr == 221;
    }

    private void execAtomic(int op, int rd, int rs1, int rs2) {
        long addr = x[rs1];
        long src = x[rs2];
        boolean w = op <= Op.AMOMAXU_W;
        int size = w ? 4 : 8;
        if (cheriActive) {
            int kind = op == Op.LR_W || op == Op.LR_D ? ACCESS_LOAD
                    : op == Op.SC_W || op == Op.SC_D ? ACCESS_STORE : ACCESS_LOAD | ACCESS_STORE;
            checkAccess(capMode ? rs1 : AUTH_DDC, addr, size, kind, false, 0);
        }
        if (op == Op.LR_W || op == Op.LR_D) {
            if ((addr & (size - 1)) != 0) {
                throw raise(Cause.LOAD_MISALIGNED, addr);
            }
            long v = w ? (long) load32(addr, AUTH_CHECKED) : load64(addr, AUTH_CHECKED);
            reservation = addr;
            reservationValue = v;
            x[rd] = v;
            return;
        }
        Page p = amoPage(addr, size);
        int off = (int) addr & PAGE_MASK;
        if (op == Op.SC_W || op == Op.SC_D) {
            // memory is read (and traced) only when there is a reservation for this address, as
            // for SC.B/H and the explicit SC forms (storeConditional)
            boolean ok = false;
            if (reservation == addr) {
                long current = w ? (long) p.load32(off) : p.load64(off);
                if (tracer != null) {
                    tracer.memRead(addr, size, current);
                }
                ok = current == reservationValue;
            }
            if (ok) {
                if (tracer != null) {
                    tracer.memWrite(addr, size, src);
                }
                if (w) {
                    p.store32(off, (int) src);
                } else {
                    p.store64(off, src);
                }
            }
            x[rd] = ok ? 0 : 1;
            reservation = -1;
            return;
        }
        if (w) {
            int old = p.load32(off);
            int s = (int) src;
            int nv = switch (op) {
                case Op.AMOSWAP_W -> s;
                case Op.AMOADD_W -> old + s;
                case Op.AMOXOR_W -> old ^ s;
                case Op.AMOAND_W -> old & s;
                case Op.AMOOR_W -> old | s;
                case Op.AMOMIN_W -> Math.min(old, s);
                case Op.AMOMAX_W -> Math.max(old, s);
                case Op.AMOMINU_W -> Integer.compareUnsigned(old, s) <= 0 ? old : s;
                default -> Integer.compareUnsigned(old, s) >= 0 ? old : s;
            };
            if (tracer != null) {
                tracer.memRead(addr, 4, old);
                tracer.memWrite(addr, 4, nv);
            }
            p.store32(off, nv);
            x[rd] = old;
        } else {
            long old = p.load64(off);
            long nv = switch (op) {
                case Op.AMOSWAP_D -> src;
                case Op.AMOADD_D -> old + src;
                case Op.AMOXOR_D -> old ^ src;
                case Op.AMOAND_D -> old & src;
                case Op.AMOOR_D -> old | src;
                case Op.AMOMIN_D -> Math.min(old, src);
                case Op.AMOMAX_D -> Math.max(old, src);
                case Op.AMOMINU_D -> Long.compareUnsigned(old, src) <= 0 ? old : src;
                default -> Long.compareUnsigned(old, src) >= 0 ? old : src;
            };
            if (tracer != null) {
                tracer.memRead(addr, 8, old);
                tracer.memWrite(addr, 8, nv);
            }
            p.store64(off, nv);
            x[rd] = old;
        }
    }

    // ================================================================== CHERI (ISAv9)
    //
    // The merged register file: x[r] is the address of capability register c<r>; ctag/cmeta hold
    // its tag and register-form metadata, cbounds its decoded bounds (base, topLow, topHigh) so a
    // checked access costs a few compares. An integer write makes a register NULL-derived
    // (tag 0, NULL metadata, §1.9). While no register holds anything but an integer and PCC and
    // DDC are the root capability (the reset state), no check can fail and no metadata needs
    // clearing, so the interpreter runs without any capability work (cheriActive false). As soon
    // as a capability becomes live, execution switches to stepCheri, which checks every fetch,
    // jump and data access and clears the metadata of integer destinations.

    public static final int SCR_PCC = 0, SCR_DDC = 1, SCR_MTCC = 28, SCR_MTDC = 29, SCR_MSCRATCHC = 30,
            SCR_MEPCC = 31;
    static final int CHERI_CAUSE = 28;
    /** Capability exception cause codes (§4.3). */
    public static final int CAP_LENGTH = 0x01, CAP_TAG = 0x02, CAP_SEAL = 0x03, CAP_TYPE = 0x04,
            CAP_EXECUTE = 0x11, CAP_LOAD = 0x12, CAP_STORE = 0x13, CAP_LOAD_CAP = 0x14, CAP_STORE_CAP = 0x15,
            CAP_STORE_LOCAL = 0x16, CAP_ASR = 0x18, CAP_CINVOKE = 0x19;
    /** Capability indices of mtval for special registers (§4.2). */
    public static final int IDX_PCC = 0x20, IDX_DDC = 0x21;
    /** Authority argument of the memory accessors: DDC, or "already checked". */
    static final int AUTH_DDC = -1, AUTH_CHECKED = 64;
    static final int ACCESS_LOAD = 1, ACCESS_STORE = 2;

    private static final int PS = CapFormat.PERMS_SHIFT;
    static final long P_GLOBAL = 1L << PS, P_EXECUTE = 1L << (PS + 1), P_LOAD = 1L << (PS + 2),
            P_STORE = 1L << (PS + 3), P_LOAD_CAP = 1L << (PS + 4), P_STORE_CAP = 1L << (PS + 5),
            P_STORE_LOCAL = 1L << (PS + 6), P_CINVOKE = 1L << (PS + 8), P_ASR = 1L << (PS + 10);
    private static final long NULL_META = CapFormat.NULL_META, ROOT_META = CapFormat.ROOT_META;

    /** Tags of c0..c31 (index 32, the x0 write sink, stays false). */
    public final boolean[] ctag = new boolean[64];
    /** Register-form metadata of c0..c31. */
    public final long[] cmeta = new long[64];
    /** Decoded bounds of c0..c31: base, topLow, topHigh (0/1) at 3*r. */
    private final long[] cbounds = new long[64 * 3];
    /** True if the register holds more than an integer (tag set or non-NULL metadata). */
    private final boolean[] isCap = new boolean[64];
    private int capCount;
    /** Special capability registers by SCR number; PCC's address is pc, MTCC's mtvec, MEPCC's mepc. */
    private final boolean[] stag = new boolean[32];
    private final long[] smeta = new long[32];
    private final long[] saddr = new long[32];
    /** Decoded bounds of PCC (at 0) and DDC (at 3). */
    private final long[] sbounds = new long[6];
    /** Some capability is live: checks and metadata clearing are on (see above). */
    private boolean cheriActive;
    /** PCC is tagged, unsealed, executable and spans the whole address space: fetches and jumps cannot fault. */
    private boolean pccSpansAll = true;

    /** The state {@link #interpret} handles in hybrid mode: integer mode, a whole-space PCC, no trace. */
    private boolean hybridFast() {
        return !capMode && pccSpansAll && tracer == null;
    }

    /** PCC.flags = 1: capability encoding mode (§3.8). */
    private boolean capMode;
    private final CapResult cr = new CapResult();

    /** Details of the last capability fault: the capability index, address and size accessed. */
    private int faultIdx = -1;
    private long faultAddr, faultSize;
    private boolean faultTag;
    private long faultMeta, faultCapAddr;

    /** Reset (§4.5): PCC, DDC, MTCC, MEPCC root; MTDC, MScratchC and c1..c31 NULL. */
    private void resetCapabilities() {
        Arrays.fill(cmeta, NULL_META);
        Arrays.fill(smeta, NULL_META);
        for (int r = 0; r < 64; r++) {
            BoundsCodec.decode(NULL_META, 0, cbounds, 3 * r);
        }
        for (int s : new int[] {SCR_PCC, SCR_DDC, SCR_MTCC, SCR_MEPCC}) {
            stag[s] = true;
            smeta[s] = ROOT_META;
        }
        BoundsCodec.decode(ROOT_META, 0, sbounds, 0);
        BoundsCodec.decode(ROOT_META, 0, sbounds, 3);
        capMode = false;
        updateActive();
    }

    /** Writes capability register {@code r} (writes to c0 and the sink are discarded). */
    void setCapReg(int r, boolean tag, long meta, long addr) {
        if (r == 0 || r >= 32) {
            return;
        }
        x[r] = addr;
        ctag[r] = tag;
        cmeta[r] = meta;
        boolean cap = tag || meta != NULL_META;
        if (cap != isCap[r]) {
            isCap[r] = cap;
            capCount += cap ? 1 : -1;
        }
        if (cap) {
            BoundsCodec.decode(meta, addr, cbounds, 3 * r);
            if (!stepping || !cheriActive) {
                updateActive();
            }
        }
    }

    private void setCapReg(int r, CapResult c) {
        setCapReg(r, c.tag, c.meta, c.address);
    }

    /** After an integer write of x[r]: the register becomes NULL-derived. */
    void setIntReg(int r) {
        if (isCap[r]) {
            isCap[r] = false;
            capCount--;
            ctag[r] = false;
            cmeta[r] = NULL_META;
            BoundsCodec.decode(NULL_META, 0, cbounds, 3 * r);
        }
    }

    private void updateActive() {
        boolean was = dataTlb;
        cheriActive = capCount > 0 || !(stag[SCR_PCC] && smeta[SCR_PCC] == ROOT_META)
                || !(stag[SCR_DDC] && smeta[SCR_DDC] == ROOT_META);
        stepping = cheriActive || tracer != null;
        dataTlb = tracer == null && (!cheriActive || !capMode && ddcSpansAll);
        if (was && !dataTlb) {
            flushTlb();     // from now on data accesses take the checked slow path
        }
    }

    /**
     * Data accesses may use the TLBs: no trace logs them, and no capability check can fail
     * (nothing is live, or integer mode with a DDC that may load and store anywhere).
     */
    private boolean dataTlb = true;
    /** DDC is tagged, unsealed, may load and store, and spans the whole address space. */
    private boolean ddcSpansAll = true;

    private void installPcc(boolean tag, long meta, long addr) {
        stag[SCR_PCC] = tag;
        smeta[SCR_PCC] = meta;
        BoundsCodec.decode(meta, addr, sbounds, 0);
        capMode = CapFormat.flags(meta) == 1;
        pccSpansAll = tag && !CapFormat.isSealed(meta) && (meta & P_EXECUTE) != 0 && sbounds[0] == 0
                && sbounds[1] == 0 && sbounds[2] == 1;
        updateActive();
    }

    private void installDdc(boolean tag, long meta, long addr) {
        stag[SCR_DDC] = tag;
        smeta[SCR_DDC] = meta;
        saddr[SCR_DDC] = addr;
        BoundsCodec.decode(meta, addr, sbounds, 3);
        ddcSpansAll = tag && !CapFormat.isSealed(meta) && (meta & P_LOAD) != 0 && (meta & P_STORE) != 0
                && sbounds[3] == 0 && sbounds[4] == 0 && sbounds[5] == 1;
        updateActive();
    }

    private boolean pccHas(long perm) {
        return (smeta[SCR_PCC] & perm) != 0;
    }

    /** True while capability checks are on (some capability is live). */
    public boolean cheriActive() {
        return cheriActive;
    }

    /** True in capability encoding mode (PCC.flags = 1). */
    public boolean capabilityMode() {
        return capMode;
    }

    /** Capability register {@code r} (0..31). */
    @Override
    public Capability cap(int r) {
        r &= 31;
        return r == 0 ? Capability.NULL : new Capability(ctag[r], cmeta[r], x[r]);
    }

    /** A special capability register by SCR number (PCC carries the pc). */
    public Capability specialCap(int scr) {
        long addr = switch (scr) {
            case SCR_PCC -> pc;
            case SCR_MTCC -> mtvec;
            case SCR_MEPCC -> mepc;
            default -> saddr[scr];
        };
        return new Capability(stag[scr], smeta[scr], addr);
    }

    /** Sets capability register {@code r} (runtime services, tests, debuggers). */
    @Override
    public void setCap(int r, Capability c) {
        setCapReg(r & 31, c.tag(), c.meta(), c.address());
    }

    /** Sets a special capability register (tests, debuggers). */
    public void setSpecialCap(int scr, Capability c) {
        switch (scr) {
            case SCR_PCC -> {
                pc = c.address();
                installPcc(c.tag(), c.meta(), c.address());
            }
            case SCR_DDC -> installDdc(c.tag(), c.meta(), c.address());
            case SCR_MTCC -> {
                stag[scr] = c.tag();
                smeta[scr] = c.meta();
                mtvec = c.address();
                mtvecWritten = true;
            }
            case SCR_MEPCC -> {
                stag[scr] = c.tag();
                smeta[scr] = c.meta();
                mepc = c.address();
            }
            default -> {
                stag[scr] = c.tag();
                smeta[scr] = c.meta();
                saddr[scr] = c.address();
            }
        }
    }

    /** The special capability registers a revocation sweep visits (ISAv9 RV64 M-mode has no others). */
    private static final int[] SWEPT_SCRS = {SCR_PCC, SCR_DDC, SCR_MTCC, SCR_MTDC, SCR_MSCRATCHC, SCR_MEPCC};

    /**
     * Offers every tagged capability register to {@code visitor} (c1..c31, then PCC, DDC, MTCC,
     * MTDC, MScratchC, MEPCC) and clears the tag of each one it returns true for; address and
     * metadata stay. For revocation sweeps, which run between instructions.
     */
    public void revokeCapabilityRegisters(CapabilityVisitor visitor) {
        for (int r = 1; r < 32; r++) {
            if (ctag[r] && visitor.visit(cmeta[r], x[r])) {
                setCapReg(r, false, cmeta[r], x[r]);
            }
        }
        for (int scr : SWEPT_SCRS) {
            Capability c = specialCap(scr);
            if (c.tag() && visitor.visit(c.meta(), c.address())) {
                setSpecialCap(scr, new Capability(false, c.meta(), c.address()));
            }
        }
    }

    /** Receives a tagged capability register: REGISTER-form metadata and address. */
    @FunctionalInterface
    public interface CapabilityVisitor {
        /** @return true to clear the register's tag */
        boolean visit(long meta, long address);
    }

    /** A check on every tagged capability load (CHERIoT-style load barrier): true clears the loaded tag. */
    @FunctionalInterface
    public interface LoadBarrier {
        boolean revokes(long meta, long address);
    }

    private LoadBarrier loadBarrier;

    /** Installs the capability-load barrier (null: none). */
    public void setLoadBarrier(LoadBarrier barrier) {
        this.loadBarrier = barrier;
    }

    /** mtval index of the last capability fault (-1 if the last trap was not one), and what it accessed. */
    public int lastFaultIndex() {
        return faultIdx;
    }

    public long lastFaultAddress() {
        return faultAddr;
    }

    public long lastFaultSize() {
        return faultSize;
    }

    /** The offending capability of the last capability fault, as it was at the fault. */
    public Capability lastFaultCapability() {
        return new Capability(faultTag, faultMeta, faultCapAddr);
    }

    /** Raises a CHERI exception (mcause 28, mtval = idx << 5 | code, §4.2). */
    private RuntimeException capFault(int code, int idx, long addr, long size) {
        faultIdx = idx;
        faultAddr = addr;
        faultSize = size;
        if (idx < 32) {
            faultTag = idx != 0 && ctag[idx];
            faultMeta = cmeta[idx];
            faultCapAddr = x[idx];
        } else if (idx == IDX_PCC) {
            faultTag = stag[SCR_PCC];
            faultMeta = smeta[SCR_PCC];
            faultCapAddr = addr;
        } else {
            int scr = idx & 31;
            Capability c = specialCap(scr);
            faultTag = c.tag();
            faultMeta = c.meta();
            faultCapAddr = c.address();
        }
        return raise(CHERI_CAUSE, ((long) idx << 5) | code);
    }

    /**
     * Checks a data access (§4.3 order: tag, seal, permissions, capability-store permissions,
     * bounds) authorised by capability register {@code reg} or, for {@link #AUTH_DDC}, by DDC.
     *
     * @param kind       {@link #ACCESS_LOAD} and/or {@link #ACCESS_STORE}
     * @param storedCap  a capability store: {@code storedMeta} is the stored value's metadata
     *                   and the store-capability permissions are checked if it is tagged
     */
    private void checkAccess(int reg, long addr, long size, int kind, boolean storedCap, long storedMeta) {
        boolean tag;
        long meta;
        long[] b;
        int bo;
        int idx;
        if (reg < 0) {
            tag = stag[SCR_DDC];
            meta = smeta[SCR_DDC];
            b = sbounds;
            bo = 3;
            idx = IDX_DDC;
        } else {
            tag = reg != 0 && ctag[reg];
            meta = cmeta[reg];
            b = cbounds;
            bo = 3 * reg;
            idx = reg;
        }
        if (!tag) {
            throw capFault(CAP_TAG, idx, addr, size);
        }
        if (CapFormat.isSealed(meta)) {
            throw capFault(CAP_SEAL, idx, addr, size);
        }
        if ((kind & ACCESS_LOAD) != 0 && (meta & P_LOAD) == 0) {
            throw capFault(CAP_LOAD, idx, addr, size);
        }
        if ((kind & ACCESS_STORE) != 0 && (meta & P_STORE) == 0) {
            throw capFault(CAP_STORE, idx, addr, size);
        }
        if (storedCap) {
            if ((meta & P_STORE_CAP) == 0) {
                throw capFault(CAP_STORE_CAP, idx, addr, size);
            }
            if ((storedMeta & P_GLOBAL) == 0 && (meta & P_STORE_LOCAL) == 0) {
                throw capFault(CAP_STORE_LOCAL, idx, addr, size);
            }
        }
        if (!BoundsCodec.inBounds(b[bo], b[bo + 1], b[bo + 2] != 0, addr, size)) {
            throw capFault(CAP_LENGTH, idx, addr, size);
        }
    }

    /** Fetch check of one 16-bit parcel (§4.4): the first parcel checks everything, later ones bounds only. */
    private void checkFetch(long pc, boolean first) {
        if (first) {
            long m = smeta[SCR_PCC];
            if (!stag[SCR_PCC]) {
                throw capFault(CAP_TAG, IDX_PCC, pc, 2);
            }
            if (CapFormat.isSealed(m)) {
                throw capFault(CAP_SEAL, IDX_PCC, pc, 2);
            }
            if ((m & P_EXECUTE) == 0) {
                throw capFault(CAP_EXECUTE, IDX_PCC, pc, 2);
            }
        }
        if (!BoundsCodec.inBounds(sbounds[0], sbounds[1], sbounds[2] != 0, pc, 2)) {
            throw capFault(CAP_LENGTH, IDX_PCC, pc, 2);
        }
    }

    /** A jump or taken branch to {@code target}: it must lie inside PCC (§3.8, ext_control_check_pc). */
    private void checkPccTarget(long target) {
        if (!BoundsCodec.inBounds(sbounds[0], sbounds[1], sbounds[2] != 0, target, 2)) {
            throw capFault(CAP_LENGTH, IDX_PCC, target, 2);
        }
    }

    /** Writing mtvec / mepc sets the SCR's address with CSetAddr semantics (§3.5). */
    private void capCsrWrite(int scr, long oldAddr, long newAddr) {
        CapOps.setAddr(stag[scr], smeta[scr], oldAddr, newAddr, cr);
        stag[scr] = cr.tag;
    }

    /**
     * Executes instructions one at a time with all capability checks while {@link #cheriActive}.
     * Ordinary instructions run on the fast interpreter (whose data accesses take the checked
     * slow path while checks are on); this method adds the fetch check, the PCC bounds check of
     * jumps and branches, the capability-mode reinterpretations and the NULL metadata of integer
     * results.
     */
    private void stepCheri(long limit) {
        while (stepping && instret < limit) {
            long pc = this.pc;
            Tracer tr = tracer;
            long traps0 = trapCount;
            boolean mode0 = capMode;
            if (tr != null) {
                System.arraycopy(x, 0, shadowX, 0, 32);
                System.arraycopy(ctag, 0, shadowTag, 0, 32);
                System.arraycopy(cmeta, 0, shadowMeta, 0, 32);
            }
            try {
                checkFetch(pc, true);
                DecodedPage dp = fetchPage(pc);
                int slot = (int) (pc - dp.base) >>> 1;
                long w = dp.code[2 * slot];
                int op = (int) w & RegionCompiler.OP_MASK;
                if (op == Op.DECODE) {
                    op = decodeSlot(dp, slot);
                    w = dp.code[2 * slot];
                }
                int a = (int) (w >>> 32);
                long imm = dp.code[2 * slot + 1];
                int len = a >>> 24;
                if (len == 4) {
                    checkFetch(pc + 2, false);
                }
                if (capMode) {
                    long next = execCapMode(op, a, imm, pc, dp.raw[slot]);
                    if (next != NOT_CAPMODE) {
                        instret++;
                        this.pc = next;
                        continue;
                    }
                }
                checkControl(op, a, imm, pc);
                long traps = trapCount;
                interpret(instret + 1, STEP);
                if (trapCount == traps && WRITES_INT[op]) {
                    setIntReg(a & 63);
                }
            } catch (Trap t) {
                instret++;
                this.pc = takeTrap(trapCause, trapTval, pc);
            } finally {
                if (tr != null) {
                    traceInstruction(tr, pc, trapCount != traps0, mode0);
                }
            }
        }
    }

    // ------------------------------------------------------------------ tracing

    private Tracer tracer;
    /** Execution goes through {@link #stepCheri}: capability checks are on or a trace is written. */
    private boolean stepping;
    private final long[] shadowX = new long[32];
    private final boolean[] shadowTag = new boolean[32];
    private final long[] shadowMeta = new long[32];

    /** Starts (or, with null, stops) writing a QEMU-CHERI style instruction trace. */
    public void setTracer(Tracer t) {
        tracer = t;
        if (t != null) {
            t.start(pc);
        }
        updateActive();
    }

    public boolean linuxUser() {
        return linuxUser;
    }

    private void traceInstruction(Tracer tr, long pc, boolean trapped, boolean inCapMode) {
        int raw;
        int op;
        int rd;
        try {
            DecodedPage dp = fetchPage(pc);
            int slot = (int) (pc - dp.base) >>> 1;
            raw = dp.raw[slot];
            long w = dp.code[2 * slot];
            op = (int) w & RegionCompiler.OP_MASK;
            rd = (int) (w >>> 32) & 63;
        } catch (RuntimeException e) {
            tr.flush();
            return;
        }
        int len = (raw & 3) == 3 ? 4 : 2;
        StringBuilder writes = new StringBuilder();
        Isa.Insn in = Isa.insn(op);
        boolean writesRd = !trapped && in != null && in.format().rdIsX && rd > 0 && rd < 32;
        for (int r = 1; r < 32; r++) {
            boolean changed = x[r] != shadowX[r] || ctag[r] != shadowTag[r] || cmeta[r] != shadowMeta[r];
            if (!changed && !(writesRd && r == rd)) {
                continue;
            }
            String name = Disassembler.X_NAMES[r];
            if (isCap[r]) {
                writes.append(Tracer.capLines("c" + r + "/" + Disassembler.C_NAMES[r], ctag[r], cmeta[r], x[r]));
            } else {
                writes.append(String.format("    Write x%d/%s = %016x%n", r, name, x[r]));
            }
        }
        String dis;
        try {
            dis = Disassembler.qemuColumns(len == 2 ? raw & 0xFFFF : raw, pc, inCapMode);
        } catch (RuntimeException e) {
            dis = "illegal";
        }
        tr.instruction(pc, raw, len, dis, writes);
        tr.flush();
    }

    /** Opcodes whose rd is an integer register written with an integer result. */
    /** Ops that write an integer value to x[rd] (CHERI ops write whole capabilities instead). */
    private static final boolean[] WRITES_INT = new boolean[Op.COUNT];

    static {
        for (int op = 0; op < Op.FIRST_CHERI; op++) {
            Isa.Insn in = Isa.insn(op);
            WRITES_INT[op] = in != null && in.format().rdIsX;
        }
    }

    /** Hybrid (and capability) mode: jump and taken-branch targets are checked against PCC. */
    private void checkControl(int op, int a, long imm, long pc) {
        long r1 = x[(a >>> 6) & 31], r2 = x[(a >>> 11) & 31];
        boolean taken;
        long target = pc + imm;
        switch (op) {
            case Op.JAL -> taken = true;
            case Op.JALR -> {
                taken = true;
                target = (r1 + imm) & ~1L;
            }
            case Op.JALR_PCC -> {
                taken = true;
                target = r1 & ~1L;
            }
            case Op.BEQ -> taken = r1 == r2;
            case Op.BNE -> taken = r1 != r2;
            case Op.BLT -> taken = r1 < r2;
            case Op.BGE -> taken = r1 >= r2;
            case Op.BLTU -> taken = Long.compareUnsigned(r1, r2) < 0;
            case Op.BGEU -> taken = Long.compareUnsigned(r1, r2) >= 0;
            default -> taken = false;
        }
        if (taken) {
            checkPccTarget(target);
        }
    }

    private static final long NOT_CAPMODE = 1L;     // an odd pc is never a next pc

    /**
     * The instructions that capability encoding mode reinterprets (§3.8): AUIPCC, CJAL, CJALR
     * (incl. C.CJR / C.CJALR), C.CIncOffset16CSP, C.CIncOffset4CSPN, C.CLC, C.CSC, C.CLCSP,
     * C.CSCSP. Returns the next pc, or {@link #NOT_CAPMODE} for any other instruction (loads and
     * stores keep their decode; their authority becomes c[rs1] in the access path).
     */
    private long execCapMode(int op, int a, long imm, long pc, int raw) {
        int rd = a & 63, rs1 = (a >>> 6) & 31;
        int len = a >>> 24;
        long next = pc + len;
        switch (op) {
            case Op.AUIPC -> {
                long pm = smeta[SCR_PCC];
                long addr = pc + imm;
                boolean tag = stag[SCR_PCC] && Representability.isRepresentablePrecise(pm, pc, addr);
                setCapReg(rd, tag, pm, addr);
                return next;
            }
            case Op.JAL -> {
                long target = pc + imm;
                checkPccTarget(target);
                setCapReg(rd, stag[SCR_PCC], CapFormat.withOtype(smeta[SCR_PCC], Otype.SENTRY), next);
                return target;
            }
            case Op.JALR -> {
                return cjalr(rd, rs1, imm, next);
            }
            default -> {
            }
        }
        if (len != 2) {
            return NOT_CAPMODE;
        }
        int h = raw & 0xFFFF;
        int rdP = 8 + ((h >>> 2) & 7), rs1P = 8 + ((h >>> 7) & 7);
        if (op == Op.ADDI && ((h & 0xE003) == 0x0000 || (h & 0xEF83) == 0x6101)) {
            // C.CIncOffset4CSPN cd', c2, nzuimm / C.CIncOffset16CSP c2, nzimm: decoded as c.addi4spn/c.addi16sp
            CapOps.incOffset(ctag[rs1], cmeta[rs1], x[rs1], imm, cr);
            setCapReg(rd, cr);
            return next;
        }
        int f = h & 0xE003;
        if (f == 0x2000 || f == 0xA000) {
            // C.CLC / C.CSC: [12:11]=uimm[5:4], [10]=uimm[8], [6:5]=uimm[7:6]
            long u = ((h >>> 11) & 3) << 4 | ((h >>> 10) & 1) << 8 | ((h >>> 5) & 3) << 6;
            long addr = x[rs1P] + u;
            if (f == 0x2000) {
                loadCap(rs1P, addr, rdP);
            } else {
                storeCap(rs1P, addr, rdP);
            }
            return next;
        }
        if (f == 0x2002) {
            // C.CLCSP: [12]=uimm[5], [6]=uimm[4], [5:2]=uimm[9:6]; cd = 0 is illegal
            int cd = (h >>> 7) & 31;
            if (cd == 0) {
                throw raise(Cause.ILLEGAL, h);
            }
            long u = ((h >>> 12) & 1) << 5 | ((h >>> 6) & 1) << 4 | ((h >>> 2) & 15) << 6;
            loadCap(2, x[2] + u, cd);
            return next;
        }
        if (f == 0xA002) {
            // C.CSCSP: [12:11]=uimm[5:4], [10:7]=uimm[9:6], [6:2]=cs2
            long u = ((h >>> 11) & 3) << 4 | ((h >>> 7) & 15) << 6;
            storeCap(2, x[2] + u, (h >>> 2) & 31);
            return next;
        }
        return NOT_CAPMODE;
    }

    /**
     * CJALR cd, imm(cs1) (§3.9). Checks in the Sail order: tag, seal (a sentry only with imm 0),
     * Permit_Execute, bounds of the target (2 bytes: C is enabled, so bit 1 of a target is legal).
     */
    private long cjalr(int cd, int cs1, long imm, long next) {
        boolean tag = cs1 != 0 && ctag[cs1];
        long meta = cmeta[cs1];
        long target = (x[cs1] + imm) & ~1L;
        if (!tag) {
            throw capFault(CAP_TAG, cs1, target, 2);
        }
        if (CapFormat.isSealed(meta) && (!CapFormat.isSentry(meta) || imm != 0)) {
            throw capFault(CAP_SEAL, cs1, target, 2);
        }
        if ((meta & P_EXECUTE) == 0) {
            throw capFault(CAP_EXECUTE, cs1, target, 2);
        }
        int bo = 3 * cs1;
        if (!BoundsCodec.inBounds(cbounds[bo], cbounds[bo + 1], cbounds[bo + 2] != 0, target, 2)) {
            throw capFault(CAP_LENGTH, cs1, target, 2);
        }
        long newPcc = CapFormat.isSentry(meta) ? CapFormat.withOtype(meta, Otype.UNSEALED) : meta;
        setCapReg(cd, stag[SCR_PCC], CapFormat.withOtype(smeta[SCR_PCC], Otype.SENTRY), next);
        installPcc(true, newPcc, target);
        return target;
    }

    /** A capability load (LC and friends): checks, 16-byte alignment, tag from memory (§5.2). */
    private void loadCap(int authReg, long addr, int cd) {
        long authMeta = authReg < 0 ? smeta[SCR_DDC] : cmeta[authReg];
        checkAccess(authReg, addr, 16, ACCESS_LOAD, false, 0);
        if ((addr & 15) != 0) {
            throw raise(Cause.LOAD_MISALIGNED, addr);
        }
        if (isDevice(addr, 8)) {
            throw raise(Cause.LOAD_ACCESS, addr);
        }
        Page p = pageFor(addr, Environment.Access.READ, Cause.LOAD_ACCESS);
        int off = (int) addr & PAGE_MASK;
        long a = p.loadCapAddress(off);
        long m = CapFormat.fromMemory(p.loadCapMeta(off));
        boolean memTag = p.tag(off >>> Page.GRANULE_SHIFT);
        if (tracer != null) {
            tracer.capRead(addr, memTag, p.loadCapMeta(off), a);
        }
        boolean tag = memTag && (authMeta & P_LOAD_CAP) != 0;
        if (tag && loadBarrier != null && loadBarrier.revokes(m, a)) {
            tag = false;
        }
        setCapReg(cd, tag, m, a);
    }

    /** A capability store (SC and friends): checks incl. Permit_Store_(Local_)Capability, alignment. */
    private void storeCap(int authReg, long addr, int cs2) {
        boolean tag = cs2 != 0 && ctag[cs2];
        long meta = cmeta[cs2];
        long value = x[cs2];
        checkAccess(authReg, addr, 16, ACCESS_STORE, tag, meta);
        if ((addr & 15) != 0) {
            throw raise(Cause.STORE_MISALIGNED, addr);
        }
        if (isDevice(addr, 8)) {
            throw raise(Cause.STORE_ACCESS, addr);
        }
        Page p = pageFor(addr, Environment.Access.WRITE, Cause.STORE_ACCESS);
        int off = (int) addr & PAGE_MASK;
        noteWrite(p, off, 16);
        if (tracer != null) {
            tracer.capWrite(addr, p.tag(off >>> Page.GRANULE_SHIFT), tag, CapFormat.toMemory(meta), value);
        }
        p.storeCap(off, value, CapFormat.toMemory(meta), tag);
    }

    private boolean t(int r) {
        return r != 0 && ctag[r];
    }

    /** Executes a CHERI instruction (§3); returns the next pc. */
    private long execCheri(int op, int a, long imm, long pc, int raw) {
        int rd = a & 63;
        int rs1 = (a >>> 6) & 31;
        int rs2 = (a >>> 11) & 31;
        long next = pc + (a >>> 24);
        boolean t1 = t(rs1);
        long m1 = cmeta[rs1], a1 = x[rs1];
        boolean t2 = t(rs2);
        long m2 = cmeta[rs2], a2 = x[rs2];
        if (op >= Op.LOAD_EXPLICIT && op < Op.STORE_EXPLICIT) {
            explicitLoad(op - Op.LOAD_EXPLICIT, rd, rs1);
            return next;
        }
        if (op >= Op.STORE_EXPLICIT && op < Op.LC) {
            explicitStore(op - Op.STORE_EXPLICIT, rs1, rs2);
            return next;
        }
        switch (op) {
            case Op.CGETPERM -> intResult(rd, CapOps.getPerm(m1));
            case Op.CGETTYPE -> intResult(rd, CapOps.getType(m1));
            case Op.CGETBASE -> intResult(rd, CapOps.getBase(m1, a1));
            case Op.CGETLEN -> intResult(rd, CapOps.getLen(m1, a1));
            case Op.CGETTOP -> intResult(rd, CapOps.getTop(m1, a1));
            case Op.CGETTAG -> intResult(rd, t1 ? 1 : 0);
            case Op.CGETSEALED -> intResult(rd, CapOps.getSealed(m1));
            case Op.CGETOFFSET -> intResult(rd, CapOps.getOffset(m1, a1));
            case Op.CGETFLAGS -> intResult(rd, CapOps.getFlags(m1));
            case Op.CGETADDR -> intResult(rd, a1);
            case Op.CGETHIGH -> intResult(rd, CapOps.getHigh(m1));
            case Op.CRRL -> intResult(rd, SetBounds.crrl(a1));
            case Op.CRAM -> intResult(rd, SetBounds.cram(a1));
            case Op.CMOVE -> setCapReg(rd, t1, m1, a1);
            case Op.CCLEARTAG -> setCapReg(rd, false, m1, a1);
            case Op.CSEALENTRY -> {
                CapOps.sealEntry(t1, m1, a1, cr);
                setCapReg(rd, cr);
            }
            case Op.CANDPERM -> {
                CapOps.andPerm(t1, m1, a1, a2, cr);
                setCapReg(rd, cr);
            }
            case Op.CSETFLAGS -> {
                CapOps.setFlags(t1, m1, a1, a2, cr);
                setCapReg(rd, cr);
            }
            case Op.CSETADDR -> {
                CapOps.setAddr(t1, m1, a1, a2, cr);
                setCapReg(rd, cr);
            }
            case Op.CINCOFFSET -> {
                CapOps.incOffset(t1, m1, a1, a2, cr);
                setCapReg(rd, cr);
            }
            case Op.CINCOFFSETIMM -> {
                CapOps.incOffset(t1, m1, a1, imm, cr);
                setCapReg(rd, cr);
            }
            case Op.CSETOFFSET -> {
                CapOps.setOffset(t1, m1, a1, a2, cr);
                setCapReg(rd, cr);
            }
            case Op.CSETBOUNDS -> {
                CapOps.setBounds(t1, m1, a1, a2, cr);
                setCapReg(rd, cr);
            }
            case Op.CSETBOUNDSIMM -> {
                CapOps.setBounds(t1, m1, a1, imm, cr);
                setCapReg(rd, cr);
            }
            case Op.CSETBOUNDSEXACT -> {
                CapOps.setBoundsExact(t1, m1, a1, a2, cr);
                setCapReg(rd, cr);
            }
            case Op.CSETHIGH -> {
                CapOps.setHigh(m1, a1, a2, cr);
                setCapReg(rd, cr);
            }
            case Op.CSEAL -> {
                CapOps.seal(t1, m1, a1, t2, m2, a2, cr);
                setCapReg(rd, cr);
            }
            case Op.CUNSEAL -> {
                CapOps.unseal(t1, m1, a1, t2, m2, a2, cr);
                setCapReg(rd, cr);
            }
            case Op.CCSEAL -> {
                CapOps.conditionalSeal(t1, m1, a1, t2, m2, a2, cr);
                setCapReg(rd, cr);
            }
            case Op.CCOPYTYPE -> {
                CapOps.copyType(t1, m1, a1, t2, m2, a2, cr);
                setCapReg(rd, cr);
            }
            case Op.CBUILDCAP -> {
                // cs1 = c0 means DDC
                if (rs1 == 0) {
                    CapOps.buildCap(stag[SCR_DDC], smeta[SCR_DDC], saddr[SCR_DDC], t2, m2, a2, cr);
                } else {
                    CapOps.buildCap(t1, m1, a1, t2, m2, a2, cr);
                }
                setCapReg(rd, cr);
            }
            case Op.CTESTSUBSET -> {
                boolean r = rs1 == 0
                        ? CapOps.testSubset(stag[SCR_DDC], smeta[SCR_DDC], saddr[SCR_DDC], t2, m2, a2)
                        : CapOps.testSubset(t1, m1, a1, t2, m2, a2);
                intResult(rd, r ? 1 : 0);
            }
            case Op.CSETEQUALEXACT -> intResult(rd, CapOps.setEqualExact(t1, m1, a1, t2, m2, a2) ? 1 : 0);
            case Op.CSUB -> intResult(rd, a1 - a2);
            case Op.CTOPTR -> {
                // cs2 = c0 means DDC
                long base = rs2 == 0 ? sbounds[3] : CapOps.getBase(m2, a2);
                intResult(rd, t1 ? a1 - base : 0);
            }
            case Op.CFROMPTR -> {
                // rs2 = 0 gives NULL; otherwise CSetOffset on cs1 (c0 means DDC). The Sail model
                // uses the fast representability check here, QEMU the precise one (§8.1): we follow Sail.
                if (a2 == 0) {
                    setCapReg(rd, false, NULL_META, 0);
                } else {
                    if (rs1 == 0) {
                        CapOps.setOffset(stag[SCR_DDC], smeta[SCR_DDC], saddr[SCR_DDC], a2, cr);
                    } else {
                        CapOps.setOffset(t1, m1, a1, a2, cr);
                    }
                    setCapReg(rd, cr);
                }
            }
            case Op.CCLEAR, Op.FPCLEAR -> {
                int q = (int) (imm >>> 8) & 3;
                int mask = (int) imm & 0xFF;
                for (int i = 0; i < 8; i++) {
                    if ((mask >>> i & 1) == 0) {
                        continue;
                    }
                    int r = 8 * q + i;
                    if (op == Op.FPCLEAR) {
                        if ((mstatus & MSTATUS_FS) == 0) {
                            throw raise(Cause.ILLEGAL, raw & 0xFFFFFFFFL);
                        }
                        setD(r, 0);
                    } else if (r == 0) {
                        installDdc(false, NULL_META, 0);       // CClear q=0, bit 0 clears DDC
                    } else {
                        x[r] = 0;
                        setIntReg(r);
                    }
                }
            }
            case Op.CLOADTAGS -> intResult(rd, loadTags(rs1, a1));
            case Op.JALR_CAP -> {
                return cjalr(rd, rs1, 0, next);
            }
            case Op.JALR_PCC -> {
                long target = a1 & ~1L;
                checkPccTarget(target);
                intResult(rd, next);
                return target;
            }
            case Op.CINVOKE -> {
                return cinvoke(rs1, rs2);
            }
            case Op.CSPECIALRW -> cspecialrw(rd, rs1, rs2, pc, raw);
            case Op.LC -> loadCap(capMode ? rs1 : AUTH_DDC, a1 + imm, rd);
            case Op.SC -> storeCap(capMode ? rs1 : AUTH_DDC, a1 + imm, rs2);
            case Op.LR_C -> {
                loadCap(capMode ? rs1 : AUTH_DDC, a1, rd);
                reservation = a1;
                reservationValue = x[rd & 31];
            }
            case Op.SC_C -> intResult(rd, storeCapConditional(capMode ? rs1 : AUTH_DDC, a1, rs2));
            case Op.LR_B, Op.LR_H -> intResult(rd, loadReserved(capMode ? rs1 : AUTH_DDC, a1, op == Op.LR_B ? 1 : 2));
            case Op.SC_B, Op.SC_H -> intResult(rd, storeConditional(capMode ? rs1 : AUTH_DDC, a1,
                    op == Op.SC_B ? 1 : 2, a2));
            case Op.AMOSWAP_C -> {
                int auth = capMode ? rs1 : AUTH_DDC;
                checkAccess(auth, a1, 16, ACCESS_LOAD | ACCESS_STORE, t2, m2);
                boolean ot = t2;
                long om = m2, oa = a2;
                loadCap(auth, a1, rd);          // rd := old value (tag cleared without Permit_Load_Capability)
                int tmp = rd == rs2 ? -1 : rs2;
                if (tmp < 0) {
                    // cd = cs2: store the value cs2 held before the load
                    Page p = pageFor(a1, Environment.Access.WRITE, Cause.STORE_ACCESS);
                    int off = (int) a1 & PAGE_MASK;
                    noteWrite(p, off, 16);
                    if (tracer != null) {
                        tracer.capWrite(a1, p.tag(off >>> Page.GRANULE_SHIFT), ot, CapFormat.toMemory(om), oa);
                    }
                    p.storeCap(off, oa, CapFormat.toMemory(om), ot);
                } else {
                    storeCap(auth, a1, rs2);
                }
            }
            default -> throw raise(Cause.ILLEGAL, raw & 0xFFFFFFFFL);
        }
        return next;
    }

    private void intResult(int rd, long v) {
        x[rd] = v;
        setIntReg(rd);
    }

    /** CLoadTags rd, (cs1) (§5.3): tags of the four granules of a 64-byte block. */
    private long loadTags(int cs1, long addr) {
        boolean tag = t(cs1);
        long meta = cmeta[cs1];
        if (!tag) {
            throw capFault(CAP_TAG, cs1, addr, 64);
        }
        if (CapFormat.isSealed(meta)) {
            throw capFault(CAP_SEAL, cs1, addr, 64);
        }
        if ((meta & P_LOAD) == 0) {
            throw capFault(CAP_LOAD, cs1, addr, 64);
        }
        if ((meta & P_LOAD_CAP) == 0) {
            throw capFault(CAP_LOAD_CAP, cs1, addr, 64);
        }
        int bo = 3 * cs1;
        if (!BoundsCodec.inBounds(cbounds[bo], cbounds[bo + 1], cbounds[bo + 2] != 0, addr, 64)) {
            throw capFault(CAP_LENGTH, cs1, addr, 64);
        }
        if ((addr & 63) != 0) {
            throw raise(Cause.LOAD_MISALIGNED, addr);
        }
        Page p = pageFor(addr, Environment.Access.READ, Cause.LOAD_ACCESS);
        return p.tagBits(((int) addr & PAGE_MASK) >>> Page.GRANULE_SHIFT, 4);
    }

    /** SC.C and SC.C.DDC/.CAP: 0 on success, 1 on failure. */
    private long storeCapConditional(int auth, long addr, int cs2) {
        boolean tag = t(cs2);
        checkAccess(auth, addr, 16, ACCESS_STORE, tag, cmeta[cs2]);
        if ((addr & 15) != 0) {
            throw raise(Cause.STORE_MISALIGNED, addr);
        }
        Page reserved = reservation == addr ? mem.page(addr >>> Page.SHIFT) : null;
        boolean ok = reserved != null && mem.loadCapAddress(addr) == reservationValue;
        if (reserved != null && tracer != null) {
            // the comparison reads the capability in memory (QEMU-CHERI's SC.C helper loads it too)
            int off = (int) addr & PAGE_MASK;
            tracer.capRead(addr, reserved.tag(off >>> Page.GRANULE_SHIFT), reserved.loadCapMeta(off),
                    reserved.loadCapAddress(off));
        }
        reservation = -1;
        if (!ok) {
            return 1;
        }
        storeCap(auth, addr, cs2);
        return 0;
    }

    /** §3.6 explicit-address loads: .DDC (authority DDC, address x[rs1]) and .CAP (authority cs1). */
    private void explicitLoad(int sel, int rd, int rs1) {
        int auth = (sel & 8) != 0 ? rs1 : AUTH_DDC;
        long addr = x[rs1];
        if ((sel & 0x17) == 0x17) {                  // LC.DDC / LC.CAP
            loadCap(auth, addr, rd);
            return;
        }
        if ((sel & 0x17) == 0x14) {                  // LR.C.DDC / LR.C.CAP (QEMU: cursor only, §8.3)
            loadCap(auth, addr, rd);
            reservation = addr;
            reservationValue = x[rd & 31];
            return;
        }
        boolean lr = (sel & 0x10) != 0;
        int size = 1 << (sel & 3);
        if (lr) {
            intResult(rd, loadReserved(auth, addr, size));
            return;
        }
        boolean unsigned = (sel & 4) != 0;
        checkAccess(auth, addr, size, ACCESS_LOAD, false, 0);
        long v = switch (size) {
            case 1 -> unsigned ? load8(addr, AUTH_CHECKED) : (byte) load8(addr, AUTH_CHECKED);
            case 2 -> unsigned ? load16(addr, AUTH_CHECKED) : (short) load16(addr, AUTH_CHECKED);
            case 4 -> unsigned ? load32(addr, AUTH_CHECKED) & 0xFFFFFFFFL : load32(addr, AUTH_CHECKED);
            default -> load64(addr, AUTH_CHECKED);
        };
        intResult(rd, v);
    }

    /**
     * A data load-reserved of {@code size} bytes (LR.B/H in the AMO space, explicit LR.B/H/W/D):
     * checked against {@code auth}, then aligned, sign-extended; sets the reservation.
     */
    private long loadReserved(int auth, long addr, int size) {
        checkAccess(auth, addr, size, ACCESS_LOAD, false, 0);
        if ((addr & (size - 1)) != 0) {
            throw raise(Cause.LOAD_MISALIGNED, addr);
        }
        long v = switch (size) {
            case 1 -> (byte) load8(addr, AUTH_CHECKED);
            case 2 -> (short) load16(addr, AUTH_CHECKED);
            case 4 -> load32(addr, AUTH_CHECKED);
            default -> load64(addr, AUTH_CHECKED);
        };
        reservation = addr;
        reservationValue = v;
        return v;
    }

    /**
     * A data store-conditional of {@code size} bytes (SC.B/H in the AMO space, explicit SC.B/H/W/D):
     * checked against {@code auth}, then aligned; stores (clearing the tags it touches) only if
     * the reservation is for {@code addr} and memory still holds the reserved value. 0 on
     * success, 1 on failure; the reservation is gone either way.
     */
    private long storeConditional(int auth, long addr, int size, long v) {
        checkAccess(auth, addr, size, ACCESS_STORE, false, 0);
        if ((addr & (size - 1)) != 0) {
            throw raise(Cause.STORE_MISALIGNED, addr);
        }
        long mask = size == 8 ? -1L : (1L << (8 * size)) - 1;
        boolean ok = reservation == addr
                && (loadSlow(addr, size, AUTH_CHECKED) & mask) == (reservationValue & mask);
        reservation = -1;
        if (ok) {
            storeSlow(addr, size, v, AUTH_CHECKED);
        }
        return ok ? 0 : 1;
    }

    /** §3.6 explicit-address stores; store-conditionals write 0/1 back into rs2. */
    private void explicitStore(int sel, int rs1, int rs2) {
        int auth = (sel & 8) != 0 ? rs1 : AUTH_DDC;
        long addr = x[rs1];
        if ((sel & 0x17) == 0x04) {                  // SC.DDC / SC.CAP
            storeCap(auth, addr, rs2);
            return;
        }
        if ((sel & 0x17) == 0x14) {                  // SC.C.DDC / SC.C.CAP
            long r = storeCapConditional(auth, addr, rs2);
            intResult(rs2, r);
            return;
        }
        boolean cond = (sel & 0x10) != 0;
        int size = 1 << (sel & 3);
        long v = x[rs2];
        if (cond) {
            intResult(rs2, storeConditional(auth, addr, size, v));
            return;
        }
        checkAccess(auth, addr, size, ACCESS_STORE, false, 0);
        storeSlow(addr, size, v, AUTH_CHECKED);
    }

    /** CInvoke cs1, cs2 (§3.9): jumps to unseal(cs1), c31 := unseal(cs2). */
    private long cinvoke(int cs1, int cs2) {
        boolean t1 = t(cs1), t2 = t(cs2);
        long m1 = cmeta[cs1], m2 = cmeta[cs2];
        long target = x[cs1] & ~1L;
        int o1 = CapFormat.otype(m1), o2 = CapFormat.otype(m2);
        if (!t1) {
            throw capFault(CAP_TAG, cs1, target, 2);
        }
        if (!t2) {
            throw capFault(CAP_TAG, cs2, target, 2);
        }
        if (!CapFormat.isSealed(m1) || Otype.isReserved(o1)) {
            throw capFault(CAP_SEAL, cs1, target, 2);
        }
        if (!CapFormat.isSealed(m2) || Otype.isReserved(o2)) {
            throw capFault(CAP_SEAL, cs2, target, 2);
        }
        if (o1 != o2) {
            throw capFault(CAP_TYPE, cs1, target, 2);
        }
        if ((m1 & P_CINVOKE) == 0) {
            throw capFault(CAP_CINVOKE, cs1, target, 2);
        }
        if ((m2 & P_CINVOKE) == 0) {
            throw capFault(CAP_CINVOKE, cs2, target, 2);
        }
        if ((m1 & P_EXECUTE) == 0) {
            throw capFault(CAP_EXECUTE, cs1, target, 2);
        }
        if ((m2 & P_EXECUTE) != 0) {
            throw capFault(CAP_EXECUTE, cs2, target, 2);
        }
        int bo = 3 * cs1;
        if (!BoundsCodec.inBounds(cbounds[bo], cbounds[bo + 1], cbounds[bo + 2] != 0, target, 2)) {
            throw capFault(CAP_LENGTH, cs1, target, 2);
        }
        long a2 = x[cs2];
        installPcc(true, CapFormat.withOtype(m1, Otype.UNSEALED), target);
        setCapReg(31, true, CapFormat.withOtype(m2, Otype.UNSEALED), a2);
        return target;
    }

    /**
     * CSpecialRW cd, scr, cs1 (§3.5). The hart has M and U mode and no N extension, so the SCRs
     * that exist are PCC, DDC and the machine ones (MTCC, MTDC, MScratchC, MEPCC); the U (needs N)
     * and S ones are illegal-instruction, as the Sail model makes absent SCRs. MScratchC is a
     * register of its own, not an alias of mscratch (Sail; SPEC9 aliases them, §8.5).
     */
    private void cspecialrw(int cd, int cs1, int scr, long pc, int raw) {
        boolean exists = scr == SCR_PCC || scr == SCR_DDC || (scr >= SCR_MTCC && scr <= SCR_MEPCC);
        if (!exists || (scr == SCR_PCC && cs1 != 0) || (scr >= SCR_MTCC && priv < PRIV_M)) {
            throw raise(Cause.ILLEGAL, raw & 0xFFFFFFFFL);
        }
        if (scr >= 2 && !pccHas(P_ASR)) {
            throw capFault(CAP_ASR, IDX_PCC | scr, 0, 0);
        }
        boolean ot = stag[scr];
        long om = smeta[scr];
        long oa = switch (scr) {
            case SCR_PCC -> pc;
            case SCR_MTCC -> mtvec;
            case SCR_MEPCC -> mepc & ~1L;     // legalized read: bit 0 cleared (C enabled)
            default -> saddr[scr];
        };
        if (cs1 != 0) {
            boolean nt = t(cs1);
            long nm = cmeta[cs1], na = x[cs1];
            switch (scr) {
                case SCR_DDC -> installDdc(nt, nm, na);
                case SCR_MTCC -> {
                    // legalized like mtvec (mode bits 0/1 only); a changed address clears per CSetAddr
                    long mode = na & 3;
                    long legal = (na & ~3L) | (mode <= 1 ? mode : 0);
                    if (legal != na) {
                        CapOps.setAddr(nt, nm, na, legal, cr);
                        nt = cr.tag;
                    }
                    stag[scr] = nt;
                    smeta[scr] = nm;
                    mtvec = legal;
                    mtvecWritten = true;
                }
                case SCR_MEPCC -> {
                    stag[scr] = nt;
                    smeta[scr] = nm;
                    mepc = na;                 // stored verbatim
                }
                default -> {
                    stag[scr] = nt;
                    smeta[scr] = nm;
                    saddr[scr] = na;
                }
            }
        }
        setCapReg(cd, ot, om, oa);
    }

    // ================================================================== CSRs

    public static final int CSR_FFLAGS = 0x001, CSR_FRM = 0x002, CSR_FCSR = 0x003;
    public static final int CSR_CYCLE = 0xC00, CSR_TIME = 0xC01, CSR_INSTRET = 0xC02;
    public static final int CSR_MSTATUS = 0x300, CSR_MISA = 0x301, CSR_MEDELEG = 0x302, CSR_MIDELEG = 0x303,
            CSR_MIE = 0x304, CSR_MTVEC = 0x305, CSR_MCOUNTEREN = 0x306, CSR_MCOUNTINHIBIT = 0x320;
    public static final int CSR_MSCRATCH = 0x340, CSR_MEPC = 0x341, CSR_MCAUSE = 0x342, CSR_MTVAL = 0x343,
            CSR_MIP = 0x344;
    public static final int CSR_MCYCLE = 0xB00, CSR_MINSTRET = 0xB02;
    public static final int CSR_MVENDORID = 0xF11, CSR_MARCHID = 0xF12, CSR_MIMPID = 0xF13,
            CSR_MHARTID = 0xF14, CSR_MCONFIGPTR = 0xF15;

    /** Privilege and read-only checks (csr[9:8] is the lowest privilege, csr[11:10]=3 read-only). */
    private void checkCsrAccess(int csr, boolean write, int raw) {
        int minPriv = (csr >>> 8) & 3;
        if (priv < minPriv || (write && (csr >>> 10) == 3)) {
            throw raise(Cause.ILLEGAL, raw & 0xFFFFFFFFL);
        }
        // §4.4: every CSR access needs PCC.ASR (the Sail model has no whitelist; §8.4)
        if (cheriActive && !pccHas(P_ASR)) {
            throw capFault(CAP_ASR, IDX_PCC, pc, 0);
        }
        if (csr <= CSR_FCSR && (mstatus & MSTATUS_FS) == 0) {
            throw raise(Cause.ILLEGAL, raw & 0xFFFFFFFFL);
        }
        if (csr >= CSR_CYCLE && csr <= 0xC1F && priv < PRIV_M && (mcounteren >>> (csr & 31) & 1) == 0) {
            throw raise(Cause.ILLEGAL, raw & 0xFFFFFFFFL);
        }
    }

    /** Timer frequency of the time CSR: 10 MHz, derived from instret at a nominal 100 MIPS. */
    public long time() {
        return (instret + timeSkew) / 10;
    }

    // ------------------------------------------------------------------ machine timer (CLINT)

    /** Gives this hart a machine timer and software interrupt (the board's CLINT). */
    public void enableTimer() {
        hasTimer = true;
    }

    /**
     * mtime (see {@link #time()}) as the time CSR reads it: exact, since CSR instructions
     * synchronise the instruction count.
     */
    public long mtime() {
        return time();
    }

    /**
     * mtime as a load from the CLINT sees it. The instruction count is synchronised lazily
     * inside the interpreter loop, so each such read also moves time on by one tick: a guest
     * polling mtime always sees it advance.
     */
    public long mtimeForLoad() {
        timeSkew += 10;
        return time();
    }

    public void setMtime(long value) {
        timeSkew = value * 10 - instret;
    }

    public long mtimecmp() {
        return mtimecmp;
    }

    public void setMtimecmp(long value) {
        mtimecmp = value;
    }

    public boolean msip() {
        return msip;
    }

    public void setMsip(boolean pending) {
        msip = pending;
    }

    /**
     * True if an enabled interrupt source exists and interrupts are globally enabled, so the
     * interpreter must come back to {@link #updateTimerPending} periodically. (Leaving the inner
     * loop every quantum when no interrupt can be taken would only cost time.)
     */
    private boolean interruptsCouldBeTaken() {
        return (mie & (MIP_MTIP | MIP_MSIP)) != 0 && (priv < PRIV_M || (mstatus & MSTATUS_MIE) != 0);
    }

    private void updateTimerPending() {
        long m = mip & ~(MIP_MTIP | MIP_MSIP);
        if (Long.compareUnsigned(time(), mtimecmp) >= 0) {
            m |= MIP_MTIP;
        }
        if (msip) {
            m |= MIP_MSIP;
        }
        mip = m;
    }

    /** WFI: with the timer interrupt enabled and armed, time jumps to mtimecmp; otherwise a hint. */
    private void waitForInterrupt() {
        if (!hasTimer) {
            return;
        }
        updateTimerPending();
        if ((mip & mie) == 0 && (mie & MIP_MTIP) != 0 && mtimecmp != -1L
                && Long.compareUnsigned(time(), mtimecmp) < 0) {
            long ticks = mtimecmp - time();
            if (ticks > 0 && ticks < Long.MAX_VALUE / 20) {
                timeSkew += ticks * 10;
            }
        }
    }

    private long csrRead(int csr, int raw) {
        switch (csr) {
            case CSR_FFLAGS:
                return fpu.flags & 31;
            case CSR_FRM:
                return frm;
            case CSR_FCSR:
                return (frm << 5) | (fpu.flags & 31);
            case CSR_CYCLE, CSR_INSTRET, CSR_MCYCLE, CSR_MINSTRET:
                return instret;
            case CSR_TIME:
                return time();
            case CSR_MSTATUS:
                return mstatus;
            case CSR_MISA:
                return MISA;
            case CSR_MEDELEG, CSR_MIDELEG:
                return 0;
            case CSR_MIE:
                return mie;
            case CSR_MTVEC:
                return mtvec;
            case CSR_MCOUNTEREN:
                return mcounteren;
            case CSR_MCOUNTINHIBIT:
                return mcountinhibit;
            case CSR_MSCRATCH:
                return mscratch;
            case CSR_MEPC:
                return mepc & ~1L;
            case CSR_MCAUSE:
                return mcause;
            case CSR_MTVAL:
                return mtval;
            case CSR_MIP:
                if (hasTimer) {
                    updateTimerPending();
                }
                return mip;
            case CSR_MVENDORID, CSR_MARCHID, CSR_MIMPID, CSR_MCONFIGPTR:
                return 0;
            case CSR_MHARTID:
                return hartId;
            default:
                if ((csr >= 0xC03 && csr <= 0xC1F) || (csr >= 0xB03 && csr <= 0xB1F)
                        || (csr >= 0x323 && csr <= 0x33F)) {
                    return 0;                  // hpm counters and events: not implemented, read 0
                }
                if (csr >= 0x3A0 && csr <= 0x3EF) {
                    return 0;                  // PMP: no regions (WARL 0)
                }
                throw raise(Cause.ILLEGAL, raw & 0xFFFFFFFFL);
        }
    }

    private void csrWrite(int csr, long v, int raw) {
        switch (csr) {
            case CSR_FFLAGS -> {
                fpu.flags = (int) v & 31;
                markFsDirty();
            }
            case CSR_FRM -> {
                frm = (int) v & 7;
                markFsDirty();
            }
            case CSR_FCSR -> {
                fpu.flags = (int) v & 31;
                frm = (int) (v >>> 5) & 7;
                markFsDirty();
            }
            case CSR_MSTATUS -> {
                long s = (mstatus & ~MSTATUS_WRITABLE) | (v & MSTATUS_WRITABLE);
                long mpp = (s & MSTATUS_MPP) >>> 11;
                if (mpp != PRIV_M && mpp != PRIV_U) {
                    s &= ~MSTATUS_MPP;         // WARL: only M and U exist
                }
                mstatus = withSd(s);
            }
            case CSR_MIE -> mie = v & MIE_MASK;
            case CSR_MTVEC -> {
                long mode = v & 3;
                long nv = (v & ~3L) | (mode <= 1 ? mode : 0);
                // writing the CSR sets MTCC's address with CSetAddr semantics (§3.5)
                capCsrWrite(SCR_MTCC, mtvec, nv);
                mtvec = nv;
                mtvecWritten = true;
            }
            case CSR_MCOUNTEREN -> mcounteren = v & 0xFFFFFFFFL;
            case CSR_MCOUNTINHIBIT -> mcountinhibit = v & 0xFFFFFFFDL;
            case CSR_MSCRATCH -> mscratch = v;
            case CSR_MEPC -> {
                capCsrWrite(SCR_MEPCC, mepc, v & ~1L);
                mepc = v & ~1L;
            }
            case CSR_MCAUSE -> mcause = v;
            case CSR_MTVAL -> mtval = v;
            case CSR_MCYCLE, CSR_MINSTRET -> instret = v;
            default -> {
                // medeleg/mideleg (no S-mode), mip (no software-writable bits), PMP and hpm: WARL 0
            }
        }
    }

    private static long withSd(long s) {
        return (s & MSTATUS_FS) == MSTATUS_FS ? s | MSTATUS_SD : s & ~MSTATUS_SD;
    }

    private void markFsDirty() {
        mstatus |= MSTATUS_FS | MSTATUS_SD;
    }

    // ================================================================== floating point

    private static final long BOX = 0xFFFFFFFF00000000L;

    /** The single-precision value of a register: NaN-boxed, else the canonical NaN. */
    private int s(int reg) {
        long v = f[reg];
        return (v & BOX) == BOX ? (int) v : Fpu.CANONICAL_NAN32;
    }

    private void setS(int reg, int bits) {
        f[reg] = BOX | (bits & 0xFFFFFFFFL);
        mstatus |= MSTATUS_FS | MSTATUS_SD;
    }

    private void setD(int reg, long bits) {
        f[reg] = bits;
        mstatus |= MSTATUS_FS | MSTATUS_SD;
    }

    void fpLoadStore(int op, int a, long imm, long pc) {
        if ((mstatus & MSTATUS_FS) == 0) {
            throw raise(Cause.ILLEGAL, rawAt(pc));
        }
        int rs1 = (a >>> 6) & 31;
        long addr = x[rs1] + imm;
        switch (op) {
            case Op.FLW -> setS(a & 31, load32(addr, rs1));
            case Op.FLD -> setD(a & 31, load64(addr, rs1));
            case Op.FSW -> store32(addr, (int) f[(a >>> 11) & 31], rs1);
            default -> store64(addr, f[(a >>> 11) & 31], rs1);
        }
    }

    private long rawAt(long pc) {
        DecodedPage dp = fetchPage(pc);
        return dp.raw[(int) (pc - dp.base) >>> 1] & 0xFFFFFFFFL;
    }

    /** Resolves the rounding mode of an instruction (7 = frm); invalid modes are illegal. */
    private int roundingMode(int rm, int raw) {
        int r = rm == 7 ? frm : rm;
        if (r > 4) {
            throw raise(Cause.ILLEGAL, raw & 0xFFFFFFFFL);
        }
        return r;
    }

    void execFp(int op, int a, int raw) {
        if ((mstatus & MSTATUS_FS) == 0) {
            throw raise(Cause.ILLEGAL, raw & 0xFFFFFFFFL);
        }
        final Fpu u = fpu;
        int rd = a & 63;
        int r1 = (a >>> 6) & 31;
        int r2 = (a >>> 11) & 31;
        int r3 = (a >>> 16) & 31;
        int rmField = (a >>> 21) & 7;
        int xd = rd;            // integer destination (may be the sink)
        int fd = rd & 31;
        switch (op) {
            case Op.FMADD_S -> setS(fd, u.fmadd32(s(r1), s(r2), s(r3), roundingMode(rmField, raw)));
            case Op.FMSUB_S -> setS(fd, u.fmsub32(s(r1), s(r2), s(r3), roundingMode(rmField, raw)));
            case Op.FNMSUB_S -> setS(fd, u.fnmsub32(s(r1), s(r2), s(r3), roundingMode(rmField, raw)));
            case Op.FNMADD_S -> setS(fd, u.fnmadd32(s(r1), s(r2), s(r3), roundingMode(rmField, raw)));
            case Op.FADD_S -> setS(fd, u.add32(s(r1), s(r2), roundingMode(rmField, raw)));
            case Op.FSUB_S -> setS(fd, u.sub32(s(r1), s(r2), roundingMode(rmField, raw)));
            case Op.FMUL_S -> setS(fd, u.mul32(s(r1), s(r2), roundingMode(rmField, raw)));
            case Op.FDIV_S -> setS(fd, u.div32(s(r1), s(r2), roundingMode(rmField, raw)));
            case Op.FSQRT_S -> setS(fd, u.sqrt32(s(r1), roundingMode(rmField, raw)));
            case Op.FSGNJ_S -> setS(fd, (s(r1) & 0x7FFFFFFF) | (s(r2) & 0x80000000));
            case Op.FSGNJN_S -> setS(fd, (s(r1) & 0x7FFFFFFF) | (~s(r2) & 0x80000000));
            case Op.FSGNJX_S -> setS(fd, s(r1) ^ (s(r2) & 0x80000000));
            case Op.FMIN_S -> setS(fd, u.min32(s(r1), s(r2)));
            case Op.FMAX_S -> setS(fd, u.max32(s(r1), s(r2)));
            case Op.FCVT_W_S -> x[xd] = u.toInt32From32(s(r1), roundingMode(rmField, raw));
            case Op.FCVT_WU_S -> x[xd] = u.toUInt32From32(s(r1), roundingMode(rmField, raw));
            case Op.FCVT_L_S -> x[xd] = u.toInt64From32(s(r1), roundingMode(rmField, raw));
            case Op.FCVT_LU_S -> x[xd] = u.toUInt64From32(s(r1), roundingMode(rmField, raw));
            case Op.FMV_X_W -> x[xd] = (int) f[r1];
            case Op.FCLASS_S -> x[xd] = Fpu.classify32(s(r1));
            case Op.FEQ_S -> x[xd] = u.eq32(s(r1), s(r2)) ? 1 : 0;
            case Op.FLT_S -> x[xd] = u.lt32(s(r1), s(r2)) ? 1 : 0;
            case Op.FLE_S -> x[xd] = u.le32(s(r1), s(r2)) ? 1 : 0;
            case Op.FCVT_S_W -> setS(fd, u.fromInt32To32((int) x[r1], roundingMode(rmField, raw)));
            case Op.FCVT_S_WU -> setS(fd, u.fromUInt32To32((int) x[r1], roundingMode(rmField, raw)));
            case Op.FCVT_S_L -> setS(fd, u.fromInt64To32(x[r1], roundingMode(rmField, raw)));
            case Op.FCVT_S_LU -> setS(fd, u.fromUInt64To32(x[r1], roundingMode(rmField, raw)));
            case Op.FMV_W_X -> setS(fd, (int) x[r1]);
            case Op.FMADD_D -> setD(fd, u.fmadd64(f[r1], f[r2], f[r3], roundingMode(rmField, raw)));
            case Op.FMSUB_D -> setD(fd, u.fmsub64(f[r1], f[r2], f[r3], roundingMode(rmField, raw)));
            case Op.FNMSUB_D -> setD(fd, u.fnmsub64(f[r1], f[r2], f[r3], roundingMode(rmField, raw)));
            case Op.FNMADD_D -> setD(fd, u.fnmadd64(f[r1], f[r2], f[r3], roundingMode(rmField, raw)));
            case Op.FADD_D -> setD(fd, u.add64(f[r1], f[r2], roundingMode(rmField, raw)));
            case Op.FSUB_D -> setD(fd, u.sub64(f[r1], f[r2], roundingMode(rmField, raw)));
            case Op.FMUL_D -> setD(fd, u.mul64(f[r1], f[r2], roundingMode(rmField, raw)));
            case Op.FDIV_D -> setD(fd, u.div64(f[r1], f[r2], roundingMode(rmField, raw)));
            case Op.FSQRT_D -> setD(fd, u.sqrt64(f[r1], roundingMode(rmField, raw)));
            case Op.FSGNJ_D -> setD(fd, (f[r1] & Long.MAX_VALUE) | (f[r2] & Long.MIN_VALUE));
            case Op.FSGNJN_D -> setD(fd, (f[r1] & Long.MAX_VALUE) | (~f[r2] & Long.MIN_VALUE));
            case Op.FSGNJX_D -> setD(fd, f[r1] ^ (f[r2] & Long.MIN_VALUE));
            case Op.FMIN_D -> setD(fd, u.min64(f[r1], f[r2]));
            case Op.FMAX_D -> setD(fd, u.max64(f[r1], f[r2]));
            case Op.FCVT_S_D -> setS(fd, u.doubleToSingle(f[r1], roundingMode(rmField, raw)));
            case Op.FCVT_D_S -> {
                roundingMode(rmField, raw);
                setD(fd, u.singleToDouble(s(r1)));
            }
            case Op.FCVT_W_D -> x[xd] = u.toInt32From64(f[r1], roundingMode(rmField, raw));
            case Op.FCVT_WU_D -> x[xd] = u.toUInt32From64(f[r1], roundingMode(rmField, raw));
            case Op.FCVT_L_D -> x[xd] = u.toInt64From64(f[r1], roundingMode(rmField, raw));
            case Op.FCVT_LU_D -> x[xd] = u.toUInt64From64(f[r1], roundingMode(rmField, raw));
            case Op.FMV_X_D -> x[xd] = f[r1];
            case Op.FCLASS_D -> x[xd] = Fpu.classify64(f[r1]);
            case Op.FEQ_D -> x[xd] = u.eq64(f[r1], f[r2]) ? 1 : 0;
            case Op.FLT_D -> x[xd] = u.lt64(f[r1], f[r2]) ? 1 : 0;
            case Op.FLE_D -> x[xd] = u.le64(f[r1], f[r2]) ? 1 : 0;
            case Op.FCVT_D_W -> setD(fd, u.fromInt32To64((int) x[r1], roundingMode(rmField, raw)));
            case Op.FCVT_D_WU -> setD(fd, u.fromUInt32To64((int) x[r1], roundingMode(rmField, raw)));
            case Op.FCVT_D_L -> setD(fd, u.fromInt64To64(x[r1], roundingMode(rmField, raw)));
            case Op.FCVT_D_LU -> setD(fd, u.fromUInt64To64(x[r1], roundingMode(rmField, raw)));
            case Op.FMV_D_X -> setD(fd, x[r1]);
            default -> throw raise(Cause.ILLEGAL, raw & 0xFFFFFFFFL);
        }
        if (u.flags != 0) {
            mstatus |= MSTATUS_FS | MSTATUS_SD;
        }
    }
}
