package io.tokenpolicy.worker.gatewaycontract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The gateway contract against a real gateway, on demand only (docs/gateways.md, "Checking your gateway"):
 * {@code GATEWAY_ACCESS_TOKEN=... ./mvnw -Pgateway-contract verify -Dgateway.url=... -Dgateway.user=...}. The
 * default build leaves this class out; without {@code gateway.url} it fails and says how to run it. It prints what
 * the server did per check and the profile it matches best, and fails when no profile matches it in every check:
 * then the worker's tests do not cover that server.
 */
class RealGatewayContractIT {

    @Test
    void theGatewayDoesInEveryCheckWhatOneOfTheEmulatorsProfilesDoes() {
        GatewayUnderTest gateway = GatewayUnderTest.of(System.getProperties(), System.getenv());

        ContractReport report = GatewayContract.run(new GatewayCalls(gateway));

        System.out.println(report.format());
        assertThat(report.mismatches(report.bestMatch()))
                .as("checks in which the gateway differs from its best match\n" + report.format())
                .isEmpty();
    }
}
