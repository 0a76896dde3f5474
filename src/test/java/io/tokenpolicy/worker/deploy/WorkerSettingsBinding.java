package io.tokenpolicy.worker.deploy;

import jakarta.validation.Validation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.logging.LogLevel;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * Binds environment variables to the worker's settings the way Spring Boot does at start-up
 * (relaxed binding from the environment, Bean Validation on): every {@code @ConfigurationProperties}
 * record of the worker, {@code spring.kafka.*} and {@code logging.level.*}.
 */
final class WorkerSettingsBinding {

    private static final String ROOT_PACKAGE = "io.tokenpolicy.worker";
    private static final SpringValidatorAdapter VALIDATOR =
            new SpringValidatorAdapter(Validation.buildDefaultValidatorFactory().getValidator());
    private static final Map<String, Bindable<?>> TARGETS = targets();

    /** What the variables bound to, as property names, and the bound settings objects by prefix. */
    record Result(Set<String> boundNames, Map<String, Object> settings) {

        /** The environment variable forms of the bound names (Boot reads both). */
        Set<String> boundVariables() {
            Set<String> variables = new TreeSet<>();
            boundNames.forEach(name -> {
                variables.add(name.replace('.', '_').replace("-", "").toUpperCase());
                variables.add(name.replace('.', '_').replace('-', '_').toUpperCase());
            });
            return variables;
        }
    }

    private WorkerSettingsBinding() {}

    static Result bind(Map<String, String> environmentVariables) {
        Binder binder = Binder.get(environmentOf(environmentVariables));
        Set<String> bound = new TreeSet<>();
        BindHandler handler = new ValidationBindHandler(recording(bound), VALIDATOR);
        Map<String, Object> settings = new LinkedHashMap<>();
        TARGETS.forEach(
                (prefix, target) -> binder.bind(prefix, target, handler).ifBound(value -> settings.put(prefix, value)));
        return new Result(bound, settings);
    }

    /** Every settings object the worker binds: its own records by prefix, Kafka's, and log levels. */
    static Map<String, Bindable<?>> targets() {
        Map<String, Bindable<?>> targets = new LinkedHashMap<>();
        for (Class<?> type : workerPropertiesClasses()) {
            ConfigurationProperties annotation =
                    AnnotatedElementUtils.findMergedAnnotation(type, ConfigurationProperties.class);
            targets.put(annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix(), Bindable.of(type));
        }
        targets.put("spring.kafka", Bindable.of(KafkaProperties.class));
        targets.put("logging.level", Bindable.mapOf(String.class, LogLevel.class));
        return targets;
    }

    static List<Class<?>> workerPropertiesClasses() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        List<Class<?>> classes = new ArrayList<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents(ROOT_PACKAGE)) {
            classes.add(ClassUtils.resolveClassName(candidate.getBeanClassName(), null));
        }
        return classes;
    }

    private static StandardEnvironment environmentOf(Map<String, String> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        MutablePropertySources sources = environment.getPropertySources();
        sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        sources.addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new LinkedHashMap<>(variables)));
        return environment;
    }

    private static BindHandler recording(Set<String> bound) {
        return new AbstractBindHandler() {
            @Override
            public Object onSuccess(
                    ConfigurationPropertyName name, Bindable<?> target, BindContext context, Object result) {
                bound.add(name.toString());
                return super.onSuccess(name, target, context, result);
            }
        };
    }
}
