package org.cheriemu.isa.memory;

/** Receives one tagged granule: {@code page.baseAddress() + (granule << 4)} is its address. */
@FunctionalInterface
public interface GranuleVisitor {
    void visit(Page page, int granule);
}
