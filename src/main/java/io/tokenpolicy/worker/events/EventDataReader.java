package io.tokenpolicy.worker.events;

import io.tokenpolicy.worker.policy.AllowIps;
import io.tokenpolicy.worker.policy.EventEnvelope;
import io.tokenpolicy.worker.policy.EventSchema;
import io.tokenpolicy.worker.policy.IpRestriction;
import io.tokenpolicy.worker.policy.Quota;
import io.tokenpolicy.worker.policy.SecurityIncident;
import io.tokenpolicy.worker.policy.Severity;
import io.tokenpolicy.worker.policy.TokenEvent;
import io.tokenpolicy.worker.policy.TopUp;
import io.tokenpolicy.worker.text.Printable;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Turns the {@code data} of a CloudEvent of a known type into the matching policy event. */
final class EventDataReader {

    private static final Map<String, Set<String>> FIELDS = Map.of(
            TopUp.TYPE, Set.of("token_id", "user_id", "amount"),
            SecurityIncident.TYPE, Set.of("token_id", "user_id", "severity", "reason", "allow_ips"),
            IpRestriction.TYPE, Set.of("token_id", "user_id", "allow_ips"));

    private static final Set<String> EVERY_ADDRESS = Set.of("0.0.0.0/0", "::/0");

    private final Map<String, BiFunction<EventEnvelope, DataFields, TokenEvent>> readers = Map.of(
            TopUp.TYPE, EventDataReader::topUp,
            SecurityIncident.TYPE, EventDataReader::securityIncident,
            IpRestriction.TYPE, EventDataReader::ipRestriction);

    private final Map<String, EventSchema> schemas;
    private final Set<String> allFields;

    /** A reader of the three typed events and of every other type {@code schemas} describes. */
    EventDataReader(Map<String, EventSchema> schemas) {
        this.schemas = Map.copyOf(schemas);
        this.allFields = Stream.concat(FIELDS.values().stream().flatMap(Set::stream),
                        this.schemas.values().stream().flatMap(schema -> schema.fields().keySet().stream()))
                .collect(Collectors.toUnmodifiableSet());
    }

    Set<String> knownTypes() {
        return schemas.keySet();
    }

    /** Every field that the data of some known type owns. */
    Set<String> allFields() {
        return allFields;
    }

    TokenEvent read(EventEnvelope envelope, DataFields data) {
        if (!readers.containsKey(envelope.type())) {
            return SchemaDataReader.read(envelope, data, schemas.get(envelope.type()));
        }
        data.allowOnly(envelope.type(), FIELDS.get(envelope.type()));
        return readers.get(envelope.type()).apply(envelope, data);
    }

    private static TokenEvent topUp(EventEnvelope envelope, DataFields data) {
        long amount = data.positiveLong("amount");
        if (amount > Quota.MAX) {
            throw new BadEventException("data.amount must not exceed " + Quota.MAX);
        }
        return new TopUp(envelope, amount);
    }

    /** The reason ends up in the outcome and the log, so a leaked key quoted in it is masked there. */
    private static TokenEvent securityIncident(EventEnvelope envelope, DataFields data) {
        Severity severity = severity(data.text("severity"));
        Optional<AllowIps> allowIps = data.has("allow_ips") ? Optional.of(allowIps(data)) : Optional.empty();
        String reason = Printable.of(data.text("reason"), DataFields.MAX_TEXT_LENGTH);
        return new SecurityIncident(envelope, severity, reason, allowIps);
    }

    private static TokenEvent ipRestriction(EventEnvelope envelope, DataFields data) {
        return new IpRestriction(envelope, allowIps(data));
    }

    private static Severity severity(String text) {
        try {
            return Severity.ofWireName(text);
        } catch (IllegalArgumentException unknown) {
            throw new BadEventException("data.severity " + unknown.getMessage());
        }
    }

    /** Valid addresses and CIDR blocks only, and none that admits a whole address family: narrowing must narrow. */
    private static AllowIps allowIps(DataFields data) {
        AllowIps allowIps;
        try {
            allowIps = AllowIps.of(data.textList("allow_ips"));
        } catch (IllegalArgumentException invalid) {
            throw new BadEventException("data.allow_ips: " + Printable.of(invalid.getMessage(), 200));
        }
        allowIps.entries().stream().filter(EVERY_ADDRESS::contains).findFirst().ifPresent(everything -> {
            throw new BadEventException("data.allow_ips: '" + everything + "' admits every address; an allow list must narrow access");
        });
        return allowIps;
    }
}
