package io.tokenpolicy.worker.kafka;

import io.tokenpolicy.worker.config.TopicsProperties;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Creates the worker's topics that do not exist yet, before the listener starts. Unlike
 * Spring's {@code NewTopic} beans it never adds partitions to an existing topic, which would
 * move token ids to other partitions and break their order.
 */
final class MissingTopics implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(MissingTopics.class);
    private static final long TIMEOUT_SECONDS = 30;

    private final KafkaAdmin admin;
    private final TopicsProperties topics;

    MissingTopics(KafkaAdmin admin, TopicsProperties topics) {
        this.admin = admin;
        this.topics = topics;
    }

    @Override
    public void afterPropertiesSet() {
        if (!topics.create()) {
            return;
        }
        try (AdminClient client = AdminClient.create(admin.getConfigurationProperties())) {
            Set<String> existing = client.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> missing = List.of(topics.events(), topics.outcomes(), topics.deadLetter()).stream()
                    .distinct()
                    .filter(name -> !existing.contains(name))
                    .map(name -> new NewTopic(name, topics.partitions(), (short) -1))
                    .toList();
            if (!missing.isEmpty()) {
                client.createTopics(missing).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                log.info("created topics {}", missing.stream().map(NewTopic::name).toList());
            }
        } catch (ExecutionException | TimeoutException failed) {
            throw new KafkaException("could not create the worker's topics", failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while creating the worker's topics", interrupted);
        }
    }
}
