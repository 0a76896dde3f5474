package io.tokenpolicy.worker.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a soak leaves its figures: {@code target/soak/<file>}, and standard output. */
final class SoakOutput {

    private SoakOutput() {}

    static void write(String file, CharSequence text) {
        Path path = Path.of("target", "soak", file);
        try {
            Files.createDirectories(path.getParent());
            Files.writeString(path, text);
        } catch (IOException unwritable) {
            throw new UncheckedIOException(unwritable);
        }
        System.out.print(text);
    }
}
