package org.cheriemu.emulator.services;

import org.cheriemu.emulator.cpu.HartView;
import org.cheriemu.isa.cap.Capability;
import org.cheriemu.isa.cap.Permission;

/** How --strace shows a runtime service call: {@code cheri_malloc(0x64) = 0x4000802000 [rwRW,0x4000802000-0x4000802064]}. */
final class ServiceCallText {
    private ServiceCallText() {
    }

    /** The call part, {@code cheri_NAME(args)}, for a7 = {@code number}. */
    static String call(HartView h, long number) {
        String name = ServiceAbi.name(number);
        return name == null ? "runtime service " + number + "()"
                : "cheri_" + name + "(" + arguments(h, number - ServiceAbi.BASE) + ")";
    }

    /** --strace: a service's arguments, as its ABI row names them. */
    private static String arguments(HartView h, long service) {
        return switch ((int) service) {
            case ServiceAbi.MALLOC -> hex(h.getX(10));
            case ServiceAbi.CALLOC, ServiceAbi.ALIGNED_ALLOC, ServiceAbi.POSIX_MEMALIGN, ServiceAbi.STATISTICS ->
                    hex(h.getX(10)) + ", " + hex(h.getX(11));
            case ServiceAbi.REALLOC -> capability(h.cap(10)) + ", " + hex(h.getX(11));
            case ServiceAbi.FREE, ServiceAbi.USABLE_SIZE -> capability(h.cap(10));
            default -> "";
        };
    }

    /** --strace: a service's result. */
    static String result(HartView h, long service) {
        return switch ((int) service) {
            case ServiceAbi.MALLOC, ServiceAbi.CALLOC, ServiceAbi.REALLOC, ServiceAbi.ALIGNED_ALLOC -> capability(h.cap(10));
            case ServiceAbi.POSIX_MEMALIGN -> h.getX(11) + ", " + capability(h.cap(10));
            default -> Long.toString(h.getX(10));
        };
    }

    /** A capability as CheriBSD's printf %#p shows one: {@code 0x… [rwRW,base-top]}, or its address and "(invalid)". */
    private static String capability(Capability c) {
        if (!c.tag()) {
            return c.address() == 0 ? "NULL" : hex(c.address()) + " (invalid)";
        }
        StringBuilder perms = new StringBuilder();
        for (Object[] p : new Object[][] {{Permission.LOAD, 'r'}, {Permission.STORE, 'w'}, {Permission.EXECUTE, 'x'},
            {Permission.LOAD_CAP, 'R'}, {Permission.STORE_CAP, 'W'}}) {
            if (c.has((Permission) p[0])) {
                perms.append((char) p[1]);
            }
        }
        return hex(c.address()) + " [" + perms + "," + hex(c.base()) + "-0x" + c.top().toString(16) + "]"
                + (c.isSealed() ? " (sealed)" : "");
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
