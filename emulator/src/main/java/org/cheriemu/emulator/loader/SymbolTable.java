package org.cheriemu.emulator.loader;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The symbols of an image (from .symtab), for fault reports ({@link #symbolize}) and for
 * lookups by name ({@link #lookup}, e.g. {@code tohost} for HTIF).
 *
 * <p>Only symbols that name an address take part in {@link #symbolize}: functions, objects and
 * untyped labels that are defined (section index not UNDEF), excluding section and file symbols
 * and the assembler's mapping / local labels ({@code $x}, {@code $d}, {@code .L...}).
 */
public final class SymbolTable {

    /** A table without symbols (stripped binaries). */
    public static final SymbolTable EMPTY = new SymbolTable(List.of());

    private final List<ElfSymbol> all;
    /** Address-naming symbols sorted by value, then preference (see {@link #better}). */
    private final ElfSymbol[] byAddress;
    private final long[] values;
    private final Map<String, ElfSymbol> byName;

    public SymbolTable(List<ElfSymbol> symbols) {
        this.all = List.copyOf(symbols);
        List<ElfSymbol> named = new ArrayList<>();
        Map<String, ElfSymbol> names = new HashMap<>();
        for (ElfSymbol s : all) {
            if (s.name().isEmpty() || s.shndx() == ElfSymbol.SHN_UNDEF) {
                continue;
            }
            ElfSymbol prev = names.get(s.name());
            if (prev == null || rank(s) > rank(prev)) {
                names.put(s.name(), s);
            }
            if (namesAddress(s)) {
                named.add(s);
            }
        }
        named.sort(((Comparator<ElfSymbol>) (a, b) -> Long.compareUnsigned(a.value(), b.value()))
                .thenComparing(SymbolTable::better));
        this.byAddress = named.toArray(new ElfSymbol[0]);
        this.values = new long[byAddress.length];
        for (int i = 0; i < byAddress.length; i++) {
            values[i] = byAddress[i].value();
        }
        this.byName = names;
    }

    private static boolean namesAddress(ElfSymbol s) {
        if (s.type() != ElfSymbol.STT_FUNC && s.type() != ElfSymbol.STT_OBJECT
                && s.type() != ElfSymbol.STT_NOTYPE) {
            return false;
        }
        if (s.shndx() == ElfSymbol.SHN_ABS) {
            return false; // absolute symbols are constants, not places in the image
        }
        String n = s.name();
        return !n.startsWith("$") && !n.startsWith(".L");
    }

    /** Global beats weak beats local when two symbols share a name. */
    private static int rank(ElfSymbol s) {
        return switch (s.bind()) {
            case ElfSymbol.STB_GLOBAL -> 3;
            case ElfSymbol.STB_WEAK -> 2;
            default -> 1;
        };
    }

    /** Ordering among symbols at one address: the preferred one sorts last (it is found first). */
    private static int better(ElfSymbol a, ElfSymbol b) {
        int c = Integer.compare(a.type() == ElfSymbol.STT_FUNC ? 1 : 0, b.type() == ElfSymbol.STT_FUNC ? 1 : 0);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(rank(a), rank(b));
        if (c != 0) {
            return c;
        }
        return Long.compare(a.size(), b.size());
    }

    /** Every symbol of .symtab, in file order. */
    public List<ElfSymbol> symbols() {
        return all;
    }

    public boolean isEmpty() {
        return all.isEmpty();
    }

    /** The defined symbol called {@code name} (global preferred over weak over local). */
    public Optional<ElfSymbol> lookup(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The value (address) of the defined symbol {@code name}, if there is one. */
    public Optional<Long> address(String name) {
        return lookup(name).map(ElfSymbol::value);
    }

    /**
     * The symbol that covers {@code addr}: the nearest symbol at or below it whose
     * {@code [value, value+size)} contains it, or, when the nearest symbol at or below has size
     * 0 (assembler labels), that symbol. Empty when none applies.
     */
    public Optional<ElfSymbol> find(long addr) {
        int i = upperIndex(addr);
        if (i < 0) {
            return Optional.empty();
        }
        ElfSymbol nearest = byAddress[i];
        // Look back over symbols below addr for one whose extent still covers it (nested or
        // overlapping symbols); a handful of steps is plenty for compiler output.
        for (int j = i, steps = 0; j >= 0 && steps < 64; j--, steps++) {
            ElfSymbol s = byAddress[j];
            if (s.size() > 0 && addr - s.value() < s.size() && Long.compareUnsigned(addr, s.value()) >= 0) {
                return Optional.of(s);
            }
        }
        return nearest.size() == 0 ? Optional.of(nearest) : Optional.empty();
    }

    /**
     * {@code name+0xoff} for the symbol covering {@code addr}, or {@code 0x<addr>} when no
     * symbol covers it.
     */
    public String symbolize(long addr) {
        Optional<ElfSymbol> s = find(addr);
        return s.map(sym -> sym.name() + "+0x" + Long.toHexString(addr - sym.value()))
                .orElseGet(() -> "0x" + Long.toHexString(addr));
    }

    /** This table with every (non-absolute) symbol moved by {@code bias}. */
    public SymbolTable relocated(long bias) {
        if (bias == 0) {
            return this;
        }
        List<ElfSymbol> moved = new ArrayList<>(all.size());
        for (ElfSymbol s : all) {
            moved.add(s.relocated(bias));
        }
        return new SymbolTable(moved);
    }

    /** Index of the last address-naming symbol with value ≤ addr (unsigned), or -1. */
    private int upperIndex(long addr) {
        int lo = 0, hi = values.length - 1, found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(values[mid], addr) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    @Override
    public String toString() {
        return "SymbolTable[" + all.size() + " symbols]";
    }
}
