package io.tokenpolicy.worker.emulator;

import static io.tokenpolicy.worker.emulator.Fixtures.ALICE;
import static io.tokenpolicy.worker.emulator.Fixtures.BOB;
import static io.tokenpolicy.worker.emulator.RawGatewayCalls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenApiEmulatorReadTest {

    private final TokenApiEmulator emulator = Fixtures.emulatorWithAliceAndBob();

    private final RawGatewayCalls alice = Fixtures.asAlice(emulator);

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void otherUsersTokenIsRecordNotFound() {
        EmulatedToken bobs = emulator.addToken(EmulatedToken.forUser(BOB).build());

        JsonNode read = json(alice.get(bobs.id()));
        JsonNode write = json(alice.putStatusOnly(bobs.id(), EmulatedToken.DISABLED));

        assertThat(read.get("success").booleanValue()).isFalse();
        assertThat(read.get("message").textValue()).isEqualTo("record not found");
        assertThat(write.get("message").textValue()).isEqualTo("record not found");
        assertThat(emulator.token(bobs.id())).isEqualTo(bobs);
    }

    @Test
    void keyIsMasked() {
        String key = "sk-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV";
        long id =
                emulator.addToken(EmulatedToken.forUser(ALICE).key(key).build()).id();

        ObjectNode token = alice.read(id);
        alice.put(token);

        assertThat(token.get("key").textValue()).isEqualTo("sk-a**********STUV");
        assertThat(emulator.token(id).key()).isEqualTo(key);
    }

    @Test
    void generatedKeyIsSkPlus48Alphanumerics() {
        assertThat(emulator.token(enabledToken()).key()).matches("sk-[A-Za-z0-9]{48}");
    }

    @Test
    void unknownFieldsAreCarriedAndWritableOnesKept() {
        EmulatedToken seeded = EmulatedToken.forUser(ALICE)
                .autoGroups(List.of("vip", "default"))
                .build();
        long id = emulator.addToken(seeded).id();

        ObjectNode token = alice.read(id);
        alice.put(token.put("name", "renamed"));

        assertThat(token.has("DeletedAt")).isTrue();
        assertThat(token.get("DeletedAt").isNull()).isTrue();
        assertThat(emulator.token(id).autoGroups()).containsExactly("vip", "default");
    }

    @Test
    void listPagesTheCallersTokensNewestFirst() {
        IntStream.range(0, 3).forEach(i -> enabledToken());
        emulator.addToken(EmulatedToken.forUser(BOB).build());

        JsonNode data = json(alice.list(2, 2)).get("data");

        assertThat(data.get("page").intValue()).isEqualTo(2);
        assertThat(data.get("page_size").intValue()).isEqualTo(2);
        assertThat(data.get("total").intValue()).isEqualTo(3);
        assertThat(data.get("items")).hasSize(1);
        assertThat(data.at("/items/0/id").longValue()).isEqualTo(1);
    }

    @Test
    void tokenJsonHasEveryFieldOfTheServer() {
        long id = enabledToken();

        List<String> fields = new ArrayList<>();
        alice.read(id).fieldNames().forEachRemaining(fields::add);

        assertThat(fields)
                .containsExactly(
                        "id",
                        "user_id",
                        "key",
                        "status",
                        "name",
                        "created_time",
                        "accessed_time",
                        "expired_time",
                        "remain_quota",
                        "unlimited_quota",
                        "model_limits_enabled",
                        "model_limits",
                        "allow_ips",
                        "used_quota",
                        "group",
                        "cross_group_retry",
                        "auto_groups",
                        "DeletedAt");
    }

    private long enabledToken() {
        return emulator.addToken(EmulatedToken.forUser(ALICE).build()).id();
    }
}
