package org.cheriemu.runtime;

import java.util.Arrays;

/** Guest return addresses, innermost first, as the machine's unwinder gave them. */
public record StackTrace(long[] frames) {
    public static final StackTrace EMPTY = new StackTrace(new long[0]);

    public StackTrace {
        frames = frames.clone();
    }

    @Override
    public long[] frames() {
        return frames.clone();
    }

    public int depth() {
        return frames.length;
    }

    public long frame(int i) {
        return frames[i];
    }

    /**
     * One line per frame, innermost first: {@code "#0 0x10a2c main+0x1c"}, the name from
     * {@code symbolizer} (for example {@link Machine#symbolize}) when it knows one.
     */
    public java.util.List<String> format(java.util.function.LongFunction<String> symbolizer) {
        java.util.List<String> lines = new java.util.ArrayList<>(frames.length);
        for (int i = 0; i < frames.length; i++) {
            String name = symbolizer == null ? null : symbolizer.apply(frames[i]);
            lines.add("#" + i + " 0x" + Long.toHexString(frames[i]) + (name == null ? "" : " " + name));
        }
        return lines;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StackTrace t && Arrays.equals(frames, t.frames);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(frames);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < frames.length; i++) {
            sb.append(i == 0 ? "" : " ").append("0x").append(Long.toHexString(frames[i]));
        }
        return sb.append(']').toString();
    }
}
