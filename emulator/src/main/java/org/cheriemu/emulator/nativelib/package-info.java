/**
 * Typed FFM ({@code java.lang.foreign}) bindings to the system's native libraries, with no JNI C
 * code: {@link org.cheriemu.emulator.nativelib.Unicorn} (libunicorn 2.0.x, RV64) and
 * {@link org.cheriemu.emulator.nativelib.Capstone} (libcapstone 5, RV64GC).
 *
 * <h2>Finding the libraries</h2>
 * {@link org.cheriemu.emulator.nativelib.NativeLibraries}: the project-local folder first
 * ({@code -Dcheriemu.native=DIR}, else {@code <cheriemu.root>/.build/native}, filled by
 * {@code scripts/native-libs.sh} with Debian trixie's libcapstone5 when the system has no
 * libcapstone 5), then the dynamic loader's path by soname ({@code libunicorn.so.2},
 * {@code libcapstone.so.5}). A missing library is a
 * {@link org.cheriemu.emulator.nativelib.NativeLibraryUnavailableException}: a one-line message
 * and exit status 69 for the feature that needed it; nothing else is affected.
 * {@code -Dcheriemu.native.disable=unicorn,capstone} pretends they are missing.
 *
 * <h2>Decisions</h2>
 * <ul>
 * <li>Constants are the libraries' own, from their public headers (cited next to each), checked by
 *     compiling against the Debian headers and by behaviour in the tests (e.g. {@code addi a0,zero,5}
 *     on Unicorn must leave 5 in the register the binding calls a0). Unicorn's RISC-V register ids
 *     changed between versions, so only 2.0.x is accepted; Capstone renumbers its architectures in
 *     6, so only 5 is accepted.</li>
 * <li>Hooks are upcalls. An exception thrown by a hook never unwinds through native frames: it
 *     stops the emulation and {@code emuStart} rethrows it.</li>
 * <li>Memory copies ({@code uc_mem_read/write}) are critical downcalls that take heap segments, so
 *     a page of guest memory (a {@code byte[]} slab) goes to Unicorn without an extra copy.</li>
 * <li>Capstone disassembles with {@code cs_disasm_iter} into one {@code cs_malloc}'d instruction:
 *     no native allocation per instruction (the cross-check decodes millions).</li>
 * <li>The JVM needs {@code --enable-native-access=ALL-UNNAMED} (surefire's argLine has it; the
 *     launcher needs it too), or the JDK prints a warning on first use.</li>
 * </ul>
 */
package org.cheriemu.emulator.nativelib;
