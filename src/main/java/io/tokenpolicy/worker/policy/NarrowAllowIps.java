package io.tokenpolicy.worker.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * Restricts the token to the addresses it admits now <em>and</em> the requested ones, so a
 * narrowing never widens access. When nothing is left the token is disabled instead,
 * because the gateway reads an empty allow list as "no restriction".
 */
public record NarrowAllowIps(AllowIps requested) implements TokenChange {

    public NarrowAllowIps {
        Objects.requireNonNull(requested, "requested");
    }

    @Override
    public boolean narrowsAccess() {
        return true;
    }

    /**
     * A narrowing that leaves nothing ends a security hold: the token stays disabled, since resolving the
     * incident must not reopen it with the allow_ips the narrowing could not write.
     */
    @Override
    public boolean heldBySecurity(boolean held, TokenState before, TokenState after) {
        return held
                && after.status() == TokenStatus.DISABLED
                && before.allowIps().intersect(requested).isPresent();
    }

    @Override
    public Decision applyTo(TokenState token) {
        Optional<AllowIps> narrowed = token.allowIps().intersect(requested);
        if (narrowed.isEmpty()) {
            return new Disable("no address is allowed both now and by the request; token disabled"
                            + " instead of writing an empty allow list, which the gateway reads as unrestricted")
                    .applyTo(token);
        }
        if (narrowed.get().equals(token.allowIps())) {
            return new Decision.Apply(token, "allow_ips already within the requested networks");
        }
        return new Decision.Apply(token.withAllowIps(narrowed.get()), "allow_ips narrowed");
    }
}
