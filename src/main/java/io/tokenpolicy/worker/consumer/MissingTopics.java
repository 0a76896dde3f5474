package io.tokenpolicy.worker.consumer;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.tokenpolicy.worker.config.TopicsProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Creates the worker's topics that do not exist yet, before the worker starts, and checks
 * that the ledger, the policy view and the security topic are partitioned like the events topic (each partition's ledger lives in
 * the partition of the same number, and serves that partition of both input topics). Unlike Spring's {@code NewTopic} beans it never adds
 * partitions to an existing topic, which would move token ids to other partitions and break
 * their order.
 */
final class MissingTopics implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(MissingTopics.class);
    /** How long one call waits for Kafka's answer; the call's own timeout, so that closing the client waits for none. */
    private static final int TIMEOUT_SECONDS = 10;

    private static final int TIMEOUT_MS = TIMEOUT_SECONDS * 1_000;
    private static final int BACKSTOP_SECONDS = TIMEOUT_SECONDS + 5;
    private static final int METADATA_ATTEMPTS = 50;
    private static final Duration METADATA_PAUSE = Duration.ofMillis(100);
    private static final Duration KAFKA_PAUSE = Duration.ofSeconds(2);
    private static final Retry TOPIC_METADATA = Retry.of(
            "topic-metadata",
            RetryConfig.custom()
                    .maxAttempts(METADATA_ATTEMPTS)
                    .waitDuration(METADATA_PAUSE)
                    .retryOnException(failed -> failed instanceof ExecutionException
                            && failed.getCause() instanceof UnknownTopicOrPartitionException)
                    .build());

    private final KafkaAdmin admin;
    private final TopicsProperties topics;
    private final Duration dedupWindow;

    MissingTopics(KafkaAdmin admin, TopicsProperties topics, Duration dedupWindow) {
        this.admin = admin;
        this.topics = topics;
        this.dedupWindow = dedupWindow;
    }

    @Override
    public void afterPropertiesSet() {
        try (AdminClient client = AdminClient.create(admin.getConfigurationProperties())) {
            untilKafkaAnswers().executeCallable(() -> {
                createAndCheck(client);
                return null;
            });
        } catch (ExecutionException | TimeoutException failed) {
            throw new KafkaException(
                    "could not create or check the worker's topics within token-policy.topics.startup-wait "
                            + topics.startupWait(),
                    failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while creating the worker's topics", interrupted);
        } catch (RuntimeException failed) {
            throw failed;
        } catch (Exception unexpected) {
            throw new IllegalStateException("creating the worker's topics failed", unexpected);
        }
    }

    private void createAndCheck(AdminClient client) throws ExecutionException, TimeoutException, InterruptedException {
        if (topics.create()) {
            create(
                    client,
                    List.of(topics.events(), topics.outcomes(), topics.deadLetter(), topics.drift()),
                    topics.partitions());
            create(
                    client,
                    List.of(topics.ledger(), topics.policyView(), topics.securityEvents()),
                    partitionsOf(client, topics.events()));
        }
        requireCoPartitioned(client);
    }

    /**
     * Asks again, every {@link #KAFKA_PAUSE}, while Kafka does not answer (a broker restarting, or started with the
     * worker) and {@code startup-wait} is not spent; a refusal (authorisation, a topic partitioned unlike the events
     * topic) ends the start at once.
     */
    private Retry untilKafkaAnswers() {
        long deadline = System.nanoTime() + topics.startupWait().toNanos();
        Retry retry = Retry.of(
                "kafka-at-start",
                RetryConfig.custom()
                        .maxAttempts(Integer.MAX_VALUE)
                        .waitDuration(KAFKA_PAUSE)
                        .retryOnException(failed -> unanswered(failed) && System.nanoTime() < deadline)
                        .build());
        retry.getEventPublisher()
                .onRetry(event -> log.warn(
                        "waiting for Kafka at {}: {}; asking again until token-policy.topics.startup-wait {} is spent",
                        admin.getConfigurationProperties().get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG),
                        describe(event.getLastThrowable()),
                        topics.startupWait()));
        return retry;
    }

    /**
     * Kafka did not answer in time, or answered that it cannot yet: a transient error, or too few brokers registered
     * for the replication factor (a cluster starting with the worker). A topic still unknown after its wait is no such
     * case.
     */
    private static boolean unanswered(Throwable failed) {
        Throwable cause = failed.getCause();
        return failed instanceof TimeoutException
                || failed instanceof ExecutionException
                        && (cause instanceof RetriableException || cause instanceof InvalidReplicationFactorException)
                        && !(cause instanceof UnknownTopicOrPartitionException);
    }

    private static String describe(Throwable failed) {
        if (failed instanceof TimeoutException
                || failed.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
            return "no answer within " + TIMEOUT_SECONDS + " s";
        }
        Throwable cause = failed.getCause() != null ? failed.getCause() : failed;
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private void create(AdminClient client, List<String> names, int partitions)
            throws ExecutionException, TimeoutException, InterruptedException {
        Set<String> existing = client.listTopics(new ListTopicsOptions().timeoutMs(TIMEOUT_MS))
                .names()
                .get(BACKSTOP_SECONDS, TimeUnit.SECONDS);
        List<NewTopic> missing = new ArrayList<>();
        names.stream()
                .distinct()
                .filter(name -> !existing.contains(name))
                .forEach(name -> missing.add(newTopic(name, partitions)));
        for (var creation : client.createTopics(missing, new CreateTopicsOptions().timeoutMs(TIMEOUT_MS))
                .values()
                .entrySet()) {
            try {
                creation.getValue().get(BACKSTOP_SECONDS, TimeUnit.SECONDS);
                log.info("created topic {}", creation.getKey());
            } catch (ExecutionException failed) {
                if (!(failed.getCause() instanceof TopicExistsException)) {
                    throw failed;
                }
                log.debug("topic {} was created meanwhile by another instance", creation.getKey());
            }
        }
    }

    private NewTopic newTopic(String name, int partitions) {
        NewTopic topic = new NewTopic(name, partitions, (short) -1);
        if (name.equals(topics.ledger())) {
            topic.configs(Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG,
                    TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                    TopicConfig.RETENTION_MS_CONFIG,
                    Long.toString(dedupWindow.toMillis())));
        }
        if (name.equals(topics.policyView())) {
            topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        return topic;
    }

    private void requireCoPartitioned(AdminClient client)
            throws ExecutionException, TimeoutException, InterruptedException {
        int events = partitionsOf(client, topics.events());
        requirePartitionedLikeEvents(client, topics.ledger(), events, "the ledger");
        requirePartitionedLikeEvents(client, topics.policyView(), events, "the policy view");
        requirePartitionedLikeEvents(client, topics.securityEvents(), events, "the security topic");
    }

    private void requirePartitionedLikeEvents(AdminClient client, String topic, int events, String what)
            throws ExecutionException, TimeoutException, InterruptedException {
        int count = partitionsOf(client, topic);
        if (count != events) {
            throw new IllegalStateException("topic " + topic + " has " + count + " partitions but " + topics.events()
                    + " has " + events + ": " + what + " must be partitioned like the events topic");
        }
    }

    /** The partition count, asked again briefly while a topic created a moment ago is unknown to the broker asked. */
    private static int partitionsOf(AdminClient client, String topic)
            throws ExecutionException, TimeoutException, InterruptedException {
        try {
            return TOPIC_METADATA.executeCallable(
                    () -> client.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(TIMEOUT_MS))
                            .allTopicNames()
                            .get(BACKSTOP_SECONDS, TimeUnit.SECONDS)
                            .get(topic)
                            .partitions()
                            .size());
        } catch (ExecutionException | TimeoutException | InterruptedException | RuntimeException failed) {
            throw failed;
        } catch (Exception unexpected) {
            throw new IllegalStateException("describing topic " + topic + " failed", unexpected);
        }
    }
}
