package io.tokenpolicy.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The classpath of each implementation's JVM, from what the bench profile built. The worker gets
 * exactly what {@code java -jar} would give it (its classes and runtime dependencies) plus the
 * heap-recording {@link BenchLauncher} alone: the test classes must stay off its classpath, or its
 * component scan would find them. The baselines get the test classes and the dependencies they use.
 */
final class Classpaths {

    private final Path target;
    private final Path launcherDir;

    private Classpaths(Path target, Path launcherDir) {
        this.target = target;
        this.launcherDir = launcherDir;
    }

    static Classpaths of(Path target) {
        Path launcherDir = target.resolve("bench/launcher");
        String classFile = BenchLauncher.class.getSimpleName() + ".class";
        Path copy = launcherDir
                .resolve(BenchLauncher.class.getPackageName().replace('.', '/'))
                .resolve(classFile);
        try (InputStream in = BenchLauncher.class.getResourceAsStream(classFile)) {
            Files.createDirectories(copy.getParent());
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up the launcher in " + launcherDir, e);
        }
        return new Classpaths(target, launcherDir);
    }

    String of(Implementation implementation) {
        List<String> entries = new ArrayList<>(List.of(launcherDir.toString()));
        switch (implementation) {
            case WORKER, WORKER_LEGACY -> entries.add(target.resolve("classes").toString());
            default -> entries.add(target.resolve("test-classes").toString());
        }
        entries.addAll(dependencies(implementation == Implementation.PC ? "test.classpath" : "runtime.classpath"));
        return String.join(File.pathSeparator, entries);
    }

    private List<String> dependencies(String file) {
        Path list = target.resolve("bench").resolve(file);
        try {
            return Arrays.stream(Files.readString(list).trim().split(File.pathSeparator))
                    .filter(entry -> !entry.isBlank())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("missing " + list + ": run the benchmark with ./mvnw -B -Pbench verify", e);
        }
    }
}
