package io.tokenpolicy.worker.commands;

import java.util.Optional;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Whether the jar was started for a given command, or for none (the worker), as {@link Command#requested} says. */
abstract class CommandRequested implements Condition {

    private final Optional<Command> command;

    CommandRequested(Optional<Command> command) {
        this.command = command;
    }

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return Command.requested(context.getEnvironment()).equals(command);
    }

    static final class Explain extends CommandRequested {

        Explain() {
            super(Optional.of(Command.EXPLAIN));
        }
    }

    static final class Replay extends CommandRequested {

        Replay() {
            super(Optional.of(Command.REPLAY));
        }
    }

    static final class Drift extends CommandRequested {

        Drift() {
            super(Optional.of(Command.DRIFT));
        }
    }

    static final class History extends CommandRequested {

        History() {
            super(Optional.of(Command.HISTORY));
        }
    }
}
