package org.cheriemu.emulator.cpu;

/**
 * Memory-mapped devices of a board. Pages that a device claims never enter the hart's software
 * TLB, so every access to them takes the slow path, which asks {@link #handles} first.
 */
public interface Mmio {

    /** True if some device lives in this page (its accesses must not be cached). */
    boolean claimsPage(long pageNumber);

    /** True if a device serves an access of {@code size} bytes at {@code addr}. */
    boolean handles(long addr, int size);

    /** Reads {@code size} bytes (zero-extended). */
    long read(long addr, int size);

    /** Writes the low {@code size} bytes of {@code value}. May throw {@link GuestExit}. */
    void write(long addr, int size, long value);
}
