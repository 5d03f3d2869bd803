package org.cheriemu.emulator.machine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal ELF64 little-endian RISC-V reader for the bare-metal board: loadable segments, the
 * entry point, PT_INTERP and the symbol table (for the HTIF {@code tohost} symbol and for
 * symbol+offset in reports). The Linux loader has its own, fuller reader.
 */
public final class ElfImage {
    /** A PT_LOAD segment. */
    public record Segment(long vaddr, long memSize, long fileOffset, long fileSize, int flags) {
    }

    /** A function or object symbol. */
    public record Symbol(String name, long value, long size, boolean function) {
    }

    /** The file is not an ELF this emulator can run. */
    public static final class BadElfException extends Exception {
        public BadElfException(String message) {
            super(message);
        }
    }

    public static final int EM_RISCV = 243;
    public static final int PT_LOAD = 1, PT_INTERP = 3;

    public final byte[] bytes;
    public final long entry;
    public final List<Segment> segments = new ArrayList<>();
    public final boolean hasInterp;
    public final Map<String, Symbol> symbols = new HashMap<>();
    private final List<Symbol> sorted = new ArrayList<>();

    public ElfImage(byte[] bytes) throws BadElfException {
        this.bytes = bytes;
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            if (bytes.length < 64 || b.getInt(0) != 0x464C457F) {
                throw new BadElfException("not an ELF file");
            }
            if (bytes[4] != 2) {
                throw new BadElfException("not a 64-bit ELF file");
            }
            if (bytes[5] != 1) {
                throw new BadElfException("not a little-endian ELF file");
            }
            if ((b.getShort(18) & 0xFFFF) != EM_RISCV) {
                throw new BadElfException("not a RISC-V ELF file (e_machine " + (b.getShort(18) & 0xFFFF) + ")");
            }
            int type = b.getShort(16) & 0xFFFF;
            if (type != 2 && type != 3) {
                throw new BadElfException("not an executable ELF file (e_type " + type + ")");
            }
            entry = b.getLong(24);
            long phoff = b.getLong(32);
            long shoff = b.getLong(40);
            int phentsize = b.getShort(54) & 0xFFFF;
            int phnum = b.getShort(56) & 0xFFFF;
            int shentsize = b.getShort(58) & 0xFFFF;
            int shnum = b.getShort(60) & 0xFFFF;
            boolean interp = false;
            for (int i = 0; i < phnum; i++) {
                int p = checkedOffset(phoff + (long) i * phentsize, 56);
                int ptype = b.getInt(p);
                if (ptype == PT_INTERP) {
                    interp = true;
                } else if (ptype == PT_LOAD) {
                    long off = b.getLong(p + 8);
                    long vaddr = b.getLong(p + 16);
                    long filesz = b.getLong(p + 32);
                    long memsz = b.getLong(p + 40);
                    if (filesz < 0 || memsz < filesz || off < 0 || off + filesz > bytes.length) {
                        throw new BadElfException("segment " + i + " lies outside the file");
                    }
                    segments.add(new Segment(vaddr, memsz, off, filesz, b.getInt(p + 4)));
                }
            }
            hasInterp = interp;
            if (segments.isEmpty()) {
                throw new BadElfException("no loadable segment");
            }
            // symbol table
            for (int i = 0; i < shnum && shoff != 0; i++) {
                int s = checkedOffset(shoff + (long) i * shentsize, 64);
                if (b.getInt(s + 4) != 2) {      // SHT_SYMTAB
                    continue;
                }
                long symOff = b.getLong(s + 24);
                long symSize = b.getLong(s + 32);
                int link = b.getInt(s + 40);
                if (link >= shnum) {
                    break;
                }
                int l = checkedOffset(shoff + (long) link * shentsize, 64);
                long strOff = b.getLong(l + 24);
                long strSize = b.getLong(l + 32);
                checkedOffset(strOff, (int) Math.min(strSize, Integer.MAX_VALUE));
                for (long e = 0; e + 24 <= symSize; e += 24) {
                    int q = checkedOffset(symOff + e, 24);
                    int nameOff = b.getInt(q);
                    int info = bytes[q + 4] & 0xFF;
                    int shndx = b.getShort(q + 6) & 0xFFFF;
                    long value = b.getLong(q + 8);
                    long size = b.getLong(q + 16);
                    int stype = info & 15;
                    if (shndx == 0 || nameOff <= 0 || nameOff >= strSize || (stype != 0 && stype != 1 && stype != 2)) {
                        continue;
                    }
                    String name = cString((int) (strOff + nameOff));
                    if (name.isEmpty() || name.startsWith("$")) {
                        continue;
                    }
                    Symbol sym = new Symbol(name, value, size, stype == 2);
                    symbols.putIfAbsent(name, sym);
                    sorted.add(sym);
                }
                break;
            }
            sorted.sort((x, y) -> Long.compareUnsigned(x.value(), y.value()));
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new BadElfException("truncated or malformed ELF file");
        }
    }

    private int checkedOffset(long off, int len) throws BadElfException {
        if (off < 0 || len < 0 || off + len > bytes.length) {
            throw new BadElfException("truncated or malformed ELF file");
        }
        return (int) off;
    }

    private String cString(int off) {
        int end = off;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, off, end - off, StandardCharsets.UTF_8);
    }

    /** The value of a symbol, or null. */
    public Long symbol(String name) {
        Symbol s = symbols.get(name);
        return s == null ? null : s.value();
    }

    /** {@code name+0xoff} for the symbol at or before {@code addr} (within its size if known), or null. */
    public String symbolize(long addr) {
        Symbol best = null;
        int lo = 0, hi = sorted.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(sorted.get(mid).value(), addr) <= 0) {
                best = sorted.get(mid);
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (best == null) {
            return null;
        }
        long off = addr - best.value();
        if (best.size() > 0 && Long.compareUnsigned(off, best.size()) >= 0 && off > 0x10000) {
            return null;
        }
        return off == 0 ? best.name() : best.name() + "+0x" + Long.toHexString(off);
    }
}
