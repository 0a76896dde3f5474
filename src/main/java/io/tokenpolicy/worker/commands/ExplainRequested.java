package io.tokenpolicy.worker.commands;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/** Whether the worker was started to explain one event ({@code --explain=event.json}) rather than to consume. */
public class ExplainRequested implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return StringUtils.hasText(context.getEnvironment().getProperty(ExplainCommand.PROPERTY));
    }

    /** The opposite: the worker consumes. */
    public static final class NotRequested extends ExplainRequested {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !super.matches(context, metadata);
        }
    }
}
