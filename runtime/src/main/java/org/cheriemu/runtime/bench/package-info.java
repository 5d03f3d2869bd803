/** sweep-bench: revocation cost on a synthetic heap, measured beside host memory bandwidth. */
package org.cheriemu.runtime.bench;
