package io.tokenpolicy.worker.commands;

import io.tokenpolicy.worker.apply.TokenEventApplier;
import io.tokenpolicy.worker.config.InputProperties;
import io.tokenpolicy.worker.config.TokenApiProperties;
import io.tokenpolicy.worker.events.TokenEventReader;
import io.tokenpolicy.worker.policy.rules.RuleSet;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The explain command, in place of the Kafka side, when {@code --explain=event.json} is given. The file is taken as
 * the shell gave it, relative to the working directory ({@code ../event.json}) or absolute, never as a Spring
 * resource.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(CommandRequested.Explain.class)
class ExplainConfiguration {

    @Bean
    ExplainCommand explainCommand(
            @Value("${" + ExplainCommand.PROPERTY + "}") String eventFile,
            TokenEventApplier planner,
            RuleSet rules,
            TokenApiProperties api,
            InputProperties input,
            Clock clock,
            Console console) {
        return new ExplainCommand(
                Path.of(eventFile),
                new TokenEventReader(input, Optional.ofNullable(api.userId()), rules.schemas()),
                planner,
                clock,
                console);
    }
}
