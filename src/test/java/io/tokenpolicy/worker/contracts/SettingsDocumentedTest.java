package io.tokenpolicy.worker.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/** Every setting the worker binds is described in docs/configuration.md, under its environment name. */
class SettingsDocumentedTest {

    private static final String ROOT_PACKAGE = "io.tokenpolicy.worker";

    @Test
    void everyBoundSettingIsInTheConfigurationPage() throws IOException {
        String page = Files.readString(Path.of("docs", "configuration.md"));
        List<String> settings = settingRecords()
                .flatMap(SettingsDocumentedTest::environmentNames)
                .toList();

        assertThat(settings)
                .as("settings bound by @ConfigurationProperties records")
                .hasSizeGreaterThan(30)
                .allSatisfy(setting -> assertThat(page)
                        .as("docs/configuration.md names " + setting)
                        .contains("`" + setting));
    }

    private static Stream<Class<?>> settingRecords() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        return scanner.findCandidateComponents(ROOT_PACKAGE).stream()
                .map(BeanDefinition::getBeanClassName)
                .<Class<?>>map(name -> ClassUtils.resolveClassName(name, SettingsDocumentedTest.class.getClassLoader()))
                .filter(Class::isRecord);
    }

    /** {@code token-policy.retry} and {@code maxAttempts}: {@code TOKEN_POLICY_RETRY_MAX_ATTEMPTS}. */
    private static Stream<String> environmentNames(Class<?> settings) {
        String prefix = settings.getAnnotation(ConfigurationProperties.class).value();
        return Arrays.stream(settings.getRecordComponents())
                .map(RecordComponent::getName)
                .map(name -> (prefix + "." + name)
                        .replaceAll("([a-z])([A-Z])", "$1_$2")
                        .replaceAll("[.-]", "_")
                        .toUpperCase(Locale.ROOT));
    }
}
