/**
 * The RV64GC hart: instruction table, decoder, interpreter, CSRs, traps and disassembler.
 *
 * <h2>Where things are</h2>
 * <ul>
 * <li>{@link org.cheriemu.emulator.cpu.Isa}: every instruction as one row of data (opcode number,
 *     mnemonic, operand format, bit pattern), and the compressed instructions with the base
 *     instruction each expands to. {@link org.cheriemu.emulator.cpu.Decoder},
 *     {@link org.cheriemu.emulator.cpu.Disassembler} and the tests read only this table.</li>
 * <li>{@link org.cheriemu.emulator.cpu.Op}: the dense opcode numbers the interpreter switches on.</li>
 * <li>{@link org.cheriemu.emulator.cpu.Hart}: registers, CSRs, the software TLBs, the decode
 *     cache and the interpreter loop ({@code run}).</li>
 * <li>{@link org.cheriemu.emulator.cpu.RegionCompiler} and
 *     {@link org.cheriemu.emulator.cpu.CompiledRegion}: hot pages of integer code compiled to JVM
 *     bytecode, guest registers in JVM locals (see below).</li>
 * <li>{@link org.cheriemu.emulator.cpu.TrapReport}: the one-line description of a fatal trap
 *     (cause, pc, symbol+offset, instruction word, disassembly, tval).</li>
 * </ul>
 *
 * <h2>Execution model (DESIGN.md)</h2>
 * Code is decoded once per 2-byte slot into a per-page cache of primitive arrays hung off the
 * page ({@code Page.execCache}); the interpreter dispatches on a dense int opcode, keeps
 * registers in a {@code long[]}, allocates nothing per instruction and counts instret in a
 * local. A store overlapping decoded code (tracked per 64-byte chunk, so data next to code is
 * not penalised) drops that page's cache; fence.i drops all of them.
 *
 * <p>Hot code is compiled. The interpreter samples its pc every {@code Hart.SAMPLE_INTERVAL}
 * instructions; a page whose uncompiled integer code collects enough samples is cut into blocks
 * and regions of at most 64 instructions, each a hidden class whose {@code run} method keeps the
 * guest registers it uses in JVM locals and jumps between its blocks directly, so the JIT turns a
 * guest loop into a host loop. A region is entered where one of its blocks starts (flagged in the
 * op word of the decode cache) and returns the next pc; it checks before each block that the
 * block fits under the instruction limit, so limits, timer quanta and instret stay exact, and a
 * trapping load or store leaves the same registers, pc and count as the interpreter would.
 * Regions live in the page's decode cache, so a store into the code drops them too (the region
 * leaves right after such a store). Only the interpreter's fast mode (integer mode, no capability live, no
 * trace) enters regions; atomics and system instructions stay interpreted, floating point is
 * compiled as calls into the FPU code.
 *
 * <h2>Hooks for CHERI</h2>
 * <ul>
 * <li>All data accesses go through {@code Hart.load8/16/32/64} and {@code store8/16/32/64}
 *     (plus the atomic path), which take the index of the register that authorises the access:
 *     the one place for a tag/seal/permission/bounds check against that capability or DDC.</li>
 * <li>{@code Hart.x} has 64 entries (32 is the x0 write sink): capability metadata arrays can
 *     sit beside it with the same indexing.</li>
 * <li>Capability-mode decoding (reference §3.8) becomes a second table consulted first, as the
 *     Sail model does; the cause and tval of CHERI exceptions use {@link
 *     org.cheriemu.emulator.cpu.Cause#CHERI}.</li>
 * </ul>
 */
package org.cheriemu.emulator.cpu;
