package io.tokenpolicy.worker.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Narrowing the model whitelist never admits a model that the token or the request refused, and never writes "no limit". */
class ModelLimitsNarrowingProperties {

    @Property(tries = 500)
    void narrowedWhitelistAdmitsOnlyWhatBothAdmit(
            @ForAll boolean enabled, @ForAll("models") List<String> current, @ForAll("models") List<String> requested) {
        TokenState token = new TokenState(
                1,
                TokenStatus.ENABLED,
                10,
                false,
                AllowIps.unrestricted(),
                TokenState.NEVER,
                new ModelLimits(enabled, current),
                "");

        TokenState after = ((Decision.Apply) new NarrowModels(requested).applyTo(token)).after();

        if (after.status() == TokenStatus.DISABLED) {
            assertThat(after.modelLimits()).isEqualTo(token.modelLimits());
            return;
        }
        assertThat(after.modelLimits().enabled()).isTrue();
        assertThat(after.modelLimits().models()).isNotEmpty().isSubsetOf(requested);
        if (enabled) {
            assertThat(after.modelLimits().models()).isSubsetOf(current);
        }
    }

    @Provide
    Arbitrary<List<String>> models() {
        return Arbitraries.of("gpt-5.4", "gpt-5.4-mini", "claude-sonnet-4-6", "o4", "gemini-3")
                .list()
                .ofMinSize(0)
                .ofMaxSize(4);
    }
}
