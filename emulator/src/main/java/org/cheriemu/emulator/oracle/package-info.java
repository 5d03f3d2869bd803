/**
 * Unicorn and Capstone as oracles for our interpreter, and Unicorn as a second engine.
 *
 * <ul>
 * <li>{@link org.cheriemu.emulator.oracle.Lockstep}: our interpreter and Unicorn side by side on
 *     the same memory image, compared after every instruction (pc, x1..x31, f0..f31, fcsr, and
 *     the bytes each store wrote); our Linux layer serves the system calls of both. Stops at the
 *     first divergence with a report (exit status 125) or before a CHERI instruction (126).</li>
 * <li>{@link org.cheriemu.emulator.oracle.UnicornEngine}: a plain RV64 Linux guest entirely on
 *     Unicorn, system calls served by our Linux layer.</li>
 * <li>{@link org.cheriemu.emulator.oracle.UnicornErrata}: the one list of cases where Unicorn
 *     2.0.1 is wrong, with the evidence (qemu-riscv64) for each.</li>
 * <li>{@link org.cheriemu.emulator.oracle.CapstoneCrossCheck}: our decoder and disassembler
 *     against Capstone 5; {@link org.cheriemu.emulator.oracle.DisassemblyNormalizer} is the one
 *     table of spelling differences, {@link org.cheriemu.emulator.oracle.CapstoneCrossCheck.KnownDifference}
 *     the one list of Capstone's deviations from the spec.</li>
 * <li>{@link org.cheriemu.emulator.oracle.CapstoneDisassembly}: Capstone's text for reports.</li>
 * <li>{@link org.cheriemu.emulator.oracle.OracleOptions} / {@link org.cheriemu.emulator.oracle.OracleRun}:
 *     the {@code run} options {@code --lockstep unicorn}, {@code --engine unicorn},
 *     {@code --disassembler capstone} and their exit statuses.</li>
 * </ul>
 */
package org.cheriemu.emulator.oracle;
