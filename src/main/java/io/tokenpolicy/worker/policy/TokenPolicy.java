package io.tokenpolicy.worker.policy;

/**
 * Maps each event to the token change it calls for. Pure: no I/O, no clock, no framework,
 * so every rule can be tested by calling it.
 */
public final class TokenPolicy implements TokenEvent.Visitor<TokenChange> {

    public TokenChange changeFor(TokenEvent event) {
        return event.accept(this);
    }

    @Override
    public TokenChange topUp(TopUp event) {
        return new RaiseQuota(event.amount());
    }

    @Override
    public TokenChange securityIncident(SecurityIncident event) {
        if (event.severity().disables()) {
            return new Disable(event.severity().wireName() + " security incident: " + event.reason());
        }
        return event.allowIps()
                .<TokenChange>map(NarrowAllowIps::new)
                .orElseGet(() -> new KeepToken(event.severity().wireName()
                        + " security incident without allow_ips: no change"));
    }

    @Override
    public TokenChange ipRestriction(IpRestriction event) {
        return new NarrowAllowIps(event.allowIps());
    }
}
