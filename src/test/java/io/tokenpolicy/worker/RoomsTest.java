package io.tokenpolicy.worker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.tokenpolicy.worker.policy.KafkaInThePolicySample;
import org.junit.jupiter.api.Test;

/**
 * The rooms of the worker and which may use which, as docs/design.md draws them ("Rooms"). The
 * policy core is pure; the apply pipeline sees the gateway and the ledger only through its ports;
 * the Kafka rooms build on each other in one direction; nothing forms a cycle.
 */
class RoomsTest {

    private static final JavaClasses WORKER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tokenpolicy.worker");

    /** The policy core: events in, token changes out, with the JDK and an IP address library only. */
    static final ArchRule POLICY_IS_PURE = classes()
            .that()
            .resideInAPackage("io.tokenpolicy.worker.policy..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "io.tokenpolicy.worker.policy..", "inet.ipaddr..")
            .because("the policy core is tested without Kafka, HTTP or Spring");

    /** The apply pipeline calls the gateway and records intents through its own ports. */
    static final ArchRule APPLY_SEES_ONLY_ITS_PORTS = noClasses()
            .that()
            .resideInAPackage("io.tokenpolicy.worker.apply..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.tokenpolicy.worker.tokenapi..",
                    "io.tokenpolicy.worker.ledger..",
                    "io.tokenpolicy.worker.events..",
                    "io.tokenpolicy.worker.outcomes..",
                    "io.tokenpolicy.worker.consumer..",
                    "io.tokenpolicy.worker.commands..",
                    "org.apache.kafka..",
                    "java.net.http..",
                    "io.cloudevents..")
            .because(
                    "apply sees the gateway (TokenGateway) and the ledger (IntentLog, SecurityHolds) only through its ports");

    static final ArchRule ROOMS = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("application")
            .definedBy("io.tokenpolicy.worker")
            .layer("commands")
            .definedBy("io.tokenpolicy.worker.commands..")
            .layer("consumer")
            .definedBy("io.tokenpolicy.worker.consumer..")
            .layer("drift")
            .definedBy("io.tokenpolicy.worker.drift..")
            .layer("outcomes")
            .definedBy("io.tokenpolicy.worker.outcomes..")
            .layer("ledger")
            .definedBy("io.tokenpolicy.worker.ledger..")
            .layer("events")
            .definedBy("io.tokenpolicy.worker.events..")
            .layer("gateway")
            .definedBy("io.tokenpolicy.worker.tokenapi..", "io.tokenpolicy.worker.health..")
            .layer("apply")
            .definedBy("io.tokenpolicy.worker.apply..")
            .layer("policy")
            .definedBy("io.tokenpolicy.worker.policy..")
            .layer("ops")
            .definedBy("io.tokenpolicy.worker.ops..")
            .layer("config")
            .definedBy("io.tokenpolicy.worker.config..")
            .layer("text")
            .definedBy("io.tokenpolicy.worker.text..")
            .whereLayer("commands")
            .mayOnlyBeAccessedByLayers("application")
            .whereLayer("consumer")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("drift")
            .mayOnlyBeAccessedByLayers("consumer", "commands")
            .whereLayer("outcomes")
            .mayOnlyBeAccessedByLayers("consumer", "commands")
            .whereLayer("ledger")
            .mayOnlyBeAccessedByLayers("drift", "outcomes", "consumer", "commands")
            .whereLayer("events")
            .mayOnlyBeAccessedByLayers("drift", "ledger", "outcomes", "consumer", "commands")
            .whereLayer("gateway")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("apply")
            .mayOnlyBeAccessedByLayers("gateway", "events", "ledger", "drift", "outcomes", "consumer", "commands")
            .whereLayer("ops")
            .mayOnlyBeAccessedByLayers("apply", "gateway", "ledger", "drift", "outcomes", "consumer", "commands")
            .whereLayer("policy")
            .mayNotAccessAnyLayer()
            .whereLayer("text")
            .mayNotAccessAnyLayer()
            .whereLayer("config")
            .mayOnlyAccessLayers("policy", "text")
            .whereLayer("ops")
            .mayOnlyAccessLayers("config", "policy", "text");

    static final ArchRule NO_CYCLES =
            slices().matching("io.tokenpolicy.worker.(*)..").should().beFreeOfCycles();

    @Test
    void thePolicyCoreImportsNothingFromKafkaHttpOrSpring() {
        POLICY_IS_PURE.check(WORKER);
    }

    @Test
    void applySeesTheGatewayAndTheLedgerOnlyThroughItsPorts() {
        APPLY_SEES_ONLY_ITS_PORTS.check(WORKER);
    }

    @Test
    void eachRoomUsesOnlyTheRoomsBelowIt() {
        ROOMS.check(WORKER);
    }

    @Test
    void noRoomsDependOnEachOtherInACircle() {
        NO_CYCLES.check(WORKER);
    }

    @Test
    void aKafkaImportInThePolicyCoreFailsTheBuild() {
        JavaClasses sample = new ClassFileImporter().importClasses(KafkaInThePolicySample.class);

        assertThatThrownBy(() -> POLICY_IS_PURE.check(sample))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("KafkaInThePolicySample")
                .hasMessageContaining("org.apache.kafka.common.TopicPartition");
    }
}
