package org.cheriemu.emulator.nativelib;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

/**
 * A Capstone 5 disassembler for RV64GC ({@code cs_open(CS_ARCH_RISCV, CS_MODE_RISCV64 |
 * CS_MODE_RISCVC)}) through FFM downcalls: one instruction at a time, as mnemonic, operand
 * text and size. Uses {@code cs_disasm_iter} with one {@code cs_malloc}'d instruction, so
 * disassembling allocates nothing native per call (the cross-check decodes millions of words).
 *
 * <p>Constants: {@code include/capstone/capstone.h} of capstone-engine/capstone, version 5
 * (Debian trixie's libcapstone-dev 5.0.7 ships the same header): {@code enum cs_arch} counts
 * ARM = 0, ARM64, MIPS, X86, PPC, SPARC, SYSZ, XCORE, M68K, TMS320C64X, M680X, EVM, MOS65XX,
 * WASM, BPF, RISCV = 15 (Capstone 6 renumbers it); {@code enum cs_mode}: CS_MODE_RISCV64 =
 * 1 << 1, CS_MODE_RISCVC = 1 << 2. The {@code cs_insn} layout (id u32 @0, address u64 @8,
 * size u16 @16, bytes[24] @18, mnemonic[32] @42, op_str[160] @74, detail* @240; 248 bytes) was
 * checked with offsetof against that header, and {@code CapstoneTest} checks it by behaviour.
 *
 * <p>Not thread safe: one thread per instance.
 */
public final class Capstone implements AutoCloseable {

    public static final int CS_ARCH_RISCV = 15;
    public static final int CS_MODE_RISCV64 = 1 << 1;
    public static final int CS_MODE_RISCVC = 1 << 2;

    // cs_insn field offsets (capstone.h, struct cs_insn, x86-64 / LP64 ABI)
    private static final long OFF_ID = 0, OFF_SIZE = 16, OFF_MNEMONIC = 42, OFF_OP_STR = 74;
    private static final int MNEMONIC_SIZE = 32, OP_STR_SIZE = 160;
    private static final long INSN_SIZE = 248;

    /** One disassembled instruction: Capstone's mnemonic, operand text and length in bytes. */
    public record Insn(String mnemonic, String operands, int size) {
        /** {@code mnemonic} alone, or {@code mnemonic + " " + operands}. */
        public String text() {
            return operands.isEmpty() ? mnemonic : mnemonic + " " + operands;
        }
    }

    private static final class Lib {
        static final MethodHandle OPEN, CLOSE, VERSION, ERRNO, STRERROR, MALLOC, FREE, DISASM_ITER;

        static {
            SymbolLookup lib = NativeLibraries.capstone();
            Linker linker = Linker.nativeLinker();
            // typedef size_t csh;
            OPEN = linker.downcallHandle(lib.findOrThrow("cs_open"),
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
            CLOSE = linker.downcallHandle(lib.findOrThrow("cs_close"), FunctionDescriptor.of(JAVA_INT, ADDRESS));
            VERSION = linker.downcallHandle(lib.findOrThrow("cs_version"),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
            ERRNO = linker.downcallHandle(lib.findOrThrow("cs_errno"), FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
            STRERROR = linker.downcallHandle(lib.findOrThrow("cs_strerror"), FunctionDescriptor.of(ADDRESS, JAVA_INT));
            MALLOC = linker.downcallHandle(lib.findOrThrow("cs_malloc"), FunctionDescriptor.of(ADDRESS, JAVA_LONG));
            FREE = linker.downcallHandle(lib.findOrThrow("cs_free"), FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG));
            // bool cs_disasm_iter(csh handle, const uint8_t **code, size_t *size, uint64_t *address, cs_insn *insn)
            DISASM_ITER = linker.downcallHandle(lib.findOrThrow("cs_disasm_iter"),
                    FunctionDescriptor.of(JAVA_BOOLEAN, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        }
    }

    private final Arena arena;
    private final long handle;
    private final MemorySegment handleCell;
    private final MemorySegment insn;
    private final MemorySegment code;
    private final MemorySegment codePtr;
    private final MemorySegment sizeCell;
    private final MemorySegment addressCell;
    private final byte[] text = new byte[OP_STR_SIZE];
    private boolean closed;

    private Capstone(Arena arena, MemorySegment handleCell) throws Throwable {
        this.arena = arena;
        this.handleCell = handleCell;
        this.handle = handleCell.get(JAVA_LONG, 0);
        MemorySegment p = (MemorySegment) Lib.MALLOC.invokeExact(handle);
        if (p.equals(MemorySegment.NULL)) {
            throw new CapstoneException("cs_malloc", errno(handle), strerror(errno(handle)));
        }
        this.insn = p.reinterpret(INSN_SIZE);
        this.code = arena.allocate(16);
        this.codePtr = arena.allocate(ADDRESS);
        this.sizeCell = arena.allocate(JAVA_LONG);
        this.addressCell = arena.allocate(JAVA_LONG);
    }

    /** Opens an RV64GC disassembler; throws {@link NativeLibraryUnavailableException} without libcapstone 5. */
    public static Capstone open() {
        NativeLibraries.capstone();
        int[] v = version();
        if (v[0] != 5) {
            throw new NativeLibraryUnavailableException("libcapstone " + v[0] + "." + v[1]
                    + " found, but RISC-V needs the Capstone 5 ABI (install libcapstone5)");
        }
        Arena arena = Arena.ofShared();
        try {
            MemorySegment h = arena.allocate(JAVA_LONG);
            int err = (int) Lib.OPEN.invokeExact(CS_ARCH_RISCV, CS_MODE_RISCV64 | CS_MODE_RISCVC, h);
            if (err != 0) {
                throw new CapstoneException("cs_open", err, strerror(err));
            }
            return new Capstone(arena, h);
        } catch (Throwable t) {
            arena.close();
            throw Unicorn.rethrow(t);
        }
    }

    /** {major, minor} of the loaded libcapstone ({@code cs_version}). */
    public static int[] version() {
        NativeLibraries.capstone();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment major = a.allocate(JAVA_INT), minor = a.allocate(JAVA_INT);
            int unused = (int) Lib.VERSION.invokeExact(major, minor);
            return new int[] {major.get(JAVA_INT, 0), minor.get(JAVA_INT, 0)};
        } catch (Throwable t) {
            throw Unicorn.rethrow(t);
        }
    }

    private static int errno(long handle) throws Throwable {
        return (int) Lib.ERRNO.invokeExact(handle);
    }

    static String strerror(int code) {
        try {
            MemorySegment s = (MemorySegment) Lib.STRERROR.invokeExact(code);
            return s.equals(MemorySegment.NULL) ? "unknown error" : s.reinterpret(4096).getString(0);
        } catch (Throwable t) {
            throw Unicorn.rethrow(t);
        }
    }

    /**
     * Disassembles the instruction at the start of {@code word}: the low 16 bits are used for a
     * compressed instruction (low two bits not 11), all 32 otherwise. Returns null when Capstone
     * has no instruction for the bytes.
     */
    public Insn disassemble(int word, long address) {
        int len = (word & 3) != 3 ? 2 : 4;
        return disassemble(new byte[] {(byte) word, (byte) (word >>> 8), (byte) (word >>> 16), (byte) (word >>> 24)},
                len, address);
    }

    /** Disassembles one instruction from {@code bytes[0..length)}; null when Capstone has none. */
    public Insn disassemble(byte[] bytes, int length, long address) {
        if (closed) {
            throw new IllegalStateException("Capstone is closed");
        }
        int n = Math.min(length, (int) code.byteSize());
        MemorySegment.copy(bytes, 0, code, JAVA_BYTE, 0, n);
        codePtr.set(ADDRESS, 0, code);
        sizeCell.set(JAVA_LONG, 0, n);
        addressCell.set(JAVA_LONG, 0, address);
        boolean ok;
        try {
            ok = (boolean) Lib.DISASM_ITER.invokeExact(handle, codePtr, sizeCell, addressCell, insn);
        } catch (Throwable t) {
            throw Unicorn.rethrow(t);
        }
        if (!ok) {
            return null;
        }
        int size = Short.toUnsignedInt(insn.get(JAVA_SHORT, OFF_SIZE));
        return new Insn(cString(OFF_MNEMONIC, MNEMONIC_SIZE), cString(OFF_OP_STR, OP_STR_SIZE), size);
    }

    /** Capstone's instruction id of the last successful {@link #disassemble} (RISCV_INS_*). */
    public int lastId() {
        return insn.get(JAVA_INT, OFF_ID);
    }

    private String cString(long offset, int max) {
        int n = 0;
        while (n < max) {
            byte b = insn.get(JAVA_BYTE, offset + n);
            if (b == 0) {
                break;
            }
            text[n++] = b;
        }
        return new String(text, 0, n, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Lib.FREE.invokeExact(insn, 1L);
            int unused = (int) Lib.CLOSE.invokeExact(handleCell);
        } catch (Throwable t) {
            throw Unicorn.rethrow(t);
        } finally {
            arena.close();
        }
    }
}
