package org.cheriemu.emulator.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spelling pairs (ours | Capstone's) that must normalize to the same canonical form. */
class DisassemblyNormalizerTest {

    @ParameterizedTest(name = "{0} == {1}")
    @CsvSource(delimiter = '|', value = {
        "nop|c.nop|addi zero,zero,0",
        "addi a0,zero,5|li a0, 5|addi a0,zero,5",
        "addi a2,sp,12|c.addi4spn a2, sp, 0xc|addi a2,sp,12",
        "lw ra,64(sp)|c.lwsp ra, 0x40(sp)|lw ra,64(sp)",
        "lui ra,4096|c.lui ra, 1|lui ra,1",
        "lui a0,-4096|lui a0, 0xfffff|lui a0,1048575",
        "ret|c.jr ra|jalr zero,ra,0",
        "bgez zero,3908 # 0x1f44|blez zero, 0xf44|bge zero,zero,3908",
        "csrrs a3,0xeb1,zero|csrr a3, 3761|csrrs a3,3761,zero",
        "csrrs ra,0xc82,zero|rdinstreth ra|csrrs ra,3202,zero",
        "fcvt.d.w fs9,sp,rne|fcvt.d.w fs9, sp|fcvt.d.w fs9,sp",
        "fadd.d fa0,fa1,fa2|fadd.d fa0, fa1, fa2, dyn|fadd.d fa0,fa1,fa2",
        "sfence.vma t1,zero|sfence.vma t1|sfence.vma t1,zero",
        "illegal|c.unimp|illegal",
    })
    void sameCanonicalForm(String ours, String capstone, String canonical) {
        assertEquals(canonical, DisassemblyNormalizer.ours(ours));
        assertEquals(canonical, DisassemblyNormalizer.capstone(capstone));
    }
}
