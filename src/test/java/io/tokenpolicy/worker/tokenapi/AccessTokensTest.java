package io.tokenpolicy.worker.tokenapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessTokensTest {

    @Test
    void tokensAnHttpHeaderCannotCarryAreRefusedWithoutBeingQuoted() {
        assertThatThrownBy(() -> AccessTokens.single(1, "secret value"))
                .hasMessageContaining("user_id 1")
                .hasMessageNotContaining("secret value");
        assertThatThrownBy(() -> AccessTokens.of(Map.of(2L, "secret\u0007")))
                .hasMessageContaining("user_id 2")
                .hasMessageNotContaining("secret");
    }

    @Test
    void visibleAsciiTokensAreKept() {
        assertThat(AccessTokens.single(1, "t0k-en_~+/=").forUser(1)).contains("t0k-en_~+/=");
    }
}
