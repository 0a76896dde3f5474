package io.tokenpolicy.worker.commands;

import io.tokenpolicy.worker.config.LedgerProperties;
import io.tokenpolicy.worker.config.TopicsProperties;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The replay command and the settings it reads, alone: started as its own application (see {@link CommandRun}), it
 * brings up no consumer, no gateway client and no web server.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(CommandRequested.Replay.class)
@EnableConfigurationProperties({
    ReplayProperties.class,
    TopicsProperties.class,
    LedgerProperties.class,
    KafkaProperties.class
})
class ReplayConfiguration {

    @Bean
    ReplayCommand replayCommand(
            ReplayProperties replay,
            TopicsProperties topics,
            LedgerProperties ledger,
            KafkaProperties kafka,
            Console console) {
        return new ReplayCommand(() -> ReplayOptions.of(replay, topics, ledger, kafka, Clock.systemUTC()), console);
    }
}
