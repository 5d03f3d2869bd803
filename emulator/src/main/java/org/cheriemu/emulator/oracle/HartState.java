package org.cheriemu.emulator.oracle;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.cheriemu.emulator.cpu.Hart;

/**
 * Reads our hart's comparable state in {@link org.cheriemu.emulator.nativelib.Unicorn#readState}'s
 * order: pc, x1..x31, f0..f31, fcsr.
 *
 * <p>{@link Hart} has no public fcsr accessor yet, so fcsr is assembled from its package-private
 * {@code frm} and {@code fpu.flags} through private lookup (the same as its CSR read:
 * {@code frm << 5 | fflags}). Once the cpu package offers {@code Hart.fcsr()}, this should call it.
 */
final class HartState {

    private static final VarHandle FRM;
    private static final VarHandle FPU;
    private static final VarHandle FLAGS;

    static {
        VarHandle frm = null, fpu = null, flags = null;
        try {
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(Hart.class, MethodHandles.lookup());
            frm = l.findVarHandle(Hart.class, "frm", int.class);
            Class<?> fpuClass = Class.forName("org.cheriemu.emulator.fpu.Fpu");
            fpu = l.findVarHandle(Hart.class, "fpu", fpuClass);
            flags = MethodHandles.lookup().findVarHandle(fpuClass, "flags", int.class);
        } catch (ReflectiveOperationException | IllegalAccessError e) {
            frm = null;
        }
        FRM = frm;
        FPU = fpu;
        FLAGS = flags;
    }

    private final Hart hart;

    HartState(Hart hart) {
        this.hart = hart;
    }

    /** fcsr, or -1 when it cannot be read (then it is not compared: both sides read as -1). */
    long fcsr() {
        if (FRM == null) {
            return -1;
        }
        int frm = (int) FRM.get(hart);
        Object fpu = FPU.get(hart);
        int flags = (int) FLAGS.get(fpu);
        return (long) (frm << 5) | (flags & 31);
    }

    void read(long[] out) {
        out[0] = hart.pc();
        System.arraycopy(hart.x, 1, out, 1, 31);
        System.arraycopy(hart.f, 0, out, 32, 32);
        out[64] = fcsr();
    }
}
