package io.tokenpolicy.worker.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.deploy.Dockerfile.Instruction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Dockerfile's layer extraction on the jar this build packaged (no Docker needed): the
 * layers the image copies are exactly the ones the jar has, and the entry point's launcher and the
 * application end up in them.
 */
class DockerfileLayersIT {

    @TempDir
    static Path work;

    private static Path extracted;

    @BeforeAll
    static void extractAsTheDockerfileDoes() throws IOException, InterruptedException {
        Path jar = Path.of("target", Pom.read().jarName());
        assertThat(jar).as("the jar 'package' built").isRegularFile();
        extracted = work.resolve("extracted");
        Process extract = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Djarmode=tools",
                        "-jar",
                        jar.toAbsolutePath().toString(),
                        "extract",
                        "--layers",
                        "--launcher",
                        "--destination",
                        extracted.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(extract.getInputStream().readAllBytes());
        assertThat(extract.waitFor(60, TimeUnit.SECONDS))
                .as("extraction finished")
                .isTrue();
        assertThat(extract.exitValue()).as("extraction: " + output).isZero();
    }

    @Test
    void layersTheImageCopiesAreExactlyTheLayersOfTheJar() throws IOException {
        List<String> copied = Dockerfile.all(Dockerfile.read().finalStage(), "COPY").stream()
                .map(Instruction::arguments)
                .filter(arguments -> arguments.startsWith("--from="))
                .map(DockerfileTest::layerOf)
                .toList();

        try (Stream<Path> layers = Files.list(extracted)) {
            assertThat(layers.map(layer -> layer.getFileName().toString())).containsExactlyInAnyOrderElementsOf(copied);
        }
    }

    @Test
    void launcherOfTheEntrypointIsInTheLoaderLayer() {
        assertThat(extracted.resolve("spring-boot-loader/org/springframework/boot/loader/launch/JarLauncher.class"))
                .isRegularFile();
    }

    @Test
    void applicationAndItsDependenciesAreInTheirLayers() throws IOException {
        assertThat(extracted.resolve(
                        "application/BOOT-INF/classes/io/tokenpolicy/worker/" + "TokenPolicyWorkerApplication.class"))
                .isRegularFile();
        try (Stream<Path> libraries = Files.list(extracted.resolve("dependencies/BOOT-INF/lib"))) {
            assertThat(libraries.map(library -> library.getFileName().toString()))
                    .anyMatch(name -> name.startsWith("spring-kafka-"));
        }
    }
}
