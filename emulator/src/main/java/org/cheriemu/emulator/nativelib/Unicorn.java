package org.cheriemu.emulator.nativelib;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * A Unicorn engine for RV64 ({@code uc_open(UC_ARCH_RISCV, UC_MODE_RISCV64)}) through FFM
 * downcalls to the system libunicorn 2.0.x: memory mapping and access, the pc, x0–x31, f0–f31
 * and fcsr, {@code uc_emu_start} with an instruction count, and hooks (interrupts and exceptions
 * such as ecall, invalid memory, each instruction) as upcalls. Every error code becomes a
 * {@link UnicornException} carrying {@code uc_strerror}'s text.
 *
 * <p>Constants: {@code include/unicorn/unicorn.h} and {@code include/unicorn/riscv.h} of
 * unicorn-engine/unicorn at tag 2.0.1 (the header Debian's libunicorn-dev 2.0.1.post1 ships);
 * enum values counted from those headers and checked by compiling against them.
 * <b>The RISC-V register ids are version specific</b>: 2.0.x inserts 125 CSR ids between x31
 * and f0 (f0 = 158, pc = 190), where the 1.x-era header had f0 = 33. {@link #open()} therefore
 * accepts only major version 2 and minor 0, and {@code UnicornTest} checks the ids by behaviour.
 *
 * <p>Not thread safe: one thread uses an engine (hooks run on the thread in {@link #emuStart}).
 * An exception thrown by a hook is not allowed to unwind through native frames: it stops the
 * emulation and is rethrown by {@link #emuStart}.
 */
public final class Unicorn implements AutoCloseable {

    // unicorn.h, enum uc_arch: UC_ARCH_ARM = 1, ARM64, MIPS, X86, PPC, SPARC, M68K, RISCV -> 8
    public static final int UC_ARCH_RISCV = 8;
    // unicorn.h, enum uc_mode: UC_MODE_RISCV32 = 1 << 2, UC_MODE_RISCV64 = 1 << 3
    public static final int UC_MODE_RISCV64 = 1 << 3;

    // unicorn.h, enum uc_err (UC_ERR_OK = 0, then in order)
    public static final int UC_ERR_OK = 0, UC_ERR_NOMEM = 1, UC_ERR_ARCH = 2, UC_ERR_HANDLE = 3, UC_ERR_MODE = 4,
            UC_ERR_VERSION = 5, UC_ERR_READ_UNMAPPED = 6, UC_ERR_WRITE_UNMAPPED = 7, UC_ERR_FETCH_UNMAPPED = 8,
            UC_ERR_HOOK = 9, UC_ERR_INSN_INVALID = 10, UC_ERR_MAP = 11, UC_ERR_WRITE_PROT = 12, UC_ERR_READ_PROT = 13,
            UC_ERR_FETCH_PROT = 14, UC_ERR_ARG = 15, UC_ERR_READ_UNALIGNED = 16, UC_ERR_WRITE_UNALIGNED = 17,
            UC_ERR_FETCH_UNALIGNED = 18, UC_ERR_HOOK_EXIST = 19, UC_ERR_RESOURCE = 20, UC_ERR_EXCEPTION = 21;

    // unicorn.h, enum uc_prot
    public static final int UC_PROT_NONE = 0, UC_PROT_READ = 1, UC_PROT_WRITE = 2, UC_PROT_EXEC = 4, UC_PROT_ALL = 7;

    // unicorn.h, enum uc_mem_type: UC_MEM_READ = 16, then in order
    public static final int UC_MEM_READ = 16, UC_MEM_WRITE = 17, UC_MEM_FETCH = 18, UC_MEM_READ_UNMAPPED = 19,
            UC_MEM_WRITE_UNMAPPED = 20, UC_MEM_FETCH_UNMAPPED = 21, UC_MEM_WRITE_PROT = 22, UC_MEM_READ_PROT = 23,
            UC_MEM_FETCH_PROT = 24;

    // unicorn.h, enum uc_hook_type; UC_HOOK_MEM_INVALID = UC_HOOK_MEM_UNMAPPED + UC_HOOK_MEM_PROT (bits 4..9)
    public static final int UC_HOOK_INTR = 1, UC_HOOK_CODE = 1 << 2, UC_HOOK_BLOCK = 1 << 3,
            UC_HOOK_MEM_INVALID = 0x3F0, UC_HOOK_INSN_INVALID = 1 << 14;

    // riscv.h, enum uc_riscv_reg (2.0.1): INVALID = 0, X0..X31 = 1..32, then 125 CSRs
    // (USTATUS = 33 ... FFLAGS = 41, FRM = 42, FCSR = 43 ... MSTATUS = 116 ...), F0..F31 = 158..189, PC = 190
    public static final int UC_RISCV_REG_X0 = 1;
    public static final int UC_RISCV_REG_FFLAGS = 41, UC_RISCV_REG_FRM = 42, UC_RISCV_REG_FCSR = 43;
    public static final int UC_RISCV_REG_MSTATUS = 116;
    public static final int UC_RISCV_REG_F0 = 158;
    public static final int UC_RISCV_REG_PC = 190;

    /** mstatus.FS (bits 14:13): 3 = Dirty; FP instructions trap as illegal while FS = Off. */
    public static final long MSTATUS_FS_DIRTY = 3L << 13;

    /**
     * The {@code intno} of an ecall, measured on 2.0.1: 8, environment call from U-mode. In the
     * hook the pc already points past the ecall, and emulation resumes there when the hook returns.
     */
    public static final int CAUSE_ECALL_U = 8;

    /** Interrupt/exception hook: {@code intno} is the RISC-V exception cause ({@link #CAUSE_ECALL_U} for ecall). */
    @FunctionalInterface
    public interface InterruptHook {
        void onInterrupt(Unicorn uc, int intno);
    }

    /** Invalid memory hook (unmapped or protection): return true to retry after mapping the page. */
    @FunctionalInterface
    public interface InvalidMemoryHook {
        boolean onInvalidMemory(Unicorn uc, int type, long address, int size, long value);
    }

    /** Code hook: called before each instruction at {@code address} (in the hook's range). */
    @FunctionalInterface
    public interface CodeHook {
        void onCode(Unicorn uc, long address, int size);
    }

    private static final class Lib {
        static final MethodHandle OPEN, CLOSE, STRERROR, VERSION, MEM_MAP, MEM_UNMAP, MEM_PROTECT, MEM_WRITE,
                MEM_READ, REG_READ, REG_WRITE, REG_READ_BATCH, REG_WRITE_BATCH, EMU_START, EMU_STOP, HOOK_ADD, HOOK_DEL;
        static final MethodHandle INTR_TARGET, MEM_TARGET, CODE_TARGET, BLOCK_TARGET;

        static {
            SymbolLookup lib = NativeLibraries.unicorn();
            Linker linker = Linker.nativeLinker();
            OPEN = down(linker, lib, "uc_open", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
            CLOSE = down(linker, lib, "uc_close", FunctionDescriptor.of(JAVA_INT, ADDRESS));
            STRERROR = down(linker, lib, "uc_strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
            VERSION = down(linker, lib, "uc_version", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
            MEM_MAP = down(linker, lib, "uc_mem_map",
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT));
            MEM_UNMAP = down(linker, lib, "uc_mem_unmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
            MEM_PROTECT = down(linker, lib, "uc_mem_protect",
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT));
            // Memory copies take heap segments directly: critical calls (no upcalls happen inside them).
            MEM_WRITE = linker.downcallHandle(lib.findOrThrow("uc_mem_write"),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG), Linker.Option.critical(true));
            MEM_READ = linker.downcallHandle(lib.findOrThrow("uc_mem_read"),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG), Linker.Option.critical(true));
            REG_READ = down(linker, lib, "uc_reg_read", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
            REG_WRITE = down(linker, lib, "uc_reg_write", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
            REG_READ_BATCH = down(linker, lib, "uc_reg_read_batch",
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
            REG_WRITE_BATCH = down(linker, lib, "uc_reg_write_batch",
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
            EMU_START = down(linker, lib, "uc_emu_start",
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
            EMU_STOP = down(linker, lib, "uc_emu_stop", FunctionDescriptor.of(JAVA_INT, ADDRESS));
            // uc_err uc_hook_add(uc_engine *uc, uc_hook *hh, int type, void *callback, void *user_data,
            //                    uint64_t begin, uint64_t end, ...): variadic after the 7th argument.
            HOOK_ADD = linker.downcallHandle(lib.findOrThrow("uc_hook_add"),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG),
                    Linker.Option.firstVariadicArg(7));
            HOOK_DEL = down(linker, lib, "uc_hook_del", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
            try {
                MethodHandles.Lookup l = MethodHandles.lookup();
                INTR_TARGET = l.findVirtual(Unicorn.class, "intrUpcall",
                        MethodType.methodType(void.class, MemorySegment.class, int.class, MemorySegment.class));
                MEM_TARGET = l.findVirtual(Unicorn.class, "memUpcall", MethodType.methodType(boolean.class,
                        MemorySegment.class, int.class, long.class, int.class, long.class, MemorySegment.class));
                CODE_TARGET = l.findVirtual(Unicorn.class, "codeUpcall", MethodType.methodType(void.class,
                        MemorySegment.class, long.class, int.class, MemorySegment.class));
                BLOCK_TARGET = l.findVirtual(Unicorn.class, "blockUpcall", MethodType.methodType(void.class,
                        MemorySegment.class, long.class, int.class, MemorySegment.class));
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private static MethodHandle down(Linker linker, SymbolLookup lib, String name, FunctionDescriptor fd) {
            return linker.downcallHandle(lib.findOrThrow(name), fd);
        }

        // typedef void (*uc_cb_hookintr_t)(uc_engine *uc, uint32_t intno, void *user_data);
        static final FunctionDescriptor INTR_FD = FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, ADDRESS);
        // typedef bool (*uc_cb_eventmem_t)(uc_engine *uc, uc_mem_type type, uint64_t address, int size,
        //                                  int64_t value, void *user_data);
        static final FunctionDescriptor MEM_FD = FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS, JAVA_INT, JAVA_LONG,
                JAVA_INT, JAVA_LONG, ADDRESS);
        // typedef void (*uc_cb_hookcode_t)(uc_engine *uc, uint64_t address, uint32_t size, void *user_data);
        static final FunctionDescriptor CODE_FD = FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS);
    }

    private final Arena arena;
    private final MemorySegment uc;
    private final MemorySegment scratch;
    private final MemorySegment batchIds;
    private final MemorySegment batchPtrs;
    private final MemorySegment batchVals;
    private boolean closed;
    private Throwable hookFailure;
    private InterruptHook interruptHook;
    private InvalidMemoryHook memoryHook;
    private CodeHook codeHook;
    private CodeHook blockHook;

    /** The register ids of {@link #readState}: pc, x1..x31, f0..f31, fcsr (65 values). */
    public static final int STATE_REGS = 65;

    private Unicorn(Arena arena, MemorySegment uc) {
        this.arena = arena;
        this.uc = uc;
        this.scratch = arena.allocate(JAVA_LONG);
        this.batchIds = arena.allocate(JAVA_INT, STATE_REGS);
        this.batchVals = arena.allocate(JAVA_LONG, STATE_REGS);
        this.batchPtrs = arena.allocate(ADDRESS, STATE_REGS);
        int[] ids = stateRegisterIds();
        for (int i = 0; i < STATE_REGS; i++) {
            batchIds.setAtIndex(JAVA_INT, i, ids[i]);
            batchPtrs.setAtIndex(ADDRESS, i, batchVals.asSlice(8L * i, 8));
        }
    }

    /** The ids {@link #readState} reads, in its order: pc, x1..x31, f0..f31, fcsr. */
    public static int[] stateRegisterIds() {
        int[] ids = new int[STATE_REGS];
        ids[0] = UC_RISCV_REG_PC;
        for (int i = 1; i < 32; i++) {
            ids[i] = xReg(i);
        }
        for (int i = 0; i < 32; i++) {
            ids[32 + i] = fReg(i);
        }
        ids[64] = UC_RISCV_REG_FCSR;
        return ids;
    }

    /** The Unicorn register id of x{@code n}. */
    public static int xReg(int n) {
        return UC_RISCV_REG_X0 + n;
    }

    /** The Unicorn register id of f{@code n}. */
    public static int fReg(int n) {
        return UC_RISCV_REG_F0 + n;
    }

    /**
     * Opens an RV64 engine (Unicorn's default RV64 CPU, RV64GC) with mstatus.FS set so FP
     * instructions run. Throws {@link NativeLibraryUnavailableException} when libunicorn 2.0 is
     * missing.
     */
    public static Unicorn open() {
        NativeLibraries.unicorn();
        int[] v = version();
        if (v[0] != 2 || v[1] != 0) {
            throw new NativeLibraryUnavailableException("libunicorn " + v[0] + "." + v[1]
                    + " found, but these bindings use the register ids of Unicorn 2.0.x (install Debian's libunicorn2 2.0.1)");
        }
        Arena arena = Arena.ofShared();
        try {
            MemorySegment handle = arena.allocate(ADDRESS);
            check("uc_open", (int) Lib.OPEN.invokeExact(UC_ARCH_RISCV, UC_MODE_RISCV64, handle));
            Unicorn u = new Unicorn(arena, handle.get(ADDRESS, 0));
            u.regWrite(UC_RISCV_REG_MSTATUS, u.regRead(UC_RISCV_REG_MSTATUS) | MSTATUS_FS_DIRTY);
            return u;
        } catch (Throwable t) {
            arena.close();
            throw rethrow(t);
        }
    }

    /** {major, minor} of the loaded libunicorn ({@code uc_version}). */
    public static int[] version() {
        NativeLibraries.unicorn();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment major = a.allocate(JAVA_INT), minor = a.allocate(JAVA_INT);
            int unused = (int) Lib.VERSION.invokeExact(major, minor);
            return new int[] {major.get(JAVA_INT, 0), minor.get(JAVA_INT, 0)};
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code uc_strerror(code)}. */
    public static String strerror(int code) {
        try {
            MemorySegment s = (MemorySegment) Lib.STRERROR.invokeExact(code);
            return s.equals(MemorySegment.NULL) ? "unknown error" : s.reinterpret(4096).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static void check(String call, int err) {
        if (err != UC_ERR_OK) {
            throw new UnicornException(call, err, strerror(err));
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("Unicorn engine is closed");
        }
    }

    /** Maps [address, address + size) with {@code perms} (UC_PROT_*); both 4 KiB aligned. */
    public void memMap(long address, long size, int perms) {
        ensureOpen();
        try {
            check("uc_mem_map", (int) Lib.MEM_MAP.invokeExact(uc, address, size, perms));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Unmaps [address, address + size); both 4 KiB aligned. */
    public void memUnmap(long address, long size) {
        ensureOpen();
        try {
            check("uc_mem_unmap", (int) Lib.MEM_UNMAP.invokeExact(uc, address, size));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Changes the protection of [address, address + size). */
    public void memProtect(long address, long size, int perms) {
        ensureOpen();
        try {
            check("uc_mem_protect", (int) Lib.MEM_PROTECT.invokeExact(uc, address, size, perms));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Writes {@code src} (any segment, heap or native) at guest {@code address}. */
    public void memWrite(long address, MemorySegment src) {
        ensureOpen();
        try {
            check("uc_mem_write", (int) Lib.MEM_WRITE.invokeExact(uc, address, src, src.byteSize()));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Writes {@code len} bytes of {@code data} from {@code off} at guest {@code address}. */
    public void memWrite(long address, byte[] data, int off, int len) {
        memWrite(address, MemorySegment.ofArray(data).asSlice(off, len));
    }

    public void memWrite(long address, byte[] data) {
        memWrite(address, data, 0, data.length);
    }

    /** Reads guest memory into {@code dst} (any segment). */
    public void memRead(long address, MemorySegment dst) {
        ensureOpen();
        try {
            check("uc_mem_read", (int) Lib.MEM_READ.invokeExact(uc, address, dst, dst.byteSize()));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Reads {@code len} bytes of guest memory at {@code address}. */
    public byte[] memRead(long address, int len) {
        byte[] out = new byte[len];
        memRead(address, MemorySegment.ofArray(out));
        return out;
    }

    /** Reads a 64-bit register (any {@code UC_RISCV_REG_*} id). */
    public long regRead(int regid) {
        ensureOpen();
        try {
            scratch.set(JAVA_LONG, 0, 0L);
            check("uc_reg_read", (int) Lib.REG_READ.invokeExact(uc, regid, scratch));
            return scratch.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Writes a 64-bit register (any {@code UC_RISCV_REG_*} id). */
    public void regWrite(int regid, long value) {
        ensureOpen();
        try {
            scratch.set(JAVA_LONG, 0, value);
            check("uc_reg_write", (int) Lib.REG_WRITE.invokeExact(uc, regid, scratch));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public long pc() {
        return regRead(UC_RISCV_REG_PC);
    }

    public void setPc(long pc) {
        regWrite(UC_RISCV_REG_PC, pc);
    }

    /** x{@code n} (x0 reads 0). */
    public long x(int n) {
        return regRead(xReg(n));
    }

    public void setX(int n, long value) {
        regWrite(xReg(n), value);
    }

    /** The raw 64 bits of f{@code n} (single values NaN-boxed). */
    public long f(int n) {
        return regRead(fReg(n));
    }

    public void setF(int n, long bits) {
        regWrite(fReg(n), bits);
    }

    public long fcsr() {
        return regRead(UC_RISCV_REG_FCSR);
    }

    public void setFcsr(long value) {
        regWrite(UC_RISCV_REG_FCSR, value);
    }

    /**
     * Reads pc, x1..x31, f0..f31 and fcsr in one {@code uc_reg_read_batch} call into
     * {@code out[0..64]} (order of {@link #stateRegisterIds()}); {@code out[0]} is the pc.
     */
    public void readState(long[] out) {
        ensureOpen();
        try {
            check("uc_reg_read_batch", (int) Lib.REG_READ_BATCH.invokeExact(uc, batchIds, batchPtrs, STATE_REGS));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        MemorySegment.copy(batchVals, JAVA_LONG, 0, out, 0, STATE_REGS);
    }

    /** Writes pc, x1..x31, f0..f31 and fcsr from {@code in[0..64]} in one batch call. */
    public void writeState(long[] in) {
        writeBatch(in, 0);
    }

    /**
     * Writes x1..x31, f0..f31 and fcsr from {@code in[1..64]}, leaving the pc alone. Use this in
     * hooks: writing the pc from a code hook makes Unicorn restart at that pc (the hook runs again).
     */
    public void writeRegisters(long[] in) {
        writeBatch(in, 1);
    }

    private void writeBatch(long[] in, int from) {
        ensureOpen();
        MemorySegment.copy(in, from, batchVals, JAVA_LONG, 8L * from, STATE_REGS - from);
        try {
            check("uc_reg_write_batch", (int) Lib.REG_WRITE_BATCH.invokeExact(uc,
                    batchIds.asSlice(4L * from), batchPtrs.asSlice(ADDRESS.byteSize() * from), STATE_REGS - from));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code uc_emu_start(begin, until, timeout, count)}: runs from {@code begin} until the pc
     * reaches {@code until}, {@code timeoutMicros} pass (0: no limit), {@code count}
     * instructions have run (0: no limit), a hook stops it, or an error. A hook's exception is
     * rethrown here; an engine error becomes a {@link UnicornException}.
     */
    public void emuStart(long begin, long until, long timeoutMicros, long count) {
        ensureOpen();
        hookFailure = null;
        int err;
        try {
            err = (int) Lib.EMU_START.invokeExact(uc, begin, until, timeoutMicros, count);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        Throwable failure = hookFailure;
        if (failure != null) {
            hookFailure = null;
            throw rethrow(failure);
        }
        check("uc_emu_start", err);
    }

    /** Stops the emulation (from a hook). */
    public void emuStop() {
        ensureOpen();
        try {
            check("uc_emu_stop", (int) Lib.EMU_STOP.invokeExact(uc));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Adds the interrupt/exception hook (UC_HOOK_INTR: ecall, ebreak, faults Unicorn raises). */
    public long hookInterrupt(InterruptHook hook) {
        interruptHook = hook;
        return addHook(UC_HOOK_INTR, Lib.INTR_TARGET, Lib.INTR_FD, 1, 0);
    }

    /** Adds the invalid memory hook (UC_HOOK_MEM_INVALID: unmapped and protection faults). */
    public long hookInvalidMemory(InvalidMemoryHook hook) {
        memoryHook = hook;
        return addHook(UC_HOOK_MEM_INVALID, Lib.MEM_TARGET, Lib.MEM_FD, 1, 0);
    }

    /** Adds a code hook (UC_HOOK_CODE) for every instruction in [begin, end] (all if begin > end). */
    public long hookCode(CodeHook hook, long begin, long end) {
        codeHook = hook;
        return addHook(UC_HOOK_CODE, Lib.CODE_TARGET, Lib.CODE_FD, begin, end);
    }

    /** Adds a block hook (UC_HOOK_BLOCK): called as each translation block starts, with its size in bytes. */
    public long hookBlock(CodeHook hook) {
        blockHook = hook;
        return addHook(UC_HOOK_BLOCK, Lib.BLOCK_TARGET, Lib.CODE_FD, 1, 0);
    }

    /** Removes a hook added by one of the {@code hook*} methods. */
    public void hookDelete(long handle) {
        ensureOpen();
        try {
            check("uc_hook_del", (int) Lib.HOOK_DEL.invokeExact(uc, handle));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private long addHook(int type, MethodHandle target, FunctionDescriptor fd, long begin, long end) {
        ensureOpen();
        MemorySegment stub = Linker.nativeLinker().upcallStub(target.bindTo(this), fd, arena);
        try {
            MemorySegment hh = arena.allocate(JAVA_LONG);
            check("uc_hook_add", (int) Lib.HOOK_ADD.invokeExact(uc, hh, type, stub, MemorySegment.NULL, begin, end));
            return hh.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // Upcalls: an exception must not reach native code (the JVM would exit), so it is kept,
    // the emulation is stopped, and emuStart rethrows it.

    private void intrUpcall(MemorySegment engine, int intno, MemorySegment user) {
        try {
            interruptHook.onInterrupt(this, intno);
        } catch (Throwable t) {
            fail(t);
        }
    }

    private boolean memUpcall(MemorySegment engine, int type, long address, int size, long value, MemorySegment user) {
        try {
            return memoryHook.onInvalidMemory(this, type, address, size, value);
        } catch (Throwable t) {
            fail(t);
            return false;
        }
    }

    private void codeUpcall(MemorySegment engine, long address, int size, MemorySegment user) {
        try {
            codeHook.onCode(this, address, size);
        } catch (Throwable t) {
            fail(t);
        }
    }

    private void blockUpcall(MemorySegment engine, long address, int size, MemorySegment user) {
        try {
            blockHook.onCode(this, address, size);
        } catch (Throwable t) {
            fail(t);
        }
    }

    private void fail(Throwable t) {
        if (hookFailure == null) {
            hookFailure = t;
        }
        try {
            int unused = (int) Lib.EMU_STOP.invokeExact(uc);
        } catch (Throwable ignored) {
            // stopping is best effort; emuStart reports the hook's failure
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            int unused = (int) Lib.CLOSE.invokeExact(uc);
        } catch (Throwable t) {
            throw rethrow(t);
        } finally {
            arena.close();
        }
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }
}
