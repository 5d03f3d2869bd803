package org.cheriemu.emulator.cpu;

import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.cheriemu.isa.memory.Page;

/**
 * Compiles the decoded integer code of a hot page into JVM bytecode ({@link CompiledRegion}s),
 * which the JIT then compiles like any Java method.
 *
 * <p>A page's decoded instructions are cut into blocks: a block starts at a leader (the first
 * instruction of a run of consecutive decoded instructions, a branch or jump target in the page,
 * or the instruction after a control transfer or after one the compiler leaves to the
 * interpreter) and ends at a control transfer or before the next leader. Consecutive blocks form
 * a region, one hidden class each, small enough for the JIT to compile and inline its memory
 * accesses ({@link #MAX_INSNS}, {@link #MAX_ACCESSES}). Within a region a branch to one of its
 * blocks is a JVM jump, so loops stay in compiled code; any other target leaves the region.
 *
 * <p>Registers: each guest register the region reads or writes is a JVM local, loaded from
 * {@code x} on entry and stored back on every exit, also when a load or store throws (a catch-all
 * handler stores them, records the faulting pc and count, and rethrows). Each block first checks
 * that its whole length fits under the caller's instruction limit, so limits stay exact.
 *
 * <p>Compiled: RV64I and M except the system instructions, and F and D, which call the hart's
 * FPU code (with the integer register they read or write passed through {@code x}). Left to the
 * interpreter: atomics, system instructions, an instruction that crosses into the next page. The interpreter enters a region at a slot whose op word carries
 * {@link #ENTRY}; only its fast mode (integer mode, no capability live) does, everything else
 * masks the flag off.
 */
final class RegionCompiler {
    private RegionCompiler() {
    }

    /** Flag in the op word of {@link DecodedPage#code}: a region starts a block here. */
    static final long ENTRY = 0x8000_0000L;
    /** Masks the {@link #ENTRY} flag off an op word's low 32 bits. */
    static final int OP_MASK = 0x7FFF_FFFF;
    /**
     * Instructions per region. Small methods are compiled by the JIT sooner and inline their
     * memory accesses: 64 ran mallocbench at 268–290 MIPS where 240 ran it at 152–226 (README).
     */
    static final int MAX_INSNS = 64;
    /** Loads and stores per region: each inlines a TLB lookup into the compiled method. */
    static final int MAX_ACCESSES = 16;

    private record Insn(int slot, long pc, int op, int a, long imm, int raw) {
        int len() {
            return a >>> 24;
        }

        int rd() {
            return a & 63;
        }

        int rs1() {
            return (a >>> 6) & 31;
        }

        int rs2() {
            return (a >>> 11) & 31;
        }
    }

    private record Block(List<Insn> insns) {
        Insn first() {
            return insns.getFirst();
        }

        Insn last() {
            return insns.getLast();
        }
    }

    static boolean compilable(int op) {
        return (op >= Op.LUI && op <= Op.FSD) || isFp(op);
    }

    /** Floating point, run by calling the hart's FPU code (F and D except loads and stores). */
    private static boolean isFp(int op) {
        return op >= Op.FIRST_FP && op <= Op.LAST_FP;
    }

    private static boolean isFpAccess(int op) {
        return op >= Op.FLW && op <= Op.FSD;
    }

    /** Floating-point instructions with an integer destination (conversions, moves, compares, fclass). */
    private static boolean fpWritesX(int op) {
        return (op >= Op.FCVT_W_S && op <= Op.FLE_S) || (op >= Op.FCVT_W_D && op <= Op.FLE_D);
    }

    /** Floating-point instructions with an integer source in rs1 (conversions and moves to f). */
    private static boolean fpReadsX(int op) {
        return (op >= Op.FCVT_S_W && op <= Op.FMV_W_X) || (op >= Op.FCVT_D_W && op <= Op.FMV_D_X);
    }

    private static boolean isBranch(int op) {
        return op >= Op.BEQ && op <= Op.BGEU;
    }

    private static boolean endsBlock(int op) {
        return op == Op.JAL || op == Op.JALR || isBranch(op);
    }

    private static boolean isLoad(int op) {
        return op >= Op.LB && op <= Op.LWU;
    }

    private static boolean isStore(int op) {
        return op >= Op.SB && op <= Op.SD;
    }

    private static boolean readsRs1(int op) {
        return isFp(op) ? fpReadsX(op) : op != Op.LUI && op != Op.AUIPC && op != Op.JAL;
    }

    private static boolean readsRs2(int op) {
        return isBranch(op) || isStore(op) || (op >= Op.ADD && op <= Op.AND)
                || (op >= Op.ADDW && op <= Op.REMUW);
    }

    private static boolean writesRd(int op) {
        return isFp(op) ? fpWritesX(op) : !isBranch(op) && !isStore(op) && !isFpAccess(op);
    }

    /**
     * True if the instruction at {@code slot} is decoded, compilable and in no region yet. (A
     * page is compiled again when code decoded since its last compile gets hot; each compile
     * takes in the sampled instruction, so a page is compiled at most once per instruction.)
     */
    static boolean worthCompiling(DecodedPage dp, int slot) {
        long w = dp.code[2 * slot];
        int op = (int) w & OP_MASK;
        return compilable(op) && !dp.isCompiled(slot) && fitsInPage(slot, (int) (w >>> 56));
    }

    private static boolean fitsInPage(int slot, int len) {
        return 2 * slot + len <= Page.SIZE;
    }

    /**
     * Compiles every decoded instruction of {@code dp} and flags the regions' entries; returns
     * how many regions. The sampled slot that made the page hot counts as compiled even if it
     * could not be (an instruction decoded inside another one), so it never asks again.
     */
    static int compile(DecodedPage dp, int sampledSlot) {
        List<Insn> insns = decodedInsns(dp);
        List<Block> blocks = blocks(insns);
        CompiledRegion[] entries = new CompiledRegion[DecodedPage.SLOTS];
        long[] compiled = new long[DecodedPage.SLOTS / 64];
        List<List<Block>> regions = regions(blocks);
        for (List<Block> region : regions) {
            CompiledRegion r = define(region);
            for (Block b : region) {
                entries[b.first().slot()] = r;
                for (Insn in : b.insns()) {
                    compiled[in.slot() >>> 6] |= 1L << in.slot();
                }
            }
        }
        compiled[sampledSlot >>> 6] |= 1L << sampledSlot;
        for (int s = 0; s < DecodedPage.SLOTS; s++) {
            long w = dp.code[2 * s] & ~ENTRY;
            dp.code[2 * s] = entries[s] != null ? w | ENTRY : w;
        }
        dp.regions = entries;
        dp.compiled = compiled;
        return regions.size();
    }

    /** The decoded instructions of the page in address order (an instruction that crosses into the next page is left out). */
    private static List<Insn> decodedInsns(DecodedPage dp) {
        List<Insn> out = new ArrayList<>();
        int s = 0;
        while (s < DecodedPage.SLOTS) {
            long w = dp.code[2 * s];
            int op = (int) w & OP_MASK;
            int a = (int) (w >>> 32);
            if (op == Op.DECODE) {
                s++;
                continue;
            }
            int len = a >>> 24;
            if (fitsInPage(s, len)) {
                out.add(new Insn(s, dp.base + 2L * s, op, a, dp.code[2 * s + 1], dp.raw[s]));
            }
            s += len / 2;
        }
        return out;
    }

    private static List<Block> blocks(List<Insn> insns) {
        Set<Long> targets = new HashSet<>();
        for (Insn in : insns) {
            if (isBranch(in.op()) || in.op() == Op.JAL) {
                targets.add(in.pc() + in.imm());
            }
        }
        List<Block> out = new ArrayList<>();
        List<Insn> cur = null;
        Insn prev = null;
        for (Insn in : insns) {
            boolean follows = prev != null && prev.pc() + prev.len() == in.pc() && compilable(prev.op())
                    && !endsBlock(prev.op());
            if (!compilable(in.op())) {
                cur = null;
            } else {
                if (cur == null || !follows || targets.contains(in.pc()) || cur.size() >= MAX_INSNS) {
                    cur = new ArrayList<>();
                    out.add(new Block(cur));
                }
                cur.add(in);
                if (endsBlock(in.op())) {
                    cur = null;
                }
            }
            prev = in;
        }
        return out;
    }

    private static List<List<Block>> regions(List<Block> blocks) {
        List<List<Block>> out = new ArrayList<>();
        List<Block> cur = new ArrayList<>();
        int insns = 0, accesses = 0;
        for (Block b : blocks) {
            int bAccesses = (int) b.insns().stream()
                    .filter(in -> isLoad(in.op()) || isStore(in.op()) || isFpAccess(in.op())).count();
            if (!cur.isEmpty() && (insns + b.insns().size() > MAX_INSNS || accesses + bAccesses > MAX_ACCESSES)) {
                out.add(cur);
                cur = new ArrayList<>();
                insns = 0;
                accesses = 0;
            }
            cur.add(b);
            insns += b.insns().size();
            accesses += bAccesses;
        }
        if (!cur.isEmpty()) {
            out.add(cur);
        }
        return out;
    }

    // ------------------------------------------------------------------ bytecode

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final ClassDesc CD_REGION = ClassDesc.of(CompiledRegion.class.getName());
    private static final ClassDesc CD_HART = ClassDesc.of(Hart.class.getName());
    private static final ClassDesc CD_ALU = ClassDesc.of(Alu.class.getName());
    private static final ClassDesc CD_MATH = ClassDesc.of(Math.class.getName());
    private static final ClassDesc CD_LONGS = ConstantDescs.CD_long.arrayType();
    private static final MethodTypeDesc RUN = MethodTypeDesc.of(ConstantDescs.CD_long, CD_HART, CD_LONGS,
            ConstantDescs.CD_int, ConstantDescs.CD_long, ConstantDescs.CD_long);
    private static final MethodTypeDesc BINARY = MethodTypeDesc.of(ConstantDescs.CD_long, ConstantDescs.CD_long,
            ConstantDescs.CD_long);
    private static final MethodTypeDesc LOAD_LONG = MethodTypeDesc.of(ConstantDescs.CD_long, ConstantDescs.CD_long,
            ConstantDescs.CD_int);
    private static final MethodTypeDesc LOAD_INT = MethodTypeDesc.of(ConstantDescs.CD_int, ConstantDescs.CD_long,
            ConstantDescs.CD_int);
    private static final MethodTypeDesc STORE_LONG = MethodTypeDesc.of(ConstantDescs.CD_void, ConstantDescs.CD_long,
            ConstantDescs.CD_long, ConstantDescs.CD_int);
    private static final MethodTypeDesc FP_ACCESS = MethodTypeDesc.of(ConstantDescs.CD_void, ConstantDescs.CD_int,
            ConstantDescs.CD_int, ConstantDescs.CD_long, ConstantDescs.CD_long);
    private static final MethodTypeDesc FP_OP = MethodTypeDesc.of(ConstantDescs.CD_void, ConstantDescs.CD_int,
            ConstantDescs.CD_int, ConstantDescs.CD_int);
    private static final MethodTypeDesc STORE_INT = MethodTypeDesc.of(ConstantDescs.CD_void, ConstantDescs.CD_long,
            ConstantDescs.CD_int, ConstantDescs.CD_int);

    // locals of run(): 0 this, 1 h, 2 x, 3 slot, 4 n, 6 stop, then:
    private static final int H = 1, X = 2, SLOT = 3, N = 4, STOP = 6;
    /** The pc an exit goes on from. */
    private static final int NPC = 8;
    /** The pc of the load or store under way, and its count correction (see {@link #emitAccessSite}). */
    private static final int TRAP_PC = 10, TRAP_N = 12;
    private static final int FIRST_REG = 13;

    private static int local(int reg) {
        return FIRST_REG + 2 * (reg - 1);
    }

    private static CompiledRegion define(List<Block> region) {
        byte[] bytes = ClassFile.of().build(ClassDesc.of(CompiledRegion.class.getName() + "$Page"), cb -> {
            cb.withSuperclass(CD_REGION);
            cb.withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SYNTHETIC);
            cb.withMethodBody(ConstantDescs.INIT_NAME, ConstantDescs.MTD_void, 0, b -> b.aload(0)
                    .invokespecial(CD_REGION, ConstantDescs.INIT_NAME, ConstantDescs.MTD_void)
                    .return_());
            cb.withMethodBody("run", RUN, ClassFile.ACC_FINAL, b -> new Emitter(b, region).emit());
        });
        try {
            MethodHandles.Lookup hidden = LOOKUP.defineHiddenClass(bytes, true);
            return (CompiledRegion) hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class))
                    .invoke();
        } catch (Throwable e) {
            throw new IllegalStateException("region compiler produced an unloadable class", e);
        }
    }

    /** Emits the body of one region's {@code run}. */
    private static final class Emitter {
        private final CodeBuilder b;
        private final List<Block> region;
        private final Map<Long, Label> blockAt = new HashMap<>();
        private final boolean[] used = new boolean[32];
        private final boolean[] written = new boolean[32];
        private final Label exit;

        Emitter(CodeBuilder b, List<Block> region) {
            this.b = b;
            this.region = region;
            this.exit = b.newLabel();
            for (Block blk : region) {
                blockAt.put(blk.first().pc(), b.newLabel());
                for (Insn in : blk.insns()) {
                    if (readsRs1(in.op())) {
                        used[in.rs1()] = true;
                    }
                    if (readsRs2(in.op())) {
                        used[in.rs2()] = true;
                    }
                    if (writesRd(in.op()) && in.rd() < 32) {
                        used[in.rd()] = true;
                        written[in.rd()] = true;
                    }
                }
            }
            used[0] = written[0] = false;
        }

        void emit() {
            b.lconst_0().lstore(NPC).lconst_0().lstore(TRAP_PC).iconst_0().istore(TRAP_N);
            for (int r = 1; r < 32; r++) {
                if (used[r]) {
                    b.aload(X).loadConstant(r).laload().lstore(local(r));
                }
            }
            Label start = b.newBoundLabel();
            Label none = b.newLabel();
            List<SwitchCase> cases = new ArrayList<>();
            for (Block blk : region) {
                cases.add(SwitchCase.of(blk.first().slot(), blockAt.get(blk.first().pc())));
            }
            b.iload(SLOT).lookupswitch(none, cases);
            for (int i = 0; i < region.size(); i++) {
                Block next = i + 1 < region.size() ? region.get(i + 1) : null;
                emitBlock(region.get(i), next);
            }
            b.labelBinding(none);
            b.lconst_0().lstore(NPC).goto_(exit);
            Label end = b.newBoundLabel();

            b.labelBinding(exit);
            writeBack();
            b.aload(H).lload(N).putfield(CD_HART, "instret", ConstantDescs.CD_long);
            b.lload(NPC).lreturn();

            Label handler = b.newBoundLabel();
            writeBack();
            b.aload(H).lload(N).iload(TRAP_N).i2l().ladd().putfield(CD_HART, "instret", ConstantDescs.CD_long);
            b.aload(H).lload(TRAP_PC).putfield(CD_HART, "pc", ConstantDescs.CD_long);
            b.athrow();
            b.exceptionCatchAll(start, end, handler);
        }

        private void writeBack() {
            for (int r = 1; r < 32; r++) {
                if (written[r]) {
                    b.aload(X).loadConstant(r).lload(local(r)).lastore();
                }
            }
        }

        private void emitBlock(Block blk, Block next) {
            int len = blk.insns().size();
            b.labelBinding(blockAt.get(blk.first().pc()));
            // the whole block must fit under the limit; if not, leave before it
            Label fits = b.newLabel();
            b.lload(N).loadConstant((long) len).ladd().lload(STOP).lcmp().ifle(fits);
            exitTo(blk.first().pc());
            b.labelBinding(fits);
            b.lload(N).loadConstant((long) len).ladd().lstore(N);
            for (int i = 0; i < len; i++) {
                emitInsn(blk.insns().get(i), i + 1 - len);
            }
            Insn last = blk.last();
            if (last.op() == Op.JAL || last.op() == Op.JALR) {
                return;
            }
            long fallthrough = last.pc() + last.len();
            if (next == null || next.first().pc() != fallthrough) {
                jumpTo(fallthrough);
            }
        }

        private void exitTo(long pc) {
            b.loadConstant(pc).lstore(NPC).goto_(exit);
        }

        private void jumpTo(long pc) {
            Label l = blockAt.get(pc);
            if (l != null) {
                b.goto_(l);
            } else {
                exitTo(pc);
            }
        }

        private void rs(int r) {
            if (r == 0) {
                b.lconst_0();
            } else {
                b.lload(local(r));
            }
        }

        private void setRd(int rd) {
            if (rd == 0 || rd >= 32) {
                b.pop2();
            } else {
                b.lstore(local(rd));
            }
        }

        /**
         * Before a load or store (the only instructions that can trap): the pc and how far the
         * count, already advanced past the whole block, is ahead of the count including this
         * instruction. Both are constants, so the JIT keeps them in its exception metadata.
         */
        private void emitAccessSite(Insn in, int correction) {
            b.loadConstant(in.pc()).lstore(TRAP_PC).loadConstant(correction).istore(TRAP_N);
        }

        /** After a store: if it hit decoded code, leave so the interpreter decodes it afresh. */
        private void leaveIfCodeChanged(int correction, long next) {
            Label same = b.newLabel();
            b.aload(H).getfield(CD_HART, "codeChanged", ConstantDescs.CD_boolean).ifeq(same);
            if (correction != 0) {
                b.lload(N).loadConstant((long) correction).ladd().lstore(N);
            }
            exitTo(next);
            b.labelBinding(same);
        }

        /** Before a call that reads {@code x[reg]} itself: store the register's local there. */
        private void syncToMemory(int reg) {
            if (reg != 0) {
                b.aload(X).loadConstant(reg).lload(local(reg)).lastore();
            }
        }

        private void address(Insn in) {
            rs(in.rs1());
            if (in.imm() != 0) {
                b.loadConstant(in.imm()).ladd();
            }
        }

        /** Pushes 1 if the two longs on the stack compare below (signed), else 0. */
        private void lessThan() {
            b.lcmp().loadConstant(31).iushr().i2l();
        }

        private void flipSign() {
            b.loadConstant(Long.MIN_VALUE).lxor();
        }

        private void emitInsn(Insn in, int correction) {
            int op = in.op();
            long next = in.pc() + in.len();
            switch (op) {
                case Op.LUI -> {
                    b.loadConstant(in.imm());
                    setRd(in.rd());
                }
                case Op.AUIPC -> {
                    b.loadConstant(in.pc() + in.imm());
                    setRd(in.rd());
                }
                case Op.JAL -> {
                    b.loadConstant(next);
                    setRd(in.rd());
                    jumpTo(in.pc() + in.imm());
                }
                case Op.JALR -> {
                    address(in);
                    b.loadConstant(~1L).land().lstore(NPC);
                    b.loadConstant(next);
                    setRd(in.rd());
                    b.goto_(exit);
                }
                case Op.BEQ, Op.BNE, Op.BLT, Op.BGE, Op.BLTU, Op.BGEU -> {
                    boolean unsigned = op == Op.BLTU || op == Op.BGEU;
                    rs(in.rs1());
                    if (unsigned) {
                        flipSign();
                    }
                    rs(in.rs2());
                    if (unsigned) {
                        flipSign();
                    }
                    b.lcmp();
                    Label notTaken = b.newLabel();
                    switch (op) {
                        case Op.BEQ -> b.ifne(notTaken);
                        case Op.BNE -> b.ifeq(notTaken);
                        case Op.BLT, Op.BLTU -> b.ifge(notTaken);
                        default -> b.iflt(notTaken);
                    }
                    jumpTo(in.pc() + in.imm());
                    b.labelBinding(notTaken);
                }
                case Op.LB, Op.LH, Op.LW, Op.LD, Op.LBU, Op.LHU, Op.LWU -> {
                    emitAccessSite(in, correction);
                    b.aload(H);
                    address(in);
                    b.loadConstant(in.rs1());
                    switch (op) {
                        case Op.LB -> b.invokevirtual(CD_HART, "load8", LOAD_INT).i2b().i2l();
                        case Op.LH -> b.invokevirtual(CD_HART, "load16", LOAD_INT).i2s().i2l();
                        case Op.LW -> b.invokevirtual(CD_HART, "load32", LOAD_INT).i2l();
                        case Op.LD -> b.invokevirtual(CD_HART, "load64", LOAD_LONG);
                        case Op.LBU -> b.invokevirtual(CD_HART, "load8", LOAD_INT).i2l();
                        case Op.LHU -> b.invokevirtual(CD_HART, "load16", LOAD_INT).i2l();
                        default -> b.invokevirtual(CD_HART, "load32", LOAD_INT).i2l()
                                .loadConstant(0xFFFF_FFFFL).land();
                    }
                    setRd(in.rd());
                }
                case Op.SB, Op.SH, Op.SW, Op.SD -> {
                    emitAccessSite(in, correction);
                    b.aload(H);
                    address(in);
                    rs(in.rs2());
                    if (op != Op.SD) {
                        b.l2i();
                    }
                    b.loadConstant(in.rs1());
                    switch (op) {
                        case Op.SB -> b.invokevirtual(CD_HART, "store8", STORE_INT);
                        case Op.SH -> b.invokevirtual(CD_HART, "store16", STORE_INT);
                        case Op.SW -> b.invokevirtual(CD_HART, "store32", STORE_INT);
                        default -> b.invokevirtual(CD_HART, "store64", STORE_LONG);
                    }
                    leaveIfCodeChanged(correction, next);
                }
                case Op.ADDI -> {
                    address(in);
                    setRd(in.rd());
                }
                case Op.SLTI -> {
                    rs(in.rs1());
                    b.loadConstant(in.imm());
                    lessThan();
                    setRd(in.rd());
                }
                case Op.SLTIU -> {
                    rs(in.rs1());
                    flipSign();
                    b.loadConstant(in.imm() ^ Long.MIN_VALUE);
                    lessThan();
                    setRd(in.rd());
                }
                case Op.XORI, Op.ORI, Op.ANDI -> {
                    rs(in.rs1());
                    b.loadConstant(in.imm());
                    switch (op) {
                        case Op.XORI -> b.lxor();
                        case Op.ORI -> b.lor();
                        default -> b.land();
                    }
                    setRd(in.rd());
                }
                case Op.SLLI, Op.SRLI, Op.SRAI -> {
                    rs(in.rs1());
                    b.loadConstant((int) in.imm());
                    switch (op) {
                        case Op.SLLI -> b.lshl();
                        case Op.SRLI -> b.lushr();
                        default -> b.lshr();
                    }
                    setRd(in.rd());
                }
                case Op.ADD, Op.SUB, Op.XOR, Op.OR, Op.AND, Op.MUL -> {
                    rs(in.rs1());
                    rs(in.rs2());
                    switch (op) {
                        case Op.ADD -> b.ladd();
                        case Op.SUB -> b.lsub();
                        case Op.XOR -> b.lxor();
                        case Op.OR -> b.lor();
                        case Op.AND -> b.land();
                        default -> b.lmul();
                    }
                    setRd(in.rd());
                }
                case Op.SLL, Op.SRL, Op.SRA -> {
                    rs(in.rs1());
                    rs(in.rs2());
                    b.l2i();
                    switch (op) {
                        case Op.SLL -> b.lshl();
                        case Op.SRL -> b.lushr();
                        default -> b.lshr();
                    }
                    setRd(in.rd());
                }
                case Op.SLT -> {
                    rs(in.rs1());
                    rs(in.rs2());
                    lessThan();
                    setRd(in.rd());
                }
                case Op.SLTU -> {
                    rs(in.rs1());
                    flipSign();
                    rs(in.rs2());
                    flipSign();
                    lessThan();
                    setRd(in.rd());
                }
                case Op.ADDIW -> {
                    address(in);
                    b.l2i().i2l();
                    setRd(in.rd());
                }
                case Op.SLLIW, Op.SRLIW, Op.SRAIW -> {
                    rs(in.rs1());
                    b.l2i().loadConstant((int) in.imm());
                    switch (op) {
                        case Op.SLLIW -> b.ishl();
                        case Op.SRLIW -> b.iushr();
                        default -> b.ishr();
                    }
                    b.i2l();
                    setRd(in.rd());
                }
                case Op.ADDW, Op.SUBW, Op.SLLW, Op.SRLW, Op.SRAW, Op.MULW -> {
                    rs(in.rs1());
                    b.l2i();
                    rs(in.rs2());
                    b.l2i();
                    switch (op) {
                        case Op.ADDW -> b.iadd();
                        case Op.SUBW -> b.isub();
                        case Op.SLLW -> b.ishl();
                        case Op.SRLW -> b.iushr();
                        case Op.SRAW -> b.ishr();
                        default -> b.imul();
                    }
                    b.i2l();
                    setRd(in.rd());
                }
                case Op.MULH, Op.MULHU, Op.MULHSU, Op.DIV, Op.DIVU, Op.REM, Op.REMU,
                        Op.DIVW, Op.DIVUW, Op.REMW, Op.REMUW -> {
                    rs(in.rs1());
                    rs(in.rs2());
                    switch (op) {
                        case Op.MULH -> b.invokestatic(CD_MATH, "multiplyHigh", BINARY);
                        case Op.MULHU -> b.invokestatic(CD_MATH, "unsignedMultiplyHigh", BINARY);
                        default -> b.invokestatic(CD_ALU, aluMethod(op), BINARY);
                    }
                    setRd(in.rd());
                }
                case Op.FLW, Op.FLD, Op.FSW, Op.FSD -> {
                    emitAccessSite(in, correction);
                    syncToMemory(in.rs1());
                    b.aload(H).loadConstant(op).loadConstant(in.a()).loadConstant(in.imm()).loadConstant(in.pc())
                            .invokevirtual(CD_HART, "fpLoadStore", FP_ACCESS);
                    if (op == Op.FSW || op == Op.FSD) {
                        leaveIfCodeChanged(correction, next);
                    }
                }
                default -> {
                    if (!isFp(op)) {
                        throw new IllegalArgumentException("not compilable: op " + op);
                    }
                    // the FPU code reads and writes x[] itself: hand it the source, take the result
                    emitAccessSite(in, correction);
                    if (fpReadsX(op)) {
                        syncToMemory(in.rs1());
                    }
                    b.aload(H).loadConstant(op).loadConstant(in.a()).loadConstant(in.raw())
                            .invokevirtual(CD_HART, "execFp", FP_OP);
                    if (fpWritesX(op) && in.rd() != 0 && in.rd() < 32) {
                        b.aload(X).loadConstant(in.rd()).laload().lstore(local(in.rd()));
                    }
                }
            }
        }

        private static String aluMethod(int op) {
            return switch (op) {
                case Op.MULHSU -> "mulhsu";
                case Op.DIV -> "div";
                case Op.DIVU -> "divu";
                case Op.REM -> "rem";
                case Op.REMU -> "remu";
                case Op.DIVW -> "divw";
                case Op.DIVUW -> "divuw";
                case Op.REMW -> "remw";
                default -> "remuw";
            };
        }
    }
}
