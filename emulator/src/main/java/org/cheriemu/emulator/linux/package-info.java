/**
 * Linux user mode for static RISC-V 64 glibc executables, behaving like {@code qemu-riscv64}
 * (7.2, the Debian package used as the reference).
 *
 * <h2>Entry points</h2>
 * {@link org.cheriemu.emulator.linux.LinuxEnvironment#load} loads the ELF and builds the process;
 * {@link org.cheriemu.emulator.linux.LinuxOptions} holds argv, environment, {@code --strace},
 * {@code --allow-write}, stdio and the fault-report disassembler.
 *
 * <h2>Decisions</h2>
 * <ul>
 *   <li><b>Layout</b> as qemu-riscv64 on a 64-bit host: ET_EXEC at its addresses, static-pie at
 *       0x4000000000; stack guard page at 0x4000000000 (after the image + 32 MiB of brk room for
 *       PIE), 8 MiB stack, one R-X page (QEMU's signal trampoline; ours holds the rt_sigreturn
 *       trampoline), then mmap first-fit upwards. brk starts at the page-aligned end of the image.
 *       With the same environment, the addresses in {@code --strace} equal qemu's.</li>
 *   <li><b>Environment</b>: the host's, in reverse order, which is what qemu hands its guests.</li>
 *   <li><b>Sandbox</b> ({@link org.cheriemu.emulator.linux.FileSandbox}): reads anywhere; writes,
 *       creation, truncation, rename, link, chmod, utimes and deletion only strictly inside the
 *       {@code --allow-write} tree, decided on real paths resolved component by component;
 *       /proc/self is the guest's, not the emulator's. Denials are {@code EACCES}.</li>
 *   <li><b>Errors</b>: every host exception in a system call becomes an errno; none escapes.
 *       Unknown calls are ENOSYS; set_robust_list and rseq are ENOSYS as under qemu.</li>
 *   <li><b>Signals</b> raised by the guest on itself (kill, tgkill, abort, SIGPIPE) take their
 *       default action (exit status 128 + signal) or run the guest's handler on a qemu-sized
 *       rt_sigframe; traps end the guest with 128 + signal and a report (SIGPROT, 162, for CHERI
 *       faults).</li>
 *   <li><b>Single thread</b>: operations that could only complete through another thread (reading
 *       an empty pipe whose write end is open, futex wait) return EAGAIN / EINTR instead of
 *       blocking forever.</li>
 * </ul>
 */
package org.cheriemu.emulator.linux;
