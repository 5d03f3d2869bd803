package org.cheriemu.emulator.cli;

import org.cheriemu.emulator.cpu.TraceWindow;
import org.cheriemu.emulator.loader.ElfSymbol;
import org.cheriemu.emulator.loader.SymbolTable;

import picocli.CommandLine.Option;

/**
 * The {@code run} options that choose which part of a run {@code --trace} writes: a whole
 * glibc run is hundreds of thousands of instructions, the interesting part a few hundred.
 * Symbols come from the ELF's symbol table (as loaded, so a PIE's symbols are relocated).
 */
final class TraceWindowOptions {

    @Option(names = "--trace-from", paramLabel = "SYMBOL|ADDR",
            description = "with --trace: start writing when the pc first reaches SYMBOL (e.g. main) or ADDR "
                    + "(decimal or 0x hex)")
    String from;

    @Option(names = "--trace-filter", paramLabel = "RANGE[,RANGE...]",
            description = "with --trace: write only instructions whose pc lies in a RANGE (as QEMU's -dfilter): "
                    + "SYMBOL (a function's extent), START..END (inclusive) or START+LENGTH")
    String filter;

    @Option(names = "--trace-limit", paramLabel = "N",
            description = "with --trace: stop writing after N instructions (the guest runs on)")
    String limit;

    /** Whether any of these options was given. */
    boolean any() {
        return from != null || filter != null || limit != null;
    }

    /** The window these options describe; UsageException for bad input or an unknown symbol. */
    TraceWindow window(SymbolTable symbols) {
        long start = from == null ? TraceWindow.ANYWHERE : address(from, symbols, "--trace-from");
        long[] ranges = filter == null ? new long[0] : ranges(filter, symbols);
        long max = Long.MAX_VALUE;
        if (limit != null) {
            max = Numbers.parseUnsigned(limit, "--trace-limit");
            if (max <= 0) {
                throw new UsageException("--trace-limit: '" + limit + "' must be a positive number");
            }
        }
        return new TraceWindow(start, ranges, max);
    }

    private static long[] ranges(String text, SymbolTable symbols) {
        String[] items = text.split(",", -1);
        long[] ranges = new long[2 * items.length];
        for (int i = 0; i < items.length; i++) {
            String item = items[i].strip();
            long lo;
            long hi;
            int dots = item.indexOf("..");
            int plus = item.indexOf('+');
            if (dots > 0) {
                lo = address(item.substring(0, dots), symbols, "--trace-filter");
                hi = address(item.substring(dots + 2), symbols, "--trace-filter");
            } else if (plus > 0) {
                lo = address(item.substring(0, plus), symbols, "--trace-filter");
                long length = Numbers.parseUnsigned(item.substring(plus + 1), "--trace-filter");
                if (length == 0) {
                    throw new UsageException("--trace-filter: '" + item + "' is an empty range");
                }
                hi = lo + length - 1;
            } else {
                ElfSymbol s = symbol(item, symbols, "--trace-filter");
                if (s.size() == 0) {
                    throw new UsageException("--trace-filter: symbol '" + item + "' has no size; give START..END");
                }
                lo = s.value();
                hi = s.value() + s.size() - 1;
            }
            if (Long.compareUnsigned(lo, hi) > 0) {
                throw new UsageException("--trace-filter: '" + item + "' ends before it starts");
            }
            ranges[2 * i] = lo;
            ranges[2 * i + 1] = hi;
        }
        return ranges;
    }

    /** A number (starting with a digit) or a symbol's address. */
    private static long address(String text, SymbolTable symbols, String option) {
        String t = text.strip();
        if (!t.isEmpty() && Character.isDigit(t.charAt(0))) {
            return Numbers.parseUnsigned(t, option);
        }
        return symbol(t, symbols, option).value();
    }

    private static ElfSymbol symbol(String name, SymbolTable symbols, String option) {
        return symbols.lookup(name).orElseThrow(() -> new UsageException(option + ": no symbol '" + name
                + "' in the program" + (symbols.isEmpty() ? " (it has no symbol table)" : "")));
    }
}
