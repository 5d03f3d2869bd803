package org.cheriemu.emulator.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cheriemu.emulator.ExitStatus;
import org.cheriemu.isa.cap.Capability;
import org.cheriemu.isa.cap.Permission;
import picocli.CommandLine.Command;

/**
 * {@code cheri-emu demo}: capabilities being derived, bounded and sealed in the ISAv9 model, then
 * a real RISC-V guest (stock gcc + cheri.h) that reads one byte past a bounded buffer and takes a
 * precise capability fault. (The allocator issue turns this into the use-after-free demo.)
 */
@Command(name = "demo", description = "Show capabilities being derived, bounded and faulting, in the model and in a real guest.",
        mixinStandardHelpOptions = true)
final class DemoCommand implements java.util.concurrent.Callable<Integer> {

    private static final String BOUNDS_GUEST = "guest-programs/build/cheri/cheri_bounds";

    private final PrintStream out = System.out;

    @Override
    public Integer call() {
        Capability root = Capability.root();
        show("root capability (reset DDC/PCC)", root);

        Capability object = root.setAddress(0x8000_1230L).setBounds(0x40).capability();
        show("CSetAddr 0x80001230, CSetBounds 0x40: a 64-byte object", object);

        Capability readOnly = object.andPerm(Permission.GLOBAL.mask() | Permission.LOAD.mask() | Permission.LOAD_CAP.mask());
        show("CAndPerm GLOBAL|LOAD|LOAD_CAP: a read-only view", readOnly);

        out.println("accesses checked against these capabilities:");
        check(object, "load 8 bytes at offset 0x38", 0x8000_1268L, 8, Permission.LOAD);
        check(object, "load 8 bytes at offset 0x3c", 0x8000_126cL, 8, Permission.LOAD);
        check(readOnly, "store 1 byte at offset 0 through the read-only view", 0x8000_1230L, 1, Permission.STORE);
        out.println();

        Capability.SetBoundsResult big = root.setAddress(0x8000_1234L).setBoundsExact(0x12345);
        show("CSetBoundsExact 0x12345 at 0x80001234: not representable, tag cleared", big.capability());
        long length = Capability.crrl(0x12345);
        long mask = Capability.cram(0x12345);
        out.printf("CRRL(0x12345) = 0x%x, CRAM(0x12345) = 0x%x: pad and align to 0x%x bytes at 0x%x%n",
                length, mask, length, 0x8000_1234L & mask);
        show("CSetBoundsExact on the padded region: exact", root.setAddress(0x8000_1234L & mask).setBoundsExact(length).capability());

        Capability sealer = root.setAddress(42);
        Capability sealed = object.seal(sealer);
        show("CSeal with otype 42", sealed);
        show("CIncOffset 8 on the sealed capability: tag cleared", sealed.incrementOffset(8));
        show("CUnseal with the same authority: usable again", sealed.unseal(sealer));
        return runGuest();
    }

    /** The same bounds check on the machine: a compiled guest faults, and the report says why. */
    private int runGuest() {
        Path guest = Path.of(System.getProperty("cheriemu.root", ".")).resolve(BOUNDS_GUEST);
        out.println("=".repeat(78));
        out.println("A real guest: " + BOUNDS_GUEST + " (RISC-V, stock gcc, capabilities via cheri.h).");
        out.println("It bounds a capability to a 16-byte buffer and reads byte 16 through it:");
        out.println("$ cheri-emu run " + BOUNDS_GUEST);
        out.flush();
        if (!Files.isRegularFile(guest)) {
            System.err.println("cheri-emu: " + guest + " is missing: build the guests with 'make -C guest-programs'");
            return ExitStatus.UNAVAILABLE;
        }
        int status = Main.run("run", guest.toString());
        out.println("(exit status " + status + (status == ExitStatus.CAPABILITY_FAULT ? " = 128 + SIGPROT, as on CheriBSD)" : ")"));
        return status == ExitStatus.CAPABILITY_FAULT ? 0 : ExitStatus.INTERNAL;
    }

    private void show(String title, Capability cap) {
        out.println(title);
        out.printf("  tag %d  base 0x%x  top 0x%s  address 0x%x  sealed %s  otype 0x%x%n  perms %s%n%n",
                cap.tag() ? 1 : 0, cap.base(), cap.top().toString(16), cap.address(),
                cap.isSealed(), cap.otype(), cap.permissions());
    }

    /** A model-level access check in the order of reference §4.3 (tag, seal, permission, bounds). */
    private void check(Capability cap, String what, long address, int size, Permission needed) {
        String verdict;
        if (!cap.tag()) {
            verdict = "FAULT: tag violation (0x02)";
        } else if (cap.isSealed()) {
            verdict = "FAULT: seal violation (0x03)";
        } else if (!cap.has(needed)) {
            verdict = needed == Permission.STORE ? "FAULT: Permit_Store violation (0x13)" : "FAULT: Permit_Load violation (0x12)";
        } else if (!cap.inBounds(address, size)) {
            verdict = "FAULT: length violation (0x01), " + (address + size - cap.topLow()) + " byte(s) past the top";
        } else {
            verdict = "ok";
        }
        out.printf("  %-55s %s%n", what, verdict);
    }
}
