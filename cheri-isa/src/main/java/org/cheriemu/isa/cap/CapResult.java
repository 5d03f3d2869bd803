package org.cheriemu.isa.cap;

/**
 * Caller-owned, mutable holder for an operation whose result is a whole capability, so the
 * interpreter can run {@link CapOps} without allocating. {@code meta} is in register form.
 * Reuse one instance; read the fields right after each call.
 */
public final class CapResult {
    public boolean tag;
    public long meta;
    public long address;

    public CapResult set(boolean tag, long meta, long address) {
        this.tag = tag;
        this.meta = meta;
        this.address = address;
        return this;
    }

    public Capability toCapability() {
        return new Capability(tag, meta, address);
    }

    @Override
    public String toString() {
        return toCapability().toString();
    }
}
