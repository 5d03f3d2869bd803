package org.cheriemu.emulator.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.cheriemu.emulator.ExitStatus;
import org.cheriemu.emulator.linux.Disassembler;
import org.cheriemu.emulator.loader.BadElfException;
import org.cheriemu.emulator.loader.ElfFile;
import org.cheriemu.emulator.loader.ElfLoader;
import org.cheriemu.emulator.loader.ElfSymbol;
import org.cheriemu.emulator.loader.SectionHeader;
import org.cheriemu.emulator.nativelib.NativeLibraryUnavailableException;
import org.cheriemu.emulator.oracle.CapstoneDisassembly;
import org.cheriemu.isa.memory.TaggedMemory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cheri-emu disasm}: disassembles the code of a RISC-V ELF, objdump-style. Base
 * instructions are spelled by Capstone 5 when it is installed, CHERI ones (which Capstone does not
 * know) by our own disassembler in QEMU-CHERI's spelling.
 */
@Command(name = "disasm", mixinStandardHelpOptions = true,
        description = "Disassemble the executable sections of a RISC-V ELF (or one function).")
final class DisasmCommand implements Callable<Integer> {

    /** SHF_EXECINSTR: the section holds instructions. */
    private static final long SHF_EXECINSTR = 0x4;

    @Parameters(index = "0", paramLabel = "PROGRAM", description = "the ELF file")
    Path program;

    @Option(names = "--function", paramLabel = "NAME", description = "disassemble only this symbol")
    String function;

    @Option(names = "--disassembler", paramLabel = "auto|capstone|ours", defaultValue = "auto",
            description = "auto (default): Capstone for base instructions when libcapstone 5 is installed, else ours;"
                    + " capstone: require it (exit 69 without it); ours: QEMU's spelling throughout")
    String disassembler;

    private record Range(long start, long end) {
    }

    @Override
    public Integer call() throws IOException {
        PrintStream err = System.err;
        ElfFile elf;
        try {
            elf = ElfFile.read(program);
        } catch (NoSuchFileException e) {
            err.println("cheri-emu: " + program + ": no such file");
            return ExitStatus.BAD_INPUT;
        } catch (BadElfException e) {
            err.println("cheri-emu: " + program + ": " + e.getMessage());
            return ExitStatus.BAD_INPUT;
        }
        List<Range> ranges = function == null ? executableSections(elf) : functionRange(elf);
        if (ranges.isEmpty()) {
            err.println("cheri-emu: " + program + ": "
                    + (function == null ? "no executable sections" : "no symbol named '" + function + "'"));
            return function == null ? ExitStatus.BAD_INPUT : ExitStatus.USAGE;
        }
        Disassembler text = chooseDisassembler(err);
        if (text == null) {
            return ExitStatus.UNAVAILABLE;
        }
        TaggedMemory memory = new TaggedMemory();
        try {
            ElfLoader.load(elf, memory, ElfLoader.Mode.BARE_METAL);
        } catch (BadElfException e) {
            err.println("cheri-emu: " + program + ": " + e.getMessage());
            return ExitStatus.BAD_INPUT;
        }
        print(System.out, memory, ranges, functionStarts(elf), text);
        return 0;
    }

    private Disassembler chooseDisassembler(PrintStream err) {
        Disassembler ours = (pc, insn) -> org.cheriemu.emulator.cpu.Disassembler.disassemble(insn, pc);
        switch (disassembler) {
            case "ours":
                return ours;
            case "capstone":
            case "auto":
                try {
                    return CapstoneDisassembly.open();
                } catch (NativeLibraryUnavailableException e) {
                    if (disassembler.equals("capstone")) {
                        err.println("cheri-emu: --disassembler capstone needs libcapstone 5: " + e.getMessage());
                        return null;
                    }
                    err.println("cheri-emu: libcapstone 5 not found, using our own disassembler for every instruction");
                    return ours;
                }
            default:
                throw new UsageException("unknown --disassembler '" + disassembler + "' (auto, capstone or ours)");
        }
    }

    private static List<Range> executableSections(ElfFile elf) {
        List<Range> ranges = new ArrayList<>();
        for (SectionHeader s : elf.sections()) {
            if ((s.flags() & SHF_EXECINSTR) != 0 && s.type() != SectionHeader.SHT_NOBITS && s.addr() != 0 && s.size() > 0) {
                ranges.add(new Range(s.addr(), s.addr() + s.size()));
            }
        }
        return ranges;
    }

    private List<Range> functionRange(ElfFile elf) {
        return elf.symbols().lookup(function)
                .filter(s -> s.shndx() != ElfSymbol.SHN_UNDEF)
                .map(s -> List.of(new Range(s.value(), s.value() + Math.max(s.size(), 2))))
                .orElse(List.of());
    }

    /** Function and label symbols by address, for the {@code <name>:} headers. */
    private static TreeMap<Long, String> functionStarts(ElfFile elf) {
        TreeMap<Long, String> starts = new TreeMap<>(Long::compareUnsigned);
        for (ElfSymbol s : elf.symbols().symbols()) {
            boolean code = s.type() == ElfSymbol.STT_FUNC || s.type() == ElfSymbol.STT_NOTYPE;
            if (code && !s.name().isEmpty() && s.shndx() != ElfSymbol.SHN_UNDEF && !s.name().startsWith("$")) {
                starts.putIfAbsent(s.value(), s.name());
            }
        }
        return starts;
    }

    private static void print(PrintStream out, TaggedMemory memory, List<Range> ranges, TreeMap<Long, String> starts,
                              Disassembler text) {
        StringBuilder line = new StringBuilder(96);
        for (Range r : ranges) {
            long pc = r.start();
            while (Long.compareUnsigned(pc, r.end()) < 0) {
                String name = starts.get(pc);
                if (name != null) {
                    out.printf(Locale.ROOT, "%n%016x <%s>:%n", pc, name);
                }
                int low = memory.load16(pc);
                boolean compressed = (low & 3) != 3;
                int word = compressed ? low : memory.load32(pc);
                line.setLength(0);
                line.append(String.format(Locale.ROOT, "%8x:  ", pc));
                line.append(compressed ? String.format(Locale.ROOT, "%04x     ", low) : String.format(Locale.ROOT, "%08x ", word));
                line.append("  ").append(text.disassemble(pc, word));
                out.println(line);
                pc += compressed ? 2 : 4;
            }
        }
        out.flush();
    }
}
