package io.tokenpolicy.worker.commands;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * A setting Spring could not bind, in one line that names it as it was given: the short option
 * ({@code --since}), the environment variable ({@code TOKEN_POLICY_LEDGER_DEDUP_WINDOW}) or the property.
 */
final class SettingError {

    private SettingError() {}

    /** The line for a failed start, when a setting is what failed. */
    static Optional<String> of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException unbound) {
                return Optional.of(
                        unbound.getCause() instanceof BindValidationException invalid
                                ? describe(invalid.getValidationErrors())
                                : describe(unbound));
            }
        }
        return Optional.empty();
    }

    private static String describe(BindException unbound) {
        ConfigurationProperty property = unbound.getProperty();
        if (property == null) {
            return NestedExceptionUtils.getMostSpecificCause(unbound).getMessage();
        }
        return spelled(property.getOrigin(), property.getName().toString()) + " must be "
                + form(unbound.getTarget().getType()) + ", was " + property.getValue();
    }

    private static String describe(ValidationErrors errors) {
        ObjectError error = errors.getAllErrors().get(0);
        String name = error instanceof FieldError field
                ? errors.getName()
                        .append(DataObjectPropertyName.toDashedForm(field.getField()))
                        .toString()
                : errors.getName().toString();
        return spelled(Origin.from(error), name) + " " + error.getDefaultMessage();
    }

    /** The setting as it was given: a short option, an environment variable, else the property's name. */
    private static String spelled(Origin origin, String name) {
        Origin given = origin instanceof PropertySourceOrigin source && source.getOrigin() != null
                ? source.getOrigin()
                : origin;
        if (given instanceof SystemEnvironmentOrigin variable) {
            return variable.getProperty();
        }
        if (given instanceof PropertySourceOrigin source
                && source.getPropertySource() instanceof SystemEnvironmentPropertySource) {
            return source.getPropertyName();
        }
        return given instanceof ShortOptions.Option option ? option.toString() : name;
    }

    /** What a value of this type (or of its elements) looks like, in the words of the command's usage. */
    private static String form(ResolvableType type) {
        ResolvableType elements = type.asCollection();
        Class<?> raw = (elements == ResolvableType.NONE ? type : elements.getGeneric(0)).toClass();
        if (raw == TimeBound.class) {
            return TimeBound.FORM;
        }
        if (raw.isEnum()) {
            return "one of "
                    + Arrays.stream(raw.getEnumConstants())
                            .map(Object::toString)
                            .collect(Collectors.joining(", "));
        }
        if (raw == Duration.class) {
            return "a duration like 7d or P7D";
        }
        return raw == Boolean.class || raw == boolean.class ? "true or false" : "a " + raw.getSimpleName();
    }
}
