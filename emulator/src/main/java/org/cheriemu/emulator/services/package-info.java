/**
 * The allocator runtime as a service of the machine: guest {@code ecall}s with a service number
 * in a7 ({@link org.cheriemu.emulator.services.ServiceAbi}) reach the Java allocator of module
 * {@code runtime}, which hands out capabilities with exact bounds, quarantines frees and revokes
 * stale capabilities in memory and in the hart's registers.
 *
 * <p>{@link org.cheriemu.emulator.services.RuntimeServices} wraps the Linux environment and
 * serves the service range itself; {@link org.cheriemu.emulator.services.HartMachine} is the
 * runtime's view of the machine (tagged memory, capability registers, frame-pointer unwinder,
 * ELF symbols).
 */
package org.cheriemu.emulator.services;
