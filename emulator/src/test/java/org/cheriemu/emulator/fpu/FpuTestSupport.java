package org.cheriemu.emulator.fpu;

final class FpuTestSupport {
    static String flagString(int f) {
        StringBuilder b = new StringBuilder();
        if ((f & Fpu.NV) != 0) b.append("NV ");
        if ((f & Fpu.DZ) != 0) b.append("DZ ");
        if ((f & Fpu.OF) != 0) b.append("OF ");
        if ((f & Fpu.UF) != 0) b.append("UF ");
        if ((f & Fpu.NX) != 0) b.append("NX ");
        return b.isEmpty() ? "-" : b.toString().trim();
    }
}
