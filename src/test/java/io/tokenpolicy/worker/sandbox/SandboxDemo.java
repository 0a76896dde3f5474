package io.tokenpolicy.worker.sandbox;

import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;

/** The sandbox's demo user and tokens, one in each state worth trying, and the instructions it prints. */
final class SandboxDemo {

    static final long USER_ID = 1;
    static final String ACCESS_TOKEN = "sandbox-access-token";

    private SandboxDemo() {}

    static void seed(TokenApiEmulator gateway) {
        gateway.addUser(USER_ID, ACCESS_TOKEN);
        add(gateway, token(1, "enabled").remainQuota(500_000));
        add(
                gateway,
                token(2, "exhausted")
                        .status(EmulatedToken.EXHAUSTED)
                        .remainQuota(0)
                        .usedQuota(1_000_000));
        add(gateway, token(3, "disabled").status(EmulatedToken.DISABLED).remainQuota(250_000));
        add(gateway, token(4, "restricted").remainQuota(500_000).allowIps("10.0.0.0/8\n192.168.1.10"));
        add(gateway, token(5, "unlimited").unlimitedQuota(true));
    }

    private static EmulatedToken.Builder token(long id, String name) {
        return EmulatedToken.forUser(USER_ID)
                .id(id)
                .name("demo-" + name)
                .status(EmulatedToken.ENABLED)
                .expiredTime(-1)
                .group("default");
    }

    private static void add(TokenApiEmulator gateway, EmulatedToken.Builder token) {
        gateway.addToken(token.build());
    }

    static String banner(SandboxSettings settings) {
        String kafka = settings.bootstrapServers();
        String api = settings.gatewayUrl();
        return """

                ==== token-policy-worker sandbox ====
                Kafka broker : %1$s   (topics token-events, token-security-events, token-outcomes, token-events.DLT)
                Token API    : %2$s   user id %3$d, access token %4$s
                Demo tokens  : 1 enabled, 2 exhausted, 3 disabled, 4 restricted (10.0.0.0/8, 192.168.1.10), 5 unlimited
                Worker       : %5$s
                Fault switch : %6$s   (POST ?mode=503&seconds=60 fails every gateway call for a while, DELETE ends it)

                Top up token 1 by 250000 quota:
                  echo '{"specversion":"1.0","id":"demo-1","source":"/billing","type":"billing.topup","data":{"token_id":1,"amount":250000}}' \\
                    | kcat -P -b %1$s -t token-events -k 1 -X partitioner=murmur2_random
                Disable token 1 after a leaked key, through the security lane:
                  echo '{"specversion":"1.0","id":"demo-2","source":"/security","type":"security.incident","data":{"token_id":1,"severity":"critical","reason":"key leaked"}}' \\
                    | kcat -P -b %1$s -t token-security-events -k 1 -X partitioner=murmur2_random
                Read the outcomes:
                  kcat -C -b %1$s -t token-outcomes -o beginning -e -X isolation.level=read_committed
                See the token:
                  curl -s -H 'Authorization: Bearer %4$s' -H 'New-Api-User: %3$d' %2$s/api/token/1
                Stop with Ctrl-C.
                """.formatted(
                        kafka,
                        api,
                        USER_ID,
                        ACCESS_TOKEN,
                        settings.worker()
                                ? "running"
                                : "not started (SANDBOX_WORKER=false): run the jar against the broker and API above",
                        settings.faultsUrl());
    }
}
