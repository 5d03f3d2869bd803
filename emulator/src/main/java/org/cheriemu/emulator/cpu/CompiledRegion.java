package org.cheriemu.emulator.cpu;

/**
 * Guest code compiled to JVM bytecode by {@link RegionCompiler}: the blocks of one code page, with
 * the guest registers they use held in JVM locals, so the JIT keeps them in host registers and
 * loops between the blocks run without returning to the interpreter.
 */
abstract class CompiledRegion {
    /**
     * Runs from the block that starts at {@code slot} until control leaves the region, or until
     * the next block would take the retired-instruction count past {@code stop}.
     *
     * @param n the retired-instruction count on entry
     * @return the pc to go on from; the new count is left in {@code h.instret} (equal to
     *         {@code n} if not one instruction ran, in which case the interpreter runs the first)
     * @throws RuntimeException whatever a load or store threw, after writing the registers back,
     *         the faulting instruction's pc to {@code h.pc} and the count, including that
     *         instruction (as the interpreter counts it), to {@code h.instret}
     */
    abstract long run(Hart h, long[] x, int slot, long n, long stop);
}
