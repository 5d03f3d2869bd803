/** Reports for the emulator to format: double and invalid frees, leaks, and object descriptions for use-after-free faults. */
package org.cheriemu.runtime.debug;
