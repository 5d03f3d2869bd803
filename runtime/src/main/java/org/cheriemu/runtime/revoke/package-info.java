/**
 * Quarantine policy, the revocation bitmap and the sweepers.
 *
 * <p>A pass: (1) paint 1 bit per 16-byte heap granule for every quarantined chunk (already
 * painted at free time for {@code loadbarrier}); (2) visit every tagged granule of guest memory
 * page by page over the pages' tag words, plus every capability register; (3) clear the tag of
 * every capability whose base (decoded from memory-form metadata and address by
 * {@link org.cheriemu.runtime.revoke.FastBounds}) is painted; (4) unpaint; (5) the allocator
 * takes the chunks back.
 *
 * <p>Pages with at least 64 tags are swept by a Vector API kernel ({@code VectorSweep}) when the
 * JVM runs with {@code --add-modules jdk.incubator.vector} on a host with 512-bit vectors; the
 * scalar loop does everything else, and everything when the module is absent (the runtime
 * never needs the module to load). {@code -Dcheriemu.sweep.vector=false} forces the scalar
 * loop. Both compute the same bases as {@code FastBounds}; tests compare each with a reference
 * sweep built on the ISA decoder.
 *
 * <p>{@code capdirty} uses the memory's capDirty flags and clears them after each pass. The
 * emulator must not clear them itself, and must set them on every tagged capability store (the
 * memory does this in {@code storeCap}).
 */
package org.cheriemu.runtime.revoke;
