/**
 * ELF64 RISC-V loading for Linux user mode and bare-metal boards.
 *
 * <p>{@link org.cheriemu.emulator.loader.ElfFile} parses and validates (every malformed,
 * truncated or foreign input is a {@link org.cheriemu.emulator.loader.BadElfException} with one
 * clear line, exit status 65 in the CLI); {@link org.cheriemu.emulator.loader.ElfLoader} copies
 * the PT_LOAD segments into tagged memory with their page protections;
 * {@link org.cheriemu.emulator.loader.SymbolTable} names addresses ({@code name+0xoff}) and finds
 * symbols such as {@code tohost}.
 */
package org.cheriemu.emulator.loader;
