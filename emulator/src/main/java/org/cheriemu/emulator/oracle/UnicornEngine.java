package org.cheriemu.emulator.oracle;

import org.cheriemu.emulator.ExitStatus;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongUnaryOperator;

import org.cheriemu.emulator.cpu.Decoder;
import org.cheriemu.emulator.cpu.Environment;
import org.cheriemu.emulator.cpu.GuestExit;
import org.cheriemu.emulator.cpu.HartView;
import org.cheriemu.emulator.cpu.Isa.Format;
import org.cheriemu.emulator.cpu.Op;
import org.cheriemu.emulator.linux.AddressSpace;
import org.cheriemu.emulator.linux.LinuxEnvironment;
import org.cheriemu.emulator.nativelib.Unicorn;
import org.cheriemu.emulator.nativelib.UnicornException;
import org.cheriemu.isa.memory.Page;
import org.cheriemu.isa.memory.TaggedMemory;

/**
 * Runs a plain RV64 guest entirely on Unicorn, with our {@link Environment} (the Linux layer)
 * serving its system calls: {@code run --engine unicorn}.
 *
 * <p>Memory: Unicorn maps a page when the guest first touches it, copied from our memory (the
 * environment creates it, or refuses: then the guest gets the environment's fault, as on our
 * interpreter). Around each ecall, changed pages are copied from Unicorn to our memory (so the
 * system call reads what the guest wrote) and back (so the guest sees what it wrote).
 *
 * <p>Protections: pages get the Linux layer's protections (re-read after each system call), so a
 * store to read-only code faults as on our interpreter. Faults and exceptions go to the
 * environment ({@code unhandledTrap}), which ends the guest or delivers a signal to its handler
 * (then execution goes on at the handler, with the signal frame copied in). CHERI instructions
 * stop the run (exit status 126). Unicorn's known errors: {@link UnicornErrata} (the Unicorn
 * engine shows them; {@code rdtime} is emulated).
 *
 * <p>Instruction count: Unicorn has no retired-instruction counter, so a block hook adds the
 * number of instructions in each translation block as it starts (counted once per block from the
 * code in memory). A block cut short by a trap counts whole; that is the only inexactness.
 */
public final class UnicornEngine implements HartView {

    private final Environment env;
    private final TaggedMemory memory;
    private final Unicorn uc;
    private final MemoryMirror mirror;
    private final Map<Long, Integer> blockSizes = new HashMap<>();
    private long instret;
    private long limit;
    private long ecallPc;
    private boolean limitReached;
    private long faultAddress;
    private int faultCause = -1;
    private long pendingPc = -1;
    private boolean counting = true;
    private long startNanos;

    public UnicornEngine(Environment env, TaggedMemory memory, Unicorn uc) {
        this.env = env;
        this.memory = memory;
        this.uc = uc;
        this.mirror = new MemoryMirror(uc, memory, protections(env));
    }

    /** The Linux layer's page protections, so Unicorn faults where our interpreter would. */
    private static LongUnaryOperator protections(Environment env) {
        if (!(env instanceof LinuxEnvironment linux)) {
            return null;
        }
        AddressSpace space = linux.addressSpace();
        return n -> {
            AddressSpace.Vma v = space.find(n << Page.SHIFT);
            return v == null ? Unicorn.UC_PROT_ALL : v.prot();
        };
    }

    /**
     * Runs from {@code entry} with stack pointer {@code sp} until the environment ends the guest
     * (a {@link GuestExit} is thrown, as from our interpreter) or about {@code limit} instructions
     * have run (then this returns normally; see {@link #instret()}).
     */
    public void run(long entry, long sp, long limit) {
        run(entry, sp, limit, true);
    }

    /**
     * As {@link #run(long, long, long)}; with {@code count} false and no limit, the block hook
     * that counts instructions is left out, so Unicorn runs at its own speed ({@link #instret()}
     * then stays 0, and the time CSR counts host time at 10 MHz).
     */
    public void run(long entry, long sp, long limit, boolean count) {
        this.limit = limit;
        this.counting = count || limit != Long.MAX_VALUE;
        this.startNanos = System.nanoTime();
        mirror.mapAll();
        uc.setX(2, sp);
        uc.hookInterrupt(this::onInterrupt);
        uc.hookInvalidMemory(this::onInvalidMemory);
        if (counting) {
            uc.hookBlock(this::onBlock);
        }
        long pc = entry;
        while (true) {
            try {
                uc.emuStart(pc, -1L, 0, 0);
            } catch (UnicornException e) {
                if (faultCause < 0) {
                    throw e;
                }
                int cause = faultCause;
                faultCause = -1;
                ecallPc = faultingPc(uc.pc());
                trap(cause, faultAddress);
            }
            if (limitReached) {
                return;
            }
            if (pendingPc != -1) {
                pc = pendingPc;                 // a signal handler, or rt_sigreturn
                pendingPc = -1;
            } else {
                pc = uc.pc();
            }
        }
    }

    /**
     * A trap the guest does not handle itself: the environment ends the run (GuestExit) or
     * delivers a signal, moving the pc to the handler ({@link #setPc}) after writing the signal
     * frame into our memory, which then goes to Unicorn.
     */
    private void trap(long cause, long tval) {
        mirror.syncFromUnicorn();
        env.unhandledTrap(this, cause, tval);
        if (pendingPc == -1) {
            throw new GuestExit(134, "cheri-emu: the environment returned from an unhandled trap without moving the pc");
        }
        mirror.syncToUnicorn();
    }

    private void onBlock(Unicorn u, long address, int size) {
        instret += blockSizes.computeIfAbsent(address ^ ((long) size << 48), k -> countInstructions(address, size));
        if (instret >= limit) {
            limitReached = true;
            u.emuStop();
        }
    }

    /**
     * After an access fault Unicorn 2.0.1's pc is the start of the translation block, while the
     * registers are those at the faulting instruction. A block is straight-line code, so the
     * faulting instruction is the first load/store in it whose address, computed from the current
     * registers, is the fault address. Returns the block start if none matches.
     */
    private long faultingPc(long blockStart) {
        Decoder.Decoded d = new Decoder.Decoded();
        long a = blockStart;
        for (int i = 0; i < 512; i++) {
            int lo = memory.load16(a);
            int word = (lo & 3) == 3 ? memory.load32(a) : lo;
            Decoder.decode(word, d);
            Format f = d.format();
            boolean amo = f == Format.AMO || f == Format.LR;
            boolean mem = amo || f == Format.LOAD || f == Format.STORE
                    || f == Format.FLOAD || f == Format.FSTORE;
            if (mem) {
                long ea = getX(d.rs1) + (amo ? 0 : d.imm);
                if (Long.compareUnsigned(faultAddress - ea, 16) < 0) {
                    return a;
                }
            }
            if (f == Format.BRANCH || f == Format.J
                    || f == Format.JALR || d.op == Op.ILLEGAL) {
                break;
            }
            a += d.len;
        }
        return blockStart;
    }

    private int countInstructions(long address, int size) {
        int n = 0;
        for (long a = address; a < address + size; n++) {
            a += (memory.load16(a) & 3) == 3 ? 4 : 2;
        }
        return n;
    }

    private void onInterrupt(Unicorn u, int intno) {
        // Unicorn 2.0.1 has already added 4 to the pc when it calls the hook, for every exception
        // (measured: ecall, and the 16-bit illegal 0x0000 too).
        ecallPc = u.pc() - 4;
        if (intno != Unicorn.CAUSE_ECALL_U) {
            int lo = memory.load16(ecallPc);
            int word = (lo & 3) == 3 ? memory.load32(ecallPc) : lo;
            if (intno == 2 && UnicornErrata.readsTimeCsr(word)) {
                int rd = (word >>> 7) & 31;
                long time = counting ? instret / 10     // as our hart: 10 MHz at a nominal 100 MIPS
                        : (System.nanoTime() - startNanos) / 100;
                setX(rd, (word >>> 20) == 0xC81 ? time >>> 32 : time);
                return;                          // Unicorn resumes after the instruction
            }
            if (intno == 2 && CheriEncodings.isCheri(word)) {
                throw new GuestExit(ExitStatus.CHERI_NOT_SUPPORTED_BY_ORACLE, String.format(Locale.ROOT,
                        "cheri-emu: unicorn: CHERI instruction %08x at pc 0x%x after %d instructions: "
                        + "Unicorn cannot run CHERI code, stopping", word, ecallPc, instret));
            }
            trap(intno, intno == 2 ? Integer.toUnsignedLong(word) : 0);
            u.emuStop();                         // resume at the handler, from the run loop
            return;
        }
        mirror.syncFromUnicorn();
        env.ecall(this);
        mirror.syncToUnicorn();
        if (pendingPc != -1) {
            u.emuStop();                         // the system call moved the pc: resume there
        }
    }

    private boolean onInvalidMemory(Unicorn u, int type, long address, int size, long value) {
        long n = address >>> Page.SHIFT;
        int access = type == Unicorn.UC_MEM_WRITE_UNMAPPED || type == Unicorn.UC_MEM_WRITE_PROT ? Environment.Access.WRITE
                : type == Unicorn.UC_MEM_FETCH_UNMAPPED || type == Unicorn.UC_MEM_FETCH_PROT ? Environment.Access.EXECUTE
                : Environment.Access.READ;
        Page p = mirror.isMapped(n) ? null : memory.page(n);
        if (p == null && !mirror.isMapped(n)) {
            p = env.resolvePage(n, access);
        }
        if (p == null) {
            // Refuse: Unicorn stops with the state restored to the faulting instruction, where the
            // run loop reports the fault (the pc read inside this hook is the block's, not the access's).
            faultAddress = address;
            faultCause = access == Environment.Access.WRITE ? 7 : access == Environment.Access.EXECUTE ? 1 : 5;
            return false;
        }
        mirror.mapPage(p);
        return true;
    }

    // ------------------------------------------------------------------ HartView for the environment

    @Override
    public long getX(int reg) {
        return reg == 0 ? 0 : uc.x(reg);
    }

    @Override
    public void setX(int reg, long value) {
        if (reg != 0) {
            uc.setX(reg, value);
        }
    }

    @Override
    public long pc() {
        return ecallPc;
    }

    /** The environment moves the pc (signal delivery, rt_sigreturn): execution resumes there. */
    @Override
    public void setPc(long pc) {
        pendingPc = pc;
    }

    @Override
    public long getF(int reg) {
        return uc.f(reg);
    }

    @Override
    public void setF(int reg, long bits) {
        uc.setF(reg, bits);
    }

    @Override
    public long instret() {
        return instret;
    }

    @Override
    public TaggedMemory memory() {
        return memory;
    }
}
