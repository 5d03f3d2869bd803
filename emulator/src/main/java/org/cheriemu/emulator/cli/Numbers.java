package org.cheriemu.emulator.cli;

/** Parsing of the 64-bit numbers users type: clear errors, no silent truncation. */
public final class Numbers {

    private Numbers() {
    }

    /** A 64-bit bit pattern in hex, with or without a 0x prefix. */
    public static long parseHex(String text, String what) {
        String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        if (digits.isEmpty() || digits.length() > 16 || !isHex(digits)) {
            throw new UsageException(what + ": '" + text + "' is not a 64-bit hex number");
        }
        return Long.parseUnsignedLong(digits, 16);
    }

    /** An unsigned 64-bit value: 0x-prefixed hex, or decimal. */
    public static long parseUnsigned(String text, String what) {
        if (text.startsWith("0x") || text.startsWith("0X")) {
            return parseHex(text, what);
        }
        try {
            if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
                return Long.parseUnsignedLong(text);
            }
        } catch (NumberFormatException tooLarge) {
            throw new UsageException(what + ": '" + text + "' does not fit in 64 bits");
        }
        throw new UsageException(what + ": '" + text + "' is not a number (use decimal or 0x-prefixed hex)");
    }

    /** 0x-prefixed lowercase hex without leading zeros. */
    public static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }

    private static boolean isHex(String digits) {
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
