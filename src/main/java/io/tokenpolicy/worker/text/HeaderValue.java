package io.tokenpolicy.worker.text;

/**
 * Text an HTTP header can carry: visible ASCII only. An access token is checked once, when the
 * worker's credentials are read, because an HTTP library that refuses a header value quotes it;
 * the settings check it first to name the setting.
 */
public final class HeaderValue {

    private HeaderValue() {}

    public static boolean fits(String value) {
        return !value.isEmpty() && value.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }
}
