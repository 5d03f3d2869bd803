package org.cheriemu.emulator.cli;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.cheriemu.emulator.cpu.Disassembler;
import org.cheriemu.emulator.cpu.Hart;
import org.cheriemu.emulator.cpu.TrapReport;
import org.cheriemu.emulator.services.RuntimeServices;
import org.cheriemu.isa.cap.Capability;
import org.cheriemu.isa.cap.Otype;
import org.cheriemu.isa.cap.Permission;
import org.cheriemu.runtime.debug.ObjectDescription;
import org.cheriemu.runtime.debug.Reports;

/**
 * The report of a capability fault (mcause 28) that ended a guest: what the terminal shows on
 * stderr and what {@code --fault-report FILE} saves as JSON ({@code inspect FILE} renders it
 * again). Numbers are 0x-prefixed hex strings so that 64-bit values survive every JSON reader.
 *
 * @param status      the exit status (162 in Linux user mode)
 * @param causeCode   the capability exception code (mtval[4:0], reference §4.3)
 * @param capIndex    the capability index (mtval[10:5]): 0–31 a register, 0x20 PCC, 0x21 DDC, 0x20|scr
 * @param register    the register that index names ("c5/ct0", "PCC", "DDC", "MTCC", ...)
 * @param capability  the offending capability as it was at the fault
 * @param address     the address accessed (or jumped to), null when the check was not about an address
 * @param size        the size of that access in bytes
 * @param boundsExcess how the access lies relative to the bounds, e.g. "1 byte past the top", or null
 * @param heapObject   the allocator's object behind the capability (use after free: where it was
 *                     allocated and freed, and what revoked the capability), or null
 */
public record CheriFaultReport(int status, String mcause, String mtval, int causeCode, String causeName,
                               int capIndex, String register, String pc, String symbol, String instruction,
                               String disassembly, Cap pcc, Cap capability, String address, long size,
                               String boundsExcess, HeapObject heapObject) {

    /**
     * A heap object as the report shows it.
     *
     * @param revokedBy "revocation pass N" or "the load barrier" when that took the capability's tag, else null
     * @param reusedBy  the live object that now holds the object's memory ("object #7 (32 bytes at 0x...)"), or null
     */
    public record HeapObject(long id, String state, String base, long length, long requested,
                             List<String> allocatedAt, List<String> freedAt, String revokedBy, String reusedBy) {

        static HeapObject of(RuntimeServices.FaultObject f, LongFunction<String> symbolizer) {
            ObjectDescription o = f.object();
            return new HeapObject(o.id(), Reports.stateText(o), Numbers.hex(o.base()), o.length(), o.requested(),
                    o.allocTrace().format(symbolizer), o.freeTrace() == null ? List.of() : o.freeTrace().format(symbolizer),
                    f.revokedBy(), f.reusedBy() == null ? null : Reports.object(f.reusedBy()));
        }

        String text() {
            StringBuilder sb = new StringBuilder("heap object #").append(id).append(": ").append(requested)
                    .append(requested == 1 ? " byte" : " bytes").append(" at ").append(base)
                    .append(length != requested ? " (capability length " + length + ")" : "").append(", ").append(state);
            if (revokedBy != null) {
                sb.append("\n    the capability's tag was cleared by ").append(revokedBy);
            }
            if (reusedBy != null) {
                sb.append("\n    its memory has been reused by live ").append(reusedBy);
            }
            lines(sb, "allocated at", allocatedAt);
            if (!freedAt.isEmpty()) {
                lines(sb, "freed at", freedAt);
            }
            return sb.toString();
        }

        private static void lines(StringBuilder sb, String title, List<String> frames) {
            sb.append("\n    ").append(title).append(':').append(frames.isEmpty() ? " (no trace)" : "");
            for (String f : frames) {
                sb.append("\n      ").append(f);
            }
        }
    }

    /** This report with the heap object behind its capability. */
    public CheriFaultReport withHeapObject(HeapObject o) {
        return new CheriFaultReport(status, mcause, mtval, causeCode, causeName, capIndex, register, pc, symbol, instruction,
                disassembly, pcc, capability, address, size, boundsExcess, o);
    }

    /** A capability as the report shows it. */
    public record Cap(boolean tag, String address, String base, String top, String length, String offset,
                      String perms, List<String> permNames, String otype, String otypeName, boolean sealed,
                      int flags, String pesbt) {

        static Cap of(Capability c) {
            List<String> names = new ArrayList<>();
            for (Permission p : c.permissions()) {
                names.add(p.specName());
            }
            return new Cap(c.tag(), Numbers.hex(c.address()), Numbers.hex(c.base()), "0x" + c.top().toString(16),
                    "0x" + c.length().toString(16), Numbers.hex(c.offset()), Numbers.hex(c.architecturalPerms()),
                    names, Numbers.hex(c.otype()), Otype.describe(c.otype()), c.isSealed(), c.flags(),
                    Numbers.hex(c.meta()));
        }

        String text() {
            return "tag " + (tag ? 1 : 0) + ", address " + address + ", base " + base + ", top " + top
                    + ", length " + length + ", offset " + offset + "\n      perms " + perms + " " + permNames
                    + ", otype " + otype + " (" + otypeName + "), sealed " + (sealed ? "yes" : "no")
                    + ", flags " + flags + " (" + (flags == 1 ? "capability mode" : "integer mode") + ")"
                    + ", pesbt " + pesbt;
        }
    }

    /** The cause name of a capability exception code (§4.3). */
    public static String causeName(int code) {
        return switch (code) {
            case 0x01 -> "length violation";
            case 0x02 -> "tag violation";
            case 0x03 -> "seal violation";
            case 0x04 -> "type violation";
            case 0x08 -> "software-defined permission violation";
            case 0x10 -> "global violation";
            case 0x11 -> "Permit_Execute violation";
            case 0x12 -> "Permit_Load violation";
            case 0x13 -> "Permit_Store violation";
            case 0x14 -> "Permit_Load_Capability violation";
            case 0x15 -> "Permit_Store_Capability violation";
            case 0x16 -> "Permit_Store_Local_Capability violation";
            case 0x18 -> "Access_System_Registers violation";
            case 0x19 -> "Permit_CInvoke violation";
            case 0x1c -> "Permit_Set_CID violation";
            default -> "capability exception " + code;
        };
    }

    /** The name of a capability index of mtval. */
    public static String registerName(int idx) {
        if (idx < 32) {
            return "c" + idx + "/" + Disassembler.C_NAMES[idx];
        }
        return switch (idx) {
            case 0x20 -> "PCC";
            case 0x21 -> "DDC";
            case 0x20 | Hart.SCR_MTCC -> "MTCC";
            case 0x20 | Hart.SCR_MTDC -> "MTDC";
            case 0x20 | Hart.SCR_MSCRATCHC -> "MScratchC";
            case 0x20 | Hart.SCR_MEPCC -> "MEPCC";
            default -> "SCR " + (idx & 31);
        };
    }

    /** The report of the last trap of {@code hart}, or null if it was not a capability fault. */
    public static CheriFaultReport of(Hart hart, int status, LongFunction<String> symbolize) {
        if (!hart.lastTrapUnhandled() || hart.lastTrapCause() != 28 || hart.lastFaultIndex() < 0) {
            return null;
        }
        long tval = hart.lastTrapTval();
        long pc = hart.lastTrapPc();
        int code = (int) (tval & 31);
        int idx = (int) (tval >>> 5) & 63;
        String sym = null;
        try {
            sym = symbolize == null ? null : symbolize.apply(pc);
        } catch (RuntimeException e) {
            sym = null;
        }
        String insn = null;
        String dis = null;
        try {
            int word = TrapReport.instructionAt(hart.memory(), pc);
            boolean compressed = (word & 3) != 3;
            insn = compressed ? String.format("%04x", word & 0xFFFF) : String.format("%08x", word);
            dis = Disassembler.disassemble(compressed ? word & 0xFFFF : word, pc, hart.lastTrapCapabilityMode());
        } catch (RuntimeException e) {
            insn = null;
        }
        Capability pcc = hart.specialCap(Hart.SCR_PCC);
        pcc = new Capability(pcc.tag(), pcc.meta(), pc);
        Capability cap = hart.lastFaultCapability();
        long addr = hart.lastFaultAddress();
        long size = hart.lastFaultSize();
        boolean hasAddress = size > 0;
        String excess = null;
        if (hasAddress) {
            BigInteger a = new BigInteger(Long.toUnsignedString(addr));
            BigInteger end = a.add(BigInteger.valueOf(size));
            BigInteger base = cap.baseBig();
            BigInteger top = cap.top();
            if (a.compareTo(base) < 0) {
                excess = bytes(base.subtract(a)) + " below the base";
            } else if (end.compareTo(top) > 0) {
                excess = bytes(end.subtract(top)) + " past the top";
            } else {
                excess = "within bounds";
            }
        }
        return new CheriFaultReport(status, "0x1c", Numbers.hex(tval), code, causeName(code), idx, registerName(idx),
                Numbers.hex(pc), sym, insn, dis, Cap.of(pcc), Cap.of(cap), hasAddress ? Numbers.hex(addr) : null,
                size, excess, null);
    }

    private static String bytes(BigInteger n) {
        return n + (n.equals(BigInteger.ONE) ? " byte" : " bytes");
    }

    /** The text shown on stderr (no trailing newline). */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("cheri-emu: capability fault: ").append(causeName).append(String.format(" (cause 0x%02x)", causeCode))
                .append(" on ").append(register).append(", mcause ").append(mcause).append(", mtval ").append(mtval);
        sb.append("\n  pc ").append(pc);
        if (symbol != null) {
            sb.append(" <").append(symbol).append('>');
        }
        if (instruction != null) {
            sb.append(": ").append(instruction);
            if (disassembly != null) {
                sb.append("  ").append(disassembly);
            }
        }
        sb.append("\n  PCC   ").append(pcc.text());
        sb.append("\n  ").append(register).append(" ").append(capability.text());
        if (address != null) {
            sb.append("\n  access ").append(size).append(size == 1 ? " byte" : " bytes").append(" at ").append(address);
            if (boundsExcess != null) {
                sb.append(": ").append(boundsExcess);
            }
        }
        if (heapObject != null) {
            sb.append("\n  ").append(heapObject.text());
        }
        sb.append("\n  exit status ").append(status);
        return sb.toString();
    }

    private static ObjectMapper mapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);
    }

    public void write(Path file) throws IOException {
        mapper().writeValue(file.toFile(), this);
    }

    /** Reads a saved report; IOException (incl. Jackson's) for anything that is not one. */
    public static CheriFaultReport read(Path file) throws IOException {
        CheriFaultReport r;
        try {
            r = mapper().readValue(file.toFile(), CheriFaultReport.class);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (r == null || r.causeName == null || r.register == null || r.pc == null || r.pcc == null
                || r.capability == null || r.mtval == null || r.mcause == null
                || r.pcc.permNames() == null || r.capability.permNames() == null) {
            throw new IOException("not a capability fault report (fields missing)");
        }
        return r;
    }
}
