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
