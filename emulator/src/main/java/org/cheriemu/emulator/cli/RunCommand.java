package org.cheriemu.emulator.cli;

import org.cheriemu.emulator.ExitStatus;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.function.LongFunction;

import org.cheriemu.emulator.cpu.GuestExit;
import org.cheriemu.emulator.cpu.Hart;
import org.cheriemu.emulator.cpu.TraceWindow;
import org.cheriemu.emulator.cpu.Tracer;
import org.cheriemu.emulator.loader.BadElfException;
import org.cheriemu.emulator.loader.ElfFile;
import org.cheriemu.emulator.loader.SymbolTable;
import org.cheriemu.emulator.machine.VirtBoard;
import org.cheriemu.emulator.oracle.OracleOptions;
import org.cheriemu.emulator.services.RuntimeServices;
import org.cheriemu.runtime.RuntimeJson;
import org.cheriemu.runtime.RuntimeSummary;
import org.cheriemu.runtime.SizeClassStats;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cheri-emu run}: runs a RISC-V ELF, in Linux user mode or on the bare-metal virt board. */
@Command(name = "run", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitStatus.USAGE,
        description = {
            "Runs a RISC-V (RV64GC) ELF program.",
            "",
            "Machines (--machine):",
            "  linux  Linux user mode: a static ELF and its arguments, as",
            "         qemu-riscv64 runs it.",
            "  virt   bare-metal board like QEMU virt: RAM at 0x80000000 (--memory);",
            "         reset stub at 0x1000 jumps to the ELF entry with a0 = hart id 0",
            "         and a1 = 0 (no device tree); ns16550 UART at 0x10000000",
            "         (output on stdout); SiFive test finisher at 0x100000 (0x5555:",
            "         exit 0, 0x3333 | code<<16: exit code); CLINT at 0x2000000",
            "         (mtime at 10 MHz = instructions / 10); HTIF at the ELF's",
            "         'tohost' symbol (1: exit 0; odd v > 1: test case v>>1 failed,",
            "         exit (v>>1) & 255, or 1 if that is 0).",
            "  auto   (default) virt if the ELF has a 'tohost' symbol, or if it has",
            "         no PT_INTERP and its entry is 0x80000000 (or its entry and all",
            "         its segments lie in 0x80000000..0xffffffff); linux otherwise.",
            "",
            "Exit status: the guest's status; 128+signal when a Linux guest dies of",
            "a signal (SIGILL 132, SIGTRAP 133, abort 134, SIGBUS 135, SIGSEGV 139),",
            "and the same numbers for a trap a bare-metal guest cannot handle (an",
            "ecall with no handler: 159, SIGSYS); 162 for a capability fault",
            "(128 + SIGPROT, as on CheriBSD); 134 also after a double or invalid",
            "free (unless --bad-free report);",
            ExitStatus.INSN_LIMIT + " when --max-insns stops the guest; 64 usage error; 65 unreadable",
            "or invalid ELF; 70 internal emulator error; 74 an output file cannot",
            "be written.",
            "",
            "Linux guests reach the allocator runtime (cheri_malloc and friends in",
            "guest-programs/include/cheri.h) with ecall, a7 = 0x40000 + service;",
            "the runtime options below (--revoker, --quarantine-*, --sweep-stats,",
            "--leak-check, ...) configure it. See the README.",
            ""
        })
public final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PROGRAM", description = "the ELF file to run")
    Path program;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "arguments passed to a Linux guest")
    List<String> args = new ArrayList<>();

    @Option(names = "--machine", defaultValue = "auto", paramLabel = "auto|linux|virt",
            description = "the machine to run on (default: ${DEFAULT-VALUE}; see above)")
    String machine;

    @Option(names = "--memory", paramLabel = "SIZE",
            description = "virt: RAM size (default 128M); linux: resident memory limit of the guest "
                    + "(default 4G); optional K/M/G suffix")
    String memory;

    @Option(names = "--max-insns", paramLabel = "N",
            description = "stop the guest after N retired instructions (exit status " + ExitStatus.INSN_LIMIT + ")")
    Long maxInsns;

    @Option(names = "--compile-threshold", paramLabel = "N", defaultValue = "16",
            description = "compile a page of hot code to JVM bytecode after N samples of its"
                    + " uncompiled code, one sample every " + Hart.SAMPLE_INTERVAL + " instructions"
                    + " (default ${DEFAULT-VALUE}; 0: interpret everything)")
    int compileThreshold;

    @Option(names = "--stats", description = "print retired instructions, wall time and MIPS on stderr at exit")
    boolean stats;

    @Option(names = "--json", description = "with --stats: print the statistics as one JSON object instead")
    boolean json;

    @Option(names = "--trace", paramLabel = "FILE",
            description = "write an instruction trace to FILE in QEMU-CHERI's -d instr format (slower)")
    Path trace;

    @Option(names = "--fault-report", paramLabel = "FILE",
            description = "when a capability fault ends the guest, also write its report to FILE as JSON"
                    + " (show it again with 'cheri-emu inspect FILE')")
    Path faultReport;

    @Option(names = "--strace", description = "Linux: trace system calls on stderr (qemu-riscv64 -strace format)")
    boolean strace;

    @Mixin
    final OracleOptions oracle = new OracleOptions();

    @Mixin
    final AllocatorOptions allocator = new AllocatorOptions();

    @Option(names = "--allow-write", paramLabel = "DIR",
            description = "Linux: the one directory tree the guest may modify (default: none)")
    Path allowWrite;

    // Repeatable runs and trace windows (golden traces of Linux guests).
    @Mixin
    final LinuxGuestOptions linuxGuest = new LinuxGuestOptions();

    @Mixin
    final TraceWindowOptions traceWindow = new TraceWindowOptions();

    /** The symbols --trace-from / --trace-filter name: the loaded program's, set before {@link #execute}. */
    SymbolTable traceSymbols = SymbolTable.EMPTY;

    /** Checks the options above: a one-line message and exit status 64 for bad input, else empty. */
    private OptionalInt rejectGuestAndTraceOptions(boolean bareMetal) {
        try {
            linuxGuest.validate();
            if (bareMetal && linuxGuest.any()) {
                throw new UsageException("--seed, --argv0, --pid, --clear-env and --env apply to Linux guests only");
            }
            if (traceWindow.any() && trace == null) {
                throw new UsageException("--trace-from, --trace-filter and --trace-limit need --trace FILE");
            }
            return OptionalInt.empty();
        } catch (UsageException e) {
            System.err.println("cheri-emu: " + e.getMessage());
            return OptionalInt.of(ExitStatus.USAGE);
        }
    }

    /** Chooses the machine for an ELF when --machine is auto. */
    public static boolean isBareMetal(ElfFile elf) {
        if (elf.symbols().address("tohost").isPresent()) {
            return true;
        }
        if (elf.hasInterpreter()) {
            return false;
        }
        if (elf.entry() == VirtBoard.RAM_BASE) {
            return true;
        }
        // also bare metal: the entry and every loadable segment lie in the board's RAM window
        // (a Linux executable is linked far below 0x80000000)
        long window = 2L << 30;
        if (Long.compareUnsigned(elf.entry() - VirtBoard.RAM_BASE, window) >= 0 || elf.loadSegments().isEmpty()) {
            return false;
        }
        return elf.loadSegments().stream().allMatch(s -> s.memsz() == 0
                || (Long.compareUnsigned(s.vaddr() - VirtBoard.RAM_BASE, window) < 0
                && Long.compareUnsigned(s.vaddr() + s.memsz() - VirtBoard.RAM_BASE, window) <= 0));
    }

    static long parseSize(String s) {
        String t = s.trim().toUpperCase(Locale.ROOT);
        long mult = 1;
        if (t.endsWith("IB")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        if (t.endsWith("K")) {
            mult = 1L << 10;
        } else if (t.endsWith("M")) {
            mult = 1L << 20;
        } else if (t.endsWith("G")) {
            mult = 1L << 30;
        }
        if (mult != 1) {
            t = t.substring(0, t.length() - 1);
        }
        long v = Long.parseLong(t);
        if (v <= 0 || v > (64L << 30) / mult) {
            throw new NumberFormatException("size out of range: " + s);
        }
        return v * mult;
    }

    @Override
    public Integer call() {
        try {
            return runChecked();
        } catch (Throwable e) {
            // the run boundary: nothing a guest or its file does may end in a Java stack trace
            System.out.flush();
            System.err.println("cheri-emu: internal error: " + e);
            return ExitStatus.INTERNAL;
        }
    }

    private int runChecked() {
        PrintStream err = System.err;
        if (maxInsns != null && maxInsns <= 0) {
            err.println("cheri-emu: --max-insns must be positive");
            return ExitStatus.USAGE;
        }
        if (compileThreshold < 0) {
            err.println("cheri-emu: --compile-threshold must be 0 or more");
            return ExitStatus.USAGE;
        }
        long limit = maxInsns != null ? maxInsns : Long.MAX_VALUE;
        long ram;
        try {
            ram = memory == null ? 0 : parseSize(memory);
        } catch (NumberFormatException e) {
            err.println("cheri-emu: bad --memory value '" + memory + "' (expected e.g. 128M, 1G)");
            return ExitStatus.USAGE;
        }
        byte[] bytes;
        try {
            if (!Files.isRegularFile(program)) {
                err.println("cheri-emu: " + program + ": " + (Files.exists(program) ? "not a regular file" : "no such file"));
                return ExitStatus.BAD_INPUT;
            }
            if (Files.size(program) > ElfFile.MAX_FILE_SIZE) {
                err.println("cheri-emu: " + program + ": too large for an executable");
                return ExitStatus.BAD_INPUT;
            }
            bytes = Files.readAllBytes(program);
        } catch (IOException | OutOfMemoryError | SecurityException e) {
            err.println("cheri-emu: cannot read " + program + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() != null ? " " + e.getMessage() : ""));
            return ExitStatus.BAD_INPUT;
        }
        ElfFile elf;
        try {
            elf = ElfFile.parse(bytes);
        } catch (BadElfException e) {
            err.println("cheri-emu: " + program + ": " + e.getMessage());
            return ExitStatus.BAD_INPUT;
        }
        boolean bare = switch (machine) {
            case "virt" -> true;
            case "linux" -> false;
            case "auto" -> isBareMetal(elf);
            default -> {
                err.println("cheri-emu: unknown machine '" + machine + "' (auto, linux or virt)");
                yield false;
            }
        };
        if (!machine.equals("virt") && !machine.equals("linux") && !machine.equals("auto")) {
            return ExitStatus.USAGE;
        }
        OptionalInt rejected = rejectGuestAndTraceOptions(bare);
        if (rejected.isPresent()) {
            return rejected.getAsInt();
        }
        return bare ? runVirt(elf, ram == 0 ? VirtBoard.DEFAULT_RAM_SIZE : ram, limit) : runLinux(elf, ram, limit);
    }

    private int runVirt(ElfFile elf, long ram, long limit) {
        OptionalInt rejected = oracle.rejectBareMetal(System.err);
        if (rejected.isPresent()) {
            return rejected.getAsInt();
        }
        PrintStream out = System.out;
        VirtBoard board;
        try {
            board = new VirtBoard(elf, ram, out);
        } catch (BadElfException e) {
            System.err.println("cheri-emu: " + program + ": " + e.getMessage());
            return ExitStatus.BAD_INPUT;
        }
        traceSymbols = elf.symbols();
        return execute(board.hart(), () -> board.run(limit), limit, board::symbolize, null);
    }

    private int runLinux(ElfFile elf, long memoryLimit, long limit) {
        return LinuxMode.run(this, program, elf, args, memoryLimit, limit);
    }

    /**
     * The run boundary: runs the guest and turns every way it can end into a message on stderr
     * and an exit status. No exception escapes.
     */
    int execute(Hart hart, Runnable body, long limit, LongFunction<String> symbolize, RuntimeServices runtime) {
        hart.setCompiling(compileThreshold > 0, Math.max(1, compileThreshold));
        PrintStream traceOut = null;
        Tracer tracer = null;
        if (trace != null) {
            TraceWindow window;
            try {
                window = traceWindow.window(traceSymbols);
            } catch (UsageException e) {
                System.err.println("cheri-emu: " + e.getMessage());
                return ExitStatus.USAGE;
            }
            try {
                traceOut = new PrintStream(new java.io.BufferedOutputStream(Files.newOutputStream(trace), 1 << 16),
                        false, java.nio.charset.StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                System.err.println("cheri-emu: " + trace + ": cannot write the trace: " + e.getMessage());
                return ExitStatus.IO_ERROR;
            }
            tracer = new Tracer(traceOut, hart.linuxUser() ? -1 : VirtBoard.RAM_BASE, window);
            hart.setTracer(tracer);
        }
        try {
            return executeTraced(hart, body, limit, symbolize, runtime);
        } finally {
            if (traceOut != null) {
                traceOut.close();
            }
            if (tracer != null && !tracer.started()) {
                System.err.printf("cheri-emu: --trace-from: the pc never reached 0x%x, so the trace is empty%n",
                        traceWindow.window(traceSymbols).from());
            }
        }
    }

    private int executeTraced(Hart hart, Runnable body, long limit, LongFunction<String> symbolize,
                              RuntimeServices runtime) {
        long t0 = System.nanoTime();
        int status;
        try {
            body.run();
            if (hart.instret() >= limit) {
                System.out.flush();
                String sym = null;
                try {
                    sym = symbolize == null ? null : symbolize.apply(hart.pc());
                } catch (RuntimeException e) {
                    sym = null;
                }
                System.err.printf("cheri-emu: stopped after %d instructions (--max-insns) at pc 0x%x%s%n",
                        hart.instret(), hart.pc(), sym == null ? "" : " <" + sym + ">");
                status = ExitStatus.INSN_LIMIT;
            } else {
                status = 0;
            }
        } catch (GuestExit e) {
            System.out.flush();
            status = e.status();
            CheriFaultReport cheri = CheriFaultReport.of(hart, status, symbolize);
            RuntimeServices.FaultObject heapObject = cheri == null || runtime == null ? null
                    : runtime.describeFault(hart.lastFaultCapability(), hart.lastFaultAddress());
            if (heapObject != null) {
                cheri = cheri.withHeapObject(CheriFaultReport.HeapObject.of(heapObject, symbolize));
            }
            if (e.report() != null && cheri == null) {
                System.err.println(e.report());   // a capability fault's own report says all this and more
            }
            if (cheri != null) {
                System.err.println(cheri.text());
                if (faultReport != null) {
                    try {
                        cheri.write(faultReport);
                    } catch (IOException io) {
                        System.err.println("cheri-emu: " + faultReport + ": " + io.getMessage());
                    }
                }
            }
        } catch (OutOfMemoryError e) {
            System.out.flush();
            System.err.printf("cheri-emu: out of host memory at pc 0x%x (the guest's memory does not fit in the"
                    + " Java heap: lower --memory or raise -Xmx)%n", hart.pc());
            status = ExitStatus.INTERNAL;
        } catch (Throwable e) {
            System.out.flush();
            System.err.printf("cheri-emu: internal error: %s at pc 0x%x%n", e, hart.pc());
            status = ExitStatus.INTERNAL;
        }
        System.out.flush();
        RuntimeSummary summary = runtime == null ? null : runtime.statistics();
        if (runtime != null && allocator.leakCheck) {
            runtime.reportLeaks();
        }
        if (stats) {
            double secs = (System.nanoTime() - t0) / 1e9;
            long n = hart.instret();
            double mips = secs > 0 ? n / secs / 1e6 : 0.0;
            if (json) {
                ObjectNode o = JsonNodeFactory.instance.objectNode();
                o.put("instructions", n);
                o.put("seconds", secs);
                o.put("mips", mips);
                o.put("status", status);
                Hart.CompilerStats c = hart.compilerStats();
                ObjectNode compiled = o.putObject("compiled");
                compiled.put("instructions", c.instructions());
                compiled.put("entries", c.entries());
                compiled.put("regions", c.regions());
                compiled.put("pageCompiles", c.pageCompiles());
                if (summary != null) {
                    ObjectNode rt = runtimeJson(summary);
                    rt.set("sizeClasses", new ObjectMapper().valueToTree(runtime.allocator().sizeClassStatistics()));
                    o.set("runtime", rt);
                }
                System.err.println(o.toString());
            } else {
                System.err.printf(Locale.ROOT, "cheri-emu: %d instructions retired in %.3f s (%.1f MIPS)%n",
                        n, secs, mips);
                Hart.CompilerStats c = hart.compilerStats();
                System.err.printf(Locale.ROOT, "cheri-emu: %.1f%% of them in compiled code: %d regions from %d page"
                        + " compiles, entered %d times%n", n > 0 ? 100.0 * c.instructions() / n : 0.0, c.regions(),
                        c.pageCompiles(), c.entries());
                if (summary != null) {
                    System.err.println(summary.text());
                    System.err.println(SizeClassStats.table(runtime.allocator().sizeClassStatistics()));
                }
            }
        }
        return status;
    }

    private static ObjectNode runtimeJson(RuntimeSummary summary) {
        try {
            return (ObjectNode) new ObjectMapper().readTree(RuntimeJson.toJson(summary));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
