package org.cheriemu.emulator.cli;

import org.cheriemu.emulator.ExitStatus;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cheri-emu inspect FILE}: renders a fault report saved by {@code run --fault-report FILE}. */
@Command(name = "inspect", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitStatus.USAGE,
        description = "Show a capability fault report saved with 'run --fault-report FILE'.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the report was shown", "64:usage error", "65:the file is not a fault report"})
public final class InspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "a JSON fault report")
    Path file;

    @Override
    public Integer call() {
        CheriFaultReport r;
        try {
            r = CheriFaultReport.read(file);
        } catch (Exception e) {
            String msg = String.valueOf(e.getMessage()).lines().findFirst().orElse("unreadable");
            System.err.println("cheri-emu: " + file + ": not a fault report: " + msg);
            return ExitStatus.BAD_INPUT;
        }
        System.out.println(r.text());
        return 0;
    }
}
