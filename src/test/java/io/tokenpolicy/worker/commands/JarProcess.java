package io.tokenpolicy.worker.commands;

import io.tokenpolicy.worker.deploy.Dockerfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One run of the packaged jar as a separate process, the way the README types it ({@code java -jar
 * target/token-policy-worker-….jar ARGS}), in a working directory and environment of the test's choosing: its exit
 * status and what it printed on standard output and standard error. The jar is the one {@code package} built
 * before the integration tests, shared by every run. The JVM has the options of the image (the Dockerfile's
 * {@code JAVA_TOOL_OPTIONS}, given on the command line so that the JVM does not announce them on standard error):
 * C1 alone and the serial collector start a command in about half the CPU time of the JVM's defaults.
 */
record JarProcess(int status, String out, String err) {

    static final Path JAR = packagedJar();
    private static final long MOST_SECONDS = 120;

    static JarProcess run(Path directory, Map<String, String> environment, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(Dockerfile.javaToolOptions());
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        command.addAll(args);
        try {
            Path out = Files.createTempFile("jar-out", ".txt");
            Path err = Files.createTempFile("jar-err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(MOST_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(
                        "java -jar " + args + " still running after " + MOST_SECONDS + " s: " + Files.readString(out));
            }
            JarProcess run = new JarProcess(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return run;
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    List<String> outLines() {
        return out.lines().toList();
    }

    List<String> errLines() {
        return err.lines().toList();
    }

    private static Path packagedJar() {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(file -> file.getFileName().toString().matches("token-policy-worker-.*\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no packaged jar under target: run mvn verify"));
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }
}
