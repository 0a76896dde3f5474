package io.tokenpolicy.worker.gatewaycontract;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.emulator.ForkBehaviour;
import io.tokenpolicy.worker.emulator.ServerProfile;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The gateway contract against every profile of the project's emulator, through the same HTTP path a real gateway
 * is checked through ({@code RealGatewayContractIT}): each profile must do in every check what it says its server
 * does, and the contract must tell the profiles, and a fork, apart.
 */
class GatewayContractTest {

    private static final long USER = 1;

    private static final String ACCESS_TOKEN = "contract-access-token";

    private final TokenApiEmulator emulator = TokenApiEmulator.start(0).addUser(USER, ACCESS_TOKEN);

    private final GatewayCalls calls = new GatewayCalls(new GatewayUnderTest(emulator.baseUrl(), USER, ACCESS_TOKEN));

    @AfterEach
    void stop() {
        emulator.close();
    }

    @ParameterizedTest
    @EnumSource(ServerProfile.class)
    void everyProfileDoesInEveryCheckWhatItsServerDoes(ServerProfile profile) {
        emulator.speak(profile);

        ContractReport report = GatewayContract.run(calls);

        System.out.println(report.format());
        assertThat(report.mismatches(profile)).as(report.format()).isEmpty();
        assertThat(report.bestMatch()).isEqualTo(profile);
        assertThat(emulator.requests()).noneMatch(call -> call.body().contains(ACCESS_TOKEN));
    }

    @ParameterizedTest
    @EnumSource(ServerProfile.class)
    void theScratchTokenIsDeletedAgain(ServerProfile profile) {
        emulator.speak(profile);

        ContractReport report = GatewayContract.run(calls);

        assertThat(calls.list().data().toString()).doesNotContain(report.scratchToken());
    }

    @Test
    void aRunFitsInTheSmallestDefaultRateLimitOfAServer() {
        emulator.useDefaultRateLimit();

        GatewayContract.run(calls);

        System.out.println("calls of one contract run: " + emulator.requests().size());
        assertThat(emulator.requests()).hasSizeLessThanOrEqualTo(ServerProfile.NEW_API_2026_04.defaultRateLimit());
        assertThat(emulator.tooManyRequestsAnswered()).isZero();
    }

    @Test
    void aForkThatReEnablesOnAQuotaRaiseIsToldApart() {
        emulator.behaveLike(ForkBehaviour.RE_ENABLES_ON_QUOTA_RAISE);

        ContractReport report = GatewayContract.run(calls);

        assertThat(report.mismatches(ServerProfile.NEW_API_2026_04))
                .singleElement()
                .satisfies(seen -> assertThat(seen.observed()).isEqualTo("re-enabled"));
        assertThat(report.format()).contains("1 checks differ");
    }

    @Test
    void aPutAnswerThatIsNotTheStoredTokenIsToldApart() {
        emulator.behaveLike(ForkBehaviour.ANSWERS_STATE_BEFORE_WRITE);

        ContractReport report = GatewayContract.run(calls);

        assertThat(report.mismatches(ServerProfile.NEW_API_2026_04))
                .extracting(seen -> seen.check().name())
                .contains("PUT answer");
    }
}
