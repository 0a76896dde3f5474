package io.tokenpolicy.worker.commands;

import java.io.PrintStream;

/**
 * Where a command prints: what it did on {@code out}; on {@code err} one line for what went wrong, after which
 * the command ends with 2 when an argument, option, setting or file given is wrong and 1 when the run failed.
 */
public record Console(PrintStream out, PrintStream err) {

    static final int WRONG = 2;
    static final int FAILED = 1;

    /**
     * The process's standard output for the command alone: from now on whatever else the JVM prints there (a
     * library's or a logger's lines) goes to standard error, so that the command's output can be read or piped.
     */
    static Console takeStandardOutput() {
        Console console = new Console(System.out, System.err);
        System.setOut(System.err);
        return console;
    }

    int wrong(Command command, String message) {
        err.println(command.label() + ": " + message
                + (command.usage().isEmpty() ? "" : " (" + command.label() + " --help lists the options)"));
        return WRONG;
    }

    int failed(Command command, String message) {
        err.println(command.label() + " failed: " + message);
        return FAILED;
    }
}
