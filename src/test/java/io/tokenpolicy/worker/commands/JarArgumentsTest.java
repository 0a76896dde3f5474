package io.tokenpolicy.worker.commands;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JarArgumentsTest {

    @Test
    void aMistypedCommandIsRefusedWithTheCommandsListed() {
        assertThat(JarArguments.refused("replay-dtl", "--since=PT1H"))
                .hasValue("unknown command replay-dtl: the commands are replay-dlt, drift, history [options] and"
                        + " --explain=FILE, and without one the worker starts (--help says more)");
        assertThat(JarArguments.refused("drfit")).get().asString().startsWith("unknown command drfit: ");
    }

    @Test
    void aDotlessOptionThatIsNoCommandIsRefused() {
        assertThat(JarArguments.refused("--dry-run")).get().asString().startsWith("unknown option --dry-run: ");
        assertThat(JarArguments.refused("--explian=event.json"))
                .get()
                .asString()
                .startsWith("unknown option --explian: ");
    }

    @Test
    void theWorkersSettingsAndTheCommandsAreTaken() {
        assertThat(JarArguments.refused()).isEmpty();
        assertThat(JarArguments.refused("--token-policy.dry-run=true", "--spring.kafka.bootstrap-servers=k:9092"))
                .isEmpty();
        assertThat(JarArguments.refused("--debug")).isEmpty();
        assertThat(JarArguments.refused("--explain=../event.json", "--token-api.user-id=1"))
                .isEmpty();
        assertThat(JarArguments.refused("replay-dlt", "--since=PT1H", "--dry-run"))
                .isEmpty();
        assertThat(JarArguments.refused("drift", "--enforce")).isEmpty();
        assertThat(JarArguments.refused("history", "--token", "42", "--json")).isEmpty();
    }

    @Test
    void helpWithoutACommandIsTheJarsOwn() {
        assertThat(JarArguments.asksForHelp("--help")).isTrue();
        assertThat(JarArguments.asksForHelp("replay-dlt", "--help")).isFalse();
        assertThat(JarArguments.asksForHelp("history", "--help")).isFalse();
    }
}
