package io.tokenpolicy.worker.commands;

import java.io.PrintStream;

/**
 * Where a command prints: what it did on {@code out}; on {@code err} one line for what went wrong, after which
 * the command ends with 2 when an option or setting is wrong and 1 when the run failed.
 */
public record Console(PrintStream out, PrintStream err) {

    static final int WRONG = 2;
    static final int FAILED = 1;

    int wrong(Command command, String message) {
        err.println(command.label() + ": " + message);
        err.print(command.usage());
        return WRONG;
    }

    int failed(Command command, String message) {
        err.println(command.label() + " failed: " + message);
        return FAILED;
    }
}
