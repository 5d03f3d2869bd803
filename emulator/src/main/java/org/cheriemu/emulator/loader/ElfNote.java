package org.cheriemu.emulator.loader;

/**
 * One note from a PT_NOTE segment: owner {@code name} (without the terminating NUL), {@code type}
 * and descriptor bytes. Examples: ("GNU", 3 = NT_GNU_BUILD_ID), ("GNU", 1 = NT_GNU_ABI_TAG).
 */
public record ElfNote(String name, int type, byte[] desc) {

    public static final int NT_GNU_ABI_TAG = 1, NT_GNU_BUILD_ID = 3;
}
