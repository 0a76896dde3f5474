package io.tokenpolicy.worker.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class SecurityLanePropertiesTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Bound.class);

    @Test
    void aFifthOfTheGatewaysCapacityIsReservedByDefault() {
        context.run(
                bound -> assertThat(bound.getBean(SecurityLaneProperties.class).reservedShare())
                        .isEqualTo(0.2));
    }

    @Test
    void aShareFromNoneToHalfIsTaken() {
        context.withPropertyValues("token-policy.security-lane.reserved-share=0")
                .run(bound -> assertThat(
                                bound.getBean(SecurityLaneProperties.class).reservedShare())
                        .isZero());
        context.withPropertyValues("token-policy.security-lane.reserved-share=0.5")
                .run(bound -> assertThat(
                                bound.getBean(SecurityLaneProperties.class).reservedShare())
                        .isEqualTo(0.5));
    }

    @Test
    void aShareBelowNoneOrAboveHalfIsRefusedAtStartUp() {
        for (String share : new String[] {"-0.1", "0.51", "1"}) {
            context.withPropertyValues("token-policy.security-lane.reserved-share=" + share)
                    .run(bound -> assertThat(bound)
                            .as("reserved-share " + share)
                            .hasFailed()
                            .getFailure()
                            .hasStackTraceContaining("reservedShare"));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SecurityLaneProperties.class)
    static class Bound {}
}
