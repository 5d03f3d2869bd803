package org.cheriemu.runtime.debug;

import java.util.List;

/** Objects still live at exit, in address order, each with its allocation trace. */
public record LeakReport(List<ObjectDescription> objects, long bytes) {
    public LeakReport {
        objects = List.copyOf(objects);
    }

    public boolean empty() {
        return objects.isEmpty();
    }
}
