package org.cheriemu.emulator.machine;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import org.cheriemu.emulator.cpu.Cause;
import org.cheriemu.emulator.cpu.TrapReport;
import org.cheriemu.emulator.loader.BadElfException;
import org.cheriemu.emulator.loader.ElfFile;
import org.cheriemu.emulator.loader.ElfLoader;
import org.cheriemu.emulator.loader.ProgramHeader;
import org.cheriemu.emulator.cpu.Environment;
import org.cheriemu.emulator.cpu.GuestExit;
import org.cheriemu.emulator.cpu.Hart;
import org.cheriemu.emulator.cpu.HartView;
import org.cheriemu.emulator.cpu.Mmio;
import org.cheriemu.isa.memory.Page;
import org.cheriemu.isa.memory.TaggedMemory;

/**
 * A bare-metal board shaped like QEMU's {@code virt} machine:
 * <ul>
 * <li>RAM at 0x80000000 (128 MiB unless told otherwise), created page by page on first touch;</li>
 * <li>a reset ROM at 0x1000 (QEMU's reset vector): a0 = mhartid, a1 = 0 (no device tree is
 *     provided), a2 = 0x1028, then a jump to the ELF entry;</li>
 * <li>an ns16550 UART at 0x10000000: THR writes go to the output stream, LSR always reports the
 *     transmitter empty (0x60), no input;</li>
 * <li>the SiFive test finisher at 0x100000: 0x5555 ends with status 0, 0x3333 | code &lt;&lt; 16
 *     ends with status {@code code} (1 if code is a multiple of 256), 0x7777 (reset) stops with
 *     status 0;</li>
 * <li>a CLINT at 0x2000000 (msip, mtimecmp, mtime at 10 MHz derived from the instruction count):
 *     machine timer and software interrupts;</li>
 * <li>HTIF at the ELF's {@code tohost} symbol: 1 = pass (status 0); an odd value v &gt; 1 means
 *     test case v &gt;&gt; 1 failed (status (v &gt;&gt; 1) &amp; 0xff, or 1 if that is 0); device 1
 *     command 1 prints a character; an even value is a riscv-tests "magic memory" system call
 *     (write = 64 and exit = 93 are served). Like QEMU, a 64-bit write, or a 32-bit write of the
 *     upper half, triggers the action.</li>
 * </ul>
 * A trap that the guest cannot take (mtvec never written, or a fault fetching the handler) ends
 * the run with a report and the status a Linux process would get for that fault (illegal
 * instruction 132, breakpoint 133, misaligned 135, access faults 139, ecall 159 = SIGSYS).
 */
public final class VirtBoard implements Environment, Mmio {
    public static final long RAM_BASE = 0x8000_0000L;
    public static final long DEFAULT_RAM_SIZE = 128L << 20;
    public static final long ROM_BASE = 0x1000;
    public static final long UART_BASE = 0x1000_0000L, UART_SIZE = 0x100;
    public static final long FINISHER_BASE = 0x10_0000L, FINISHER_SIZE = 0x1000;
    /** CLINT: msip at +0, mtimecmp at +0x4000, mtime at +0xbff8 (10 MHz). */
    public static final long CLINT_BASE = 0x200_0000L, CLINT_SIZE = 0x1_0000L;
    static final long CLINT_MTIMECMP = 0x4000, CLINT_MTIME = 0xBFF8;

    private final TaggedMemory mem = new TaggedMemory();
    private final long ramSize;
    private final OutputStream out;
    private final ElfFile elf;
    private final Hart hart;
    private final long tohost;        // -1 if none
    private final long fromhost;      // -1 if none
    private long tohostValue;
    private final byte[] uartRegs = new byte[8];

    public VirtBoard(ElfFile elf, long ramSize, OutputStream out) throws BadElfException {
        this.elf = elf;
        this.ramSize = ramSize;
        this.out = out;
        this.tohost = elf.symbols().address("tohost").orElse(-1L);
        this.fromhost = elf.symbols().address("fromhost").orElse(-1L);
        for (ProgramHeader s : elf.loadSegments()) {
            if (s.memsz() == 0) {
                continue;
            }
            if (!inRam(s.vaddr()) || !inRam(s.vaddr() + s.memsz() - 1)) {
                throw new BadElfException(String.format(
                        "segment at 0x%x (size 0x%x) is outside RAM (0x%x..0x%x)",
                        s.vaddr(), s.memsz(), RAM_BASE, RAM_BASE + ramSize - 1));
            }
        }
        ElfLoader.load(elf, mem, ElfLoader.Mode.BARE_METAL);
        // RAM is RAM: the board has no memory protection (segment permissions do not apply)
        mem.forEachPage(p -> p.setProt(Page.PROT_ALL));
        // QEMU virt's reset vector
        int[] rom = {
            0x00000297,            // auipc t0, 0
            0x02828613,            // addi a2, t0, 40
            0xf1402573,            // csrr a0, mhartid
            0x0202b583,            // ld a1, 32(t0)
            0x0182b283,            // ld t0, 24(t0)
            0x00028067,            // jr t0
        };
        Page romPage = mem.pageOrCreate(ROM_BASE >>> Page.SHIFT);
        for (int i = 0; i < rom.length; i++) {
            romPage.store32(i * 4, rom[i]);
        }
        romPage.store64(0x18, elf.entry());
        romPage.store64(0x20, 0);             // no device tree
        romPage.setProt(Page.PROT_READ | Page.PROT_EXEC);
        hart = new Hart(mem, this, this, false, 0);
        hart.enableTimer();
        hart.setPc(ROM_BASE);
    }

    public Hart hart() {
        return hart;
    }

    public TaggedMemory memory() {
        return mem;
    }

    public ElfFile elf() {
        return elf;
    }

    private boolean inRam(long addr) {
        return Long.compareUnsigned(addr - RAM_BASE, ramSize) < 0;
    }

    // ------------------------------------------------------------------ Environment

    @Override
    public void ecall(HartView h) {
        throw new IllegalStateException("bare-metal ecall traps to M-mode; the board serves none");
    }

    @Override
    public Page resolvePage(long pageNumber, int access) {
        long addr = pageNumber << Page.SHIFT;
        if (inRam(addr)) {
            return mem.pageOrCreate(pageNumber);
        }
        return null;
    }

    @Override
    public void unhandledTrap(HartView h, long cause, long tval) {
        throw new GuestExit(Cause.linuxStatus(cause), "cheri-emu: unhandled trap (no M-mode handler): "
                + TrapReport.describe(h, cause, tval, this::symbolize));
    }

    /** {@code name+0xoff} for an address in the guest image, or null. */
    public String symbolize(long addr) {
        return elf.symbols().find(addr).map(s -> addr == s.value() ? s.name()
                : s.name() + "+0x" + Long.toHexString(addr - s.value())).orElse(null);
    }

    // ------------------------------------------------------------------ devices

    @Override
    public boolean claimsPage(long pageNumber) {
        return pageNumber == (UART_BASE >>> Page.SHIFT) || pageNumber == (FINISHER_BASE >>> Page.SHIFT)
                || (pageNumber >= (CLINT_BASE >>> Page.SHIFT) && pageNumber < ((CLINT_BASE + CLINT_SIZE) >>> Page.SHIFT))
                || (tohost != -1 && pageNumber == (tohost >>> Page.SHIFT));
    }

    @Override
    public boolean handles(long addr, int size) {
        return Long.compareUnsigned(addr - UART_BASE, UART_SIZE) < 0
                || Long.compareUnsigned(addr - FINISHER_BASE, FINISHER_SIZE) < 0
                || Long.compareUnsigned(addr - CLINT_BASE, CLINT_SIZE) < 0
                || (tohost != -1 && Long.compareUnsigned(addr - tohost, 8) < 0);
    }

    @Override
    public long read(long addr, int size) {
        if (Long.compareUnsigned(addr - UART_BASE, UART_SIZE) < 0) {
            int reg = (int) (addr - UART_BASE) & 7;
            return switch (reg) {
                case 0 -> 0;                 // RBR: no input
                case 2 -> 0x01;              // IIR: no interrupt pending
                case 5 -> 0x60;              // LSR: THRE | TEMT
                default -> uartRegs[reg] & 0xFF;
            };
        }
        if (Long.compareUnsigned(addr - FINISHER_BASE, FINISHER_SIZE) < 0) {
            return 0;
        }
        if (Long.compareUnsigned(addr - CLINT_BASE, CLINT_SIZE) < 0) {
            long off = addr - CLINT_BASE;
            long word;
            if (off < 8) {
                word = hart.msip() ? 1 : 0;
            } else if (off >= CLINT_MTIMECMP && off < CLINT_MTIMECMP + 8) {
                word = hart.mtimecmp();
            } else if (off >= CLINT_MTIME && off < CLINT_MTIME + 8) {
                word = hart.mtimeForLoad();
            } else {
                return 0;
            }
            long v = word >>> (8 * (off & 7));
            return size >= 8 ? v : v & ((1L << (8 * size)) - 1);
        }
        int shift = (int) (addr - tohost) * 8;
        long v = tohostValue >>> shift;
        return size >= 8 ? v : v & ((1L << (8 * size)) - 1);
    }

    @Override
    public void write(long addr, int size, long value) {
        if (Long.compareUnsigned(addr - UART_BASE, UART_SIZE) < 0) {
            int reg = (int) (addr - UART_BASE) & 7;
            if (reg == 0 && (uartRegs[3] & 0x80) == 0) {
                put((int) value & 0xFF);
            } else {
                uartRegs[reg] = (byte) value;
            }
            return;
        }
        if (Long.compareUnsigned(addr - FINISHER_BASE, FINISHER_SIZE) < 0) {
            if (addr != FINISHER_BASE) {
                return;
            }
            int kind = (int) value & 0xFFFF;
            int code = (int) (value >>> 16) & 0xFFFF;
            switch (kind) {
                case 0x5555 -> throw new GuestExit(0, null);
                case 0x3333 -> throw new GuestExit(code == 0 ? 1 : (code & 0xFF) == 0 ? 1 : code & 0xFF, null);
                case 0x7777 -> throw new GuestExit(0, "cheri-emu: the guest asked the test finisher for a reset; stopping");
                default -> {
                }
            }
            return;
        }
        if (Long.compareUnsigned(addr - CLINT_BASE, CLINT_SIZE) < 0) {
            long off = addr - CLINT_BASE;
            if (off < 4) {
                hart.setMsip((value & 1) != 0);
            } else if (off >= CLINT_MTIMECMP && off < CLINT_MTIMECMP + 8) {
                hart.setMtimecmp(merge(hart.mtimecmp(), off - CLINT_MTIMECMP, size, value));
            } else if (off >= CLINT_MTIME && off < CLINT_MTIME + 8) {
                hart.setMtime(merge(hart.mtime(), off - CLINT_MTIME, size, value));
            }
            return;
        }
        // HTIF tohost
        int off = (int) (addr - tohost);
        int bytes = Math.min(size, 8 - off);
        long mask = bytes >= 8 ? -1L : ((1L << (8 * bytes)) - 1) << (8 * off);
        tohostValue = (tohostValue & ~mask) | ((value << (8 * off)) & mask);
        if (off + size >= 8) {
            long v = tohostValue;
            tohostValue = 0;
            htif(v);
        }
    }

    /** {@code old} with {@code size} bytes at byte offset {@code off} replaced by {@code value}. */
    private static long merge(long old, long off, int size, long value) {
        int bytes = (int) Math.min(size, 8 - off);
        long mask = bytes >= 8 ? -1L : ((1L << (8 * bytes)) - 1) << (8 * off);
        return (old & ~mask) | ((value << (8 * off)) & mask);
    }

    private void htif(long v) {
        if (v == 0) {
            return;
        }
        int device = (int) (v >>> 56);
        int cmd = (int) (v >>> 48) & 0xFF;
        long payload = v & 0xFFFF_FFFF_FFFFL;
        if (device == 0 && cmd == 0) {
            if ((payload & 1) != 0) {
                long code = payload >>> 1;
                if (code == 0) {
                    throw new GuestExit(0, null);
                }
                int status = (int) (code & 0xFF);
                throw new GuestExit(status == 0 ? 1 : status,
                        "cheri-emu: HTIF: test case " + code + " failed (tohost = 0x" + Long.toHexString(v) + ")");
            }
            syscall(payload);
            ack(1);
        } else if (device == 1 && cmd == 1) {
            put((int) payload & 0xFF);
            ack((1L << 56) | (1L << 48));
        }
    }

    /** riscv-tests "magic memory": 8 words, [0] = syscall number, [1..] = arguments; [0] := result. */
    private void syscall(long magic) {
        long num = mem.load64(magic);
        long a0 = mem.load64(magic + 8);
        long a1 = mem.load64(magic + 16);
        long a2 = mem.load64(magic + 24);
        long result;
        if (num == 93) {
            throw new GuestExit((int) a0 & 0xFF, null);
        } else if (num == 64 && (a0 == 1 || a0 == 2) && a2 >= 0 && a2 < (1 << 24)) {
            byte[] buf = new byte[(int) a2];
            mem.read(a1, buf, 0, buf.length);
            for (byte b : buf) {
                put(b & 0xFF);
            }
            result = a2;
        } else {
            result = -38;   // ENOSYS
        }
        mem.store64(magic, result);
    }

    private void ack(long value) {
        if (fromhost != -1) {
            mem.store64(fromhost, value);
        }
    }

    private void put(int c) {
        try {
            out.write(c);
            if (c == '\n') {
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs until the guest ends the run (GuestExit) or {@code limit} instructions retired. */
    public void run(long limit) {
        hart.run(limit);
    }
}
