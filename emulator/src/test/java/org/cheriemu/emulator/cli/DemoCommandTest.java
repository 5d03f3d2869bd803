package org.cheriemu.emulator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The main job: the model tour, then a real guest's capability fault with its report. */
class DemoCommandTest {

    @Test
    void showsTheModelAndARealGuestFault() {
        CliRun run = CliRun.of("demo");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("FAULT: length violation (0x01), 4 byte(s) past the top"), run.out());
        assertTrue(run.out().contains("loading byte 16, one past the end"), run.out());
        assertTrue(run.err().contains("capability fault: length violation (cause 0x01) on c5/ct0, mcause 0x1c, mtval 0xa1"), run.err());
        assertTrue(run.err().contains("1 byte past the top"), run.err());
    }
}
