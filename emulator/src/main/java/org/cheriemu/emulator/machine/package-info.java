/**
 * Bare-metal boards. {@link org.cheriemu.emulator.machine.VirtBoard} is shaped like QEMU's
 * {@code virt} machine: RAM at 0x80000000, reset ROM at 0x1000, ns16550 UART, SiFive test
 * finisher, CLINT and HTIF; see its class comment for the details and exit statuses.
 */
package org.cheriemu.emulator.machine;
