package io.tokenpolicy.worker.tokenapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class ReloadingCredentialsTest {

    private static final Duration RARELY = Duration.ofHours(1);

    @TempDir
    Path dir;

    @Test
    void aFileTooLargeToReadIsLoggedAndThePollerGoesOnReadingLaterChanges(CapturedOutput output) throws IOException {
        Path file = write("users: [{user_id: 1, access_token: first}]");
        try (ReloadingCredentials credentials = new ReloadingCredentials(file, Duration.ofMillis(50))) {
            try (RandomAccessFile huge = new RandomAccessFile(file.toFile(), "rw")) {
                huge.setLength(3L << 30);
            }
            await("the poller has met the huge file")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> output.getOut().contains("credentials file " + file));

            write("users: [{user_id: 1, access_token: second}]");

            await("the next change is read")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> credentials.get().forUser(1).orElseThrow().equals("second"));
            assertThat(output).doesNotContain("first").doesNotContain("second");
        }
    }

    @Test
    void aChangedFileIsReadAgain() throws IOException {
        Path file = write("users: [{user_id: 1, access_token: first}]");
        try (ReloadingCredentials credentials = new ReloadingCredentials(file, RARELY)) {
            write("users: [{user_id: 1, access_token: second}, {user_id: 2, access_token: other}]");
            credentials.reloadIfChanged();

            assertThat(credentials.get().forUser(1)).contains("second");
            assertThat(credentials.get().forUser(2)).contains("other");
        }
    }

    @Test
    void aBrokenFileKeepsTheCredentialsReadBeforeAndLogsNoValue(CapturedOutput output) throws IOException {
        Path file = write("users: [{user_id: 1, access_token: first}]");
        try (ReloadingCredentials credentials = new ReloadingCredentials(file, RARELY)) {
            write("users: [{user_id: 1, access_token: leaked-secret-99}, {user_id: 1, access_token: x}]");
            credentials.reloadIfChanged();

            assertThat(credentials.get().forUser(1)).contains("first");
            assertThat(output)
                    .contains("appears twice; keeping the credentials of 1 users")
                    .doesNotContain("leaked-secret-99")
                    .doesNotContain("first");
        }
    }

    @Test
    void aDeletedFileKeepsTheCredentialsReadBefore() throws IOException {
        Path file = write("users: [{user_id: 1, access_token: first}]");
        try (ReloadingCredentials credentials = new ReloadingCredentials(file, RARELY)) {
            Files.delete(file);
            credentials.reloadIfChanged();

            assertThat(credentials.get().forUser(1)).contains("first");
        }
    }

    @Test
    void aFileIsPolledOnItsOwn() throws IOException, InterruptedException {
        Path file = write("users: [{user_id: 1, access_token: first}]");
        try (ReloadingCredentials credentials = new ReloadingCredentials(file, Duration.ofMillis(20))) {
            write("users: [{user_id: 3, access_token: third}]");
            org.awaitility.Awaitility.await("reload")
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> credentials.get().forUser(3).isPresent());

            assertThat(credentials.get().forUser(1)).isEmpty();
        }
    }

    @Test
    void anInvalidFileStopsTheStartWithoutAValue() throws IOException {
        Path file = write("users: [{user_id: 0, access_token: start-secret}]");

        assertThatThrownBy(() -> new ReloadingCredentials(file, RARELY))
                .hasMessageContaining("users[0].user_id must be a positive integer")
                .hasMessageNotContaining("start-secret");
        assertThatThrownBy(() -> new ReloadingCredentials(dir.resolve("missing.yaml"), RARELY))
                .hasMessageContaining("cannot be read");
    }

    private Path write(String content) throws IOException {
        return Files.writeString(dir.resolve("credentials.yaml"), content);
    }
}
