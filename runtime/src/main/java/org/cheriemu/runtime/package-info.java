/**
 * The allocator runtime: a heap allocator whose frees are quarantined and whose memory is reused
 * only after a revocation pass has cleared every capability pointing into it. It runs without a
 * CPU: it sees the machine only through {@link org.cheriemu.runtime.Machine}.
 *
 * <h2>What the emulator calls (one {@link org.cheriemu.runtime.Allocator} per guest)</h2>
 * <ul>
 *   <li>{@code new Allocator(machine, RuntimeConfig.of(heapBase, heapSize).withStrategy(..).withPolicy(..))}
 *   <li>{@code malloc(size)}, {@code calloc(n, size)}, {@code alignedAlloc(align, size)} → a
 *       {@link org.cheriemu.isa.cap.Capability} for ca0 (NULL when out of memory)
 *   <li>{@code posixMemalign(align, size)} → error number and capability
 *   <li>{@code realloc(cap, size)} → new capability and the result of freeing the old one
 *   <li>{@code free(cap)} / {@code free(tag, meta, address)} →
 *       {@link org.cheriemu.runtime.debug.FreeResult}: {@code Freed}, {@code DoubleFree} or
 *       {@code InvalidFree} (the emulator reports and aborts on the last two)
 *   <li>{@code usableSize(cap)}, {@code revokeNow()}, {@code statistics()}
 *   <li>{@code needsLoadBarrier()}; if true, on every capability load with the tag set:
 *       {@code isRevokedCapability(meta, address)} (or {@code isRevoked(base)}) → clear the
 *       loaded tag
 *   <li>{@code describe(address)} in capability-fault reports, {@code leaks()} at exit,
 *       {@code setPassListener(new RuntimeJson.PassLogWriter(out))} for the JSON Lines pass log,
 *       {@code RuntimeJson.toJson(statistics())} for the exit summary
 * </ul>
 *
 * <h2>Decisions</h2>
 * <ul>
 *   <li>All metadata is Java-side (a guest write cannot corrupt it). Small requests (≤ 2048
 *       bytes, alignment ≤ 16) use 32 segregated size classes with LIFO free lists; the rest use
 *       a best-fit free tree with coalescing ({@link org.cheriemu.runtime.LargeHeap}).
 *   <li>Bounds: a request of n bytes gets a capability of exactly n bytes when n is
 *       representable, else of CRRL(n) bytes at a CRAM-aligned base; the chunk is exactly that
 *       (rounded to 16), so bounds never reach a neighbour. Permissions: LOAD, STORE, LOAD_CAP,
 *       STORE_CAP, GLOBAL, derived from a heap root.
 *   <li>free(NULL) is a no-op. The address must be the base of a live object. A free whose
 *       address is the base of a quarantined or recently revoked object is a double free even
 *       if the capability is now untagged (it was revoked); it is checked before the tag.
 *   <li>realloc always moves (the bounds change) and copies capability tags with the data.
 *   <li>Size-class runs are not returned to the large heap; footprint is the distance from the
 *       heap base to the end of the highest chunk not free.
 *   <li>The heap must be under 32 GiB (the revocation bitmap is indexed by int granule).
 * </ul>
 */
package org.cheriemu.runtime;
