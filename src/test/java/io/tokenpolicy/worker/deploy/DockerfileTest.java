package io.tokenpolicy.worker.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.deploy.Dockerfile.Instruction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Dockerfile builds the jar this pom describes and runs it as a layered, non-root JRE image. */
class DockerfileTest {

    static final List<String> LAYERS =
            List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");
    static final Pattern JAR_GLOB = Pattern.compile("target/([\\w.*-]+\\.jar)");
    private static final Pattern TEMURIN = Pattern.compile("eclipse-temurin:(\\d+)-(jdk|jre)\\b.*");

    private final Dockerfile dockerfile = Dockerfile.read();
    private final Pom pom = Pom.read();

    @Test
    void buildStageBuildsTheJarWithTheMavenWrapper() {
        List<Instruction> build = dockerfile.stages().get(0);

        assertThat(build.get(0).arguments()).matches(TEMURIN.pattern()).contains("-jdk");
        assertThat(Dockerfile.all(build, "RUN"))
                .extracting(Instruction::arguments)
                .anyMatch(run -> run.contains("./mvnw") && run.contains(" package"));
    }

    @Test
    void jarItTakesIsTheOneThePomBuilds() {
        String glob = jarGlob();

        assertThat(pom.jarName())
                .as("the pom's jar against the Dockerfile's " + glob)
                .matches(glob.replace(".", "\\.").replace("*", "[^/]*"));
        assertThat(glob).as("the Dockerfile's jar").startsWith(pom.artifactId() + "-");
    }

    @Test
    void imagesRunTheJavaVersionThePomCompilesFor() {
        assertThat(dockerfile.all("FROM")).extracting(Instruction::arguments).allSatisfy(image -> {
            Matcher temurin = TEMURIN.matcher(image);
            assertThat(temurin.matches()).as(image).isTrue();
            assertThat(Integer.parseInt(temurin.group(1)))
                    .as(image)
                    .isGreaterThanOrEqualTo(Integer.parseInt(pom.javaVersion()));
        });
    }

    @Test
    void runtimeIsAJreImage() {
        assertThat(dockerfile.finalStage().get(0).arguments()).matches("eclipse-temurin:\\d+-jre\\S*");
    }

    @Test
    void jarIsExtractedIntoSpringBootLayersWithTheLauncher() {
        assertThat(dockerfile.all("RUN"))
                .extracting(Instruction::arguments)
                .anyMatch(run -> run.matches(".*java -Djarmode=tools -jar \\S+ extract --layers --launcher.*"));
    }

    @Test
    void layersAreCopiedFromTheLeastToTheMostOftenChanged() {
        List<String> copied = Dockerfile.all(dockerfile.finalStage(), "COPY").stream()
                .map(Instruction::arguments)
                .filter(arguments -> arguments.startsWith("--from="))
                .map(DockerfileTest::layerOf)
                .toList();

        assertThat(copied).containsExactlyElementsOf(LAYERS);
    }

    @Test
    void exposesThePortOfHealthAndMetrics() {
        assertThat(Dockerfile.last(dockerfile.finalStage(), "EXPOSE")
                        .orElseThrow()
                        .arguments())
                .isEqualTo("8080");
    }

    @Test
    void runsAsANonRootUserThatItCreates() {
        String user = Dockerfile.last(dockerfile.finalStage(), "USER")
                .orElseThrow()
                .arguments()
                .split(":")[0];

        assertThat(user).isNotIn("root", "0");
        assertThat(Dockerfile.all(dockerfile.finalStage(), "RUN"))
                .extracting(Instruction::arguments)
                .anyMatch(
                        run -> run.contains("useradd") && (run.contains("--uid " + user) || run.endsWith(" " + user)));
    }

    @Test
    void entrypointStartsTheExtractedApplicationWithContainerAwareHeapTheQuickCompilerAndTheSerialCollector() {
        assertThat(Dockerfile.last(dockerfile.finalStage(), "ENTRYPOINT")
                        .orElseThrow()
                        .arguments())
                .isEqualTo("[\"java\", \"org.springframework.boot.loader.launch.JarLauncher\"]");
        assertThat(Dockerfile.all(dockerfile.finalStage(), "ENV"))
                .extracting(Instruction::arguments)
                .anyMatch(env -> env.startsWith("JAVA_TOOL_OPTIONS=")
                        && env.contains("-XX:MaxRAMPercentage=")
                        && env.contains("-XX:TieredStopAtLevel=1")
                        && env.contains("-XX:+UseSerialGC"));
    }

    @Test
    void dockerignoreKeepsSecretsAndBuildOutputOutButNotTheSources() throws IOException {
        List<String> ignored = Files.readAllLines(Path.of(".dockerignore")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .toList();

        assertThat(ignored).contains(".env", ".git", "target/");
        assertThat(ignored)
                .noneMatch(pattern -> pattern.equals("*")
                        || pattern.startsWith("src/main")
                        || pattern.equals("pom.xml")
                        || pattern.startsWith("mvnw")
                        || pattern.startsWith(".mvn"));
    }

    static String jarGlob() {
        return Dockerfile.read().all("RUN").stream()
                .map(Instruction::arguments)
                .map(JAR_GLOB::matcher)
                .filter(Matcher::find)
                .map(matcher -> matcher.group(1))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the Dockerfile names no target/*.jar"));
    }

    static String layerOf(String copyArguments) {
        Matcher layer = Pattern.compile("extracted/([\\w-]+)/").matcher(copyArguments);
        if (!layer.find()) {
            throw new AssertionError("COPY " + copyArguments + " copies no extracted layer");
        }
        return layer.group(1);
    }
}
