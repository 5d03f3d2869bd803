package org.cheriemu.emulator.cpu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.cheriemu.emulator.fpu.Fpu;
import org.cheriemu.isa.memory.Page;
import org.cheriemu.isa.memory.TaggedMemory;

/**
 * One RV64GC hart (M and U privilege) and its interpreter.
 *
 * <h2>Execution model</h2>
 * Instructions are decoded once into a per-page {@link DecodedPage} (hung off
 * {@link Page#execCache}) and executed by {@link #run} with a {@code switch} on a dense int
 * opcode. A store to a page holding decoded code drops the page's decode cache (pages with
 * decoded code never sit in the store TLB, so only the slow path sees them), as does fence.i.
 *
 * <h2>Memory</h2>
 * Every data access goes through the {@code load*}/{@code store*} methods, which take the
 * address and the index of the register that authorises the access (for CHERI: the base
 * capability, or DDC in integer mode); they are the single place where a capability check goes.
 * They look up a direct-mapped software TLB of {@link Page} references (one per access kind)
 * and fall back to {@link #pageFor} on a miss. Misaligned plain loads/stores are performed (as
 * QEMU does); misaligned LR/SC/AMOs raise address-misaligned.
 *
 * <h2>Registers</h2>
 * {@code x} has 64 entries: x0..x31, then 32 is the write sink for rd = x0 (so no instruction
 * needs to test rd), and the rest keep index masks in bounds. Capability metadata can be added
 * later as parallel arrays indexed the same way.
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
    private boolean codeChanged;
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
        reservation = -1;
        lastTrapPc = pc;
        lastTrapCause = cause;
        lastTrapTval = tval;
        if (linuxUser) {
            // The environment ends the run (GuestExit), or delivers a signal: then it has moved
            // the pc to the handler with setPc and execution resumes there.
            this.pc = pc;
            pcWritten = false;
            env.unhandledTrap(this, cause, tval);
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
            env.unhandledTrap(this, cause, tval);
            throw new GuestExit(134, "cheri-emu: the environment returned from an unhandled trap");
        }
        mepc = pc & ~1L;
        mcause = cause;
        mtval = tval;
        long s = mstatus;
        s = (s & MSTATUS_MIE) != 0 ? s | MSTATUS_MPIE : s & ~MSTATUS_MPIE;
        s &= ~MSTATUS_MIE;
        s = (s & ~MSTATUS_MPP) | ((long) priv << 11);
        mstatus = s;
        priv = PRIV_M;
        if (interrupt && (mtvec & 3) == 1) {
            return base + 4 * (cause & 63);
        }
        return base;
    }

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
        return loadSlow(addr, 8);
    }

    public int load32(long addr, int authority) {
        long vpn = addr >>> Page.SHIFT;
        int i = (int) vpn & TLB_MASK;
        int off = (int) addr & PAGE_MASK;
        if (rTag[i] == vpn && off <= Page.SIZE - 4) {
            return rPage[i].load32(off);
        }
        return (int) loadSlow(addr, 4);
    }

    /** Zero-extended halfword. */
    public int load16(long addr, int authority) {
        long vpn = addr >>> Page.SHIFT;
        int i = (int) vpn & TLB_MASK;
        int off = (int) addr & PAGE_MASK;
        if (rTag[i] == vpn && off <= Page.SIZE - 2) {
            return rPage[i].load16(off);
        }
        return (int) loadSlow(addr, 2);
    }

    /** Zero-extended byte. */
    public int load8(long addr, int authority) {
        long vpn = addr >>> Page.SHIFT;
        int i = (int) vpn & TLB_MASK;
        if (rTag[i] == vpn) {
            return rPage[i].load8((int) addr & PAGE_MASK);
        }
        return (int) loadSlow(addr, 1);
    }

    /** A load that missed the TLB, crosses a page or reaches a device. Zero-extended result. */
    private long loadSlow(long addr, int size) {
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
            storeSlow(addr, 8, v);
        }
    }

    public void store32(long addr, int v, int authority) {
        long vpn = addr >>> Page.SHIFT;
        int i = (int) vpn & TLB_MASK;
        int off = (int) addr & PAGE_MASK;
        if (wTag[i] == vpn && off <= Page.SIZE - 4 && ((wCode[i] >>> (off >>> 6)) & 1) == 0) {
            wPage[i].store32(off, v);
        } else {
            storeSlow(addr, 4, v);
        }
    }

    public void store16(long addr, int v, int authority) {
        long vpn = addr >>> Page.SHIFT;
        int i = (int) vpn & TLB_MASK;
        int off = (int) addr & PAGE_MASK;
        if (wTag[i] == vpn && off <= Page.SIZE - 2 && ((wCode[i] >>> (off >>> 6)) & 1) == 0) {
            wPage[i].store16(off, v);
        } else {
            storeSlow(addr, 2, v);
        }
    }

    public void store8(long addr, int v, int authority) {
        long vpn = addr >>> Page.SHIFT;
        int i = (int) vpn & TLB_MASK;
        int off = (int) addr & PAGE_MASK;
        if (wTag[i] == vpn && ((wCode[i] >>> (off >>> 6)) & 1) == 0) {
            wPage[i].store8(off, v);
        } else {
            storeSlow(addr, 1, v);
        }
    }

    private void storeSlow(long addr, int size, long v) {
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
        final long[] x = this.x;
        long pc = this.pc;
        long n = this.instret;
        try {
            outer:
            while (n < limit) {
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
                        pc = checkInterrupts(pc);
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
                        if (op == Op.DECODE) {
                            op = decodeSlot(dp, ci >>> 1);
                            w = code[ci];
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
                                } else {
                                    this.instret = n - 1;     // CSRs read the count before this one retires
                                    pc = execSystem(op, a, imm, pc, dp.raw[idx]);
                                    n = this.instret + 1;
                                    continue outer;
                                }
                            }
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
                return mepc;
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
        if (op == Op.LR_W || op == Op.LR_D) {
            if ((addr & (size - 1)) != 0) {
                throw raise(Cause.LOAD_MISALIGNED, addr);
            }
            long v = w ? (long) load32(addr, rs1) : load64(addr, rs1);
            reservation = addr;
            reservationValue = v;
            x[rd] = v;
            return;
        }
        Page p = amoPage(addr, size);
        int off = (int) addr & PAGE_MASK;
        if (op == Op.SC_W || op == Op.SC_D) {
            long current = w ? (long) p.load32(off) : p.load64(off);
            if (reservation == addr && current == reservationValue) {
                if (w) {
                    p.store32(off, (int) src);
                } else {
                    p.store64(off, src);
                }
                x[rd] = 0;
            } else {
                x[rd] = 1;
            }
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
            p.store64(off, nv);
            x[rd] = old;
        }
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
                return mepc;
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
                mtvec = (v & ~3L) | (mode <= 1 ? mode : 0);
                mtvecWritten = true;
            }
            case CSR_MCOUNTEREN -> mcounteren = v & 0xFFFFFFFFL;
            case CSR_MCOUNTINHIBIT -> mcountinhibit = v & 0xFFFFFFFDL;
            case CSR_MSCRATCH -> mscratch = v;
            case CSR_MEPC -> mepc = v & ~1L;
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

    private void fpLoadStore(int op, int a, long imm, long pc) {
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

    private void execFp(int op, int a, int raw) {
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
