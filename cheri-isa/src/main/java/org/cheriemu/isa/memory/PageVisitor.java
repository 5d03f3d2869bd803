package org.cheriemu.isa.memory;

/** Receives one page (for page-at-a-time sweeps that scan the tag words themselves). */
@FunctionalInterface
public interface PageVisitor {
    void visit(Page page);
}
