/**
 * The CHERI-RISC-V ISAv9 128-bit capability (CHERI Concentrate, RV64), following the project's
 * CHERI-RISC-V reference (§1, §2, §3.9, §9).
 *
 * <h2>Representation</h2>
 * A capability is {@code (boolean tag, long meta, long address)} with {@code meta} in REGISTER
 * form (§9.1). Memory form is {@code meta ^ 0x00001FFFFC018004} ({@link
 * org.cheriemu.isa.cap.CapFormat#toMemory}, {@link org.cheriemu.isa.cap.CapFormat#fromMemory}),
 * applied only at the memory boundary (LC/SC, CGetHigh/CSetHigh). Tops and lengths are 65 bits;
 * on hot paths a top is a pair (bits 63:0 as {@code long}, bit 64 as {@code boolean} or 0/1).
 *
 * <h2>Files</h2>
 * <ul>
 *   <li>{@link org.cheriemu.isa.cap.CapFormat}: constants, field layout, register/memory form.
 *   <li>{@link org.cheriemu.isa.cap.BoundsCodec}: decode base/top (§1.3–§1.5), inCapBounds.
 *   <li>{@link org.cheriemu.isa.cap.SetBounds}: encode requested bounds (§1.6), CRRL/CRAM (§1.7).
 *   <li>{@link org.cheriemu.isa.cap.Representability}: precise and fast checks (§1.8).
 *   <li>{@link org.cheriemu.isa.cap.Permission}, {@link org.cheriemu.isa.cap.Otype}: §2.1, §2.2.
 *   <li>{@link org.cheriemu.isa.cap.CapOps}: §3.9 instruction semantics on primitives, writing
 *       results into a caller-owned {@link org.cheriemu.isa.cap.CapResult}.
 *   <li>{@link org.cheriemu.isa.cap.Capability}: immutable record for the CLI, reports and tests.
 * </ul>
 *
 * <h2>Decisions where the reference leaves room</h2>
 * <ul>
 *   <li>CCopyType with a reserved cs2 otype: the result is cs1 with address = sign-extended otype
 *       and tag 0, as §3.9 says. (An older, trapping SCR revision returned a NULL-derived value
 *       instead; both are untagged with the same address, only the metadata differs.) No bounds
 *       check beyond the precise representability check, again as §3.9 says.
 *   <li>CBuildCap: the rebuilt value must equal the request bit for bit, reserved bits included;
 *       the rebuild's address step does not apply the fast check (SCR ignores it there).
 *       Non-canonical encodings (e.g. a stored E above 52) are therefore refused even though
 *       they satisfy the §1.5 predicate.
 *   <li>CCSeal's "cs2.addr = −1" is the all-ones address; CCSeal passes a sealed cs1 through
 *       with its tag, as §3.9 says (it is the one operation on a sealed input that keeps the tag).
 *   <li>Set-bounds requests whose top exceeds 2^64 are encoded as §1.6 computes (the rounded top
 *       may wrap 2^65); CSetBounds clears the tag for them because they are never inside the
 *       source bounds.
 * </ul>
 */
package org.cheriemu.isa.cap;
