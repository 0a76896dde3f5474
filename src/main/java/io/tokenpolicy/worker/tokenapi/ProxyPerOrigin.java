package io.tokenpolicy.worker.tokenapi;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hc.client5.http.impl.routing.SystemDefaultRoutePlanner;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The JVM's proxy for the gateway ({@code https.proxyHost}, {@code http.nonProxyHosts}, ...), asked of its proxy
 * selector once per origin instead of once per call: the selector builds a URI and matches the non-proxy patterns
 * each time it is asked, a sixth of the HTTP client's CPU per call, for an answer that the JVM's settings fix at
 * start.
 */
final class ProxyPerOrigin extends SystemDefaultRoutePlanner {

    private final Map<HttpHost, Optional<HttpHost>> proxies = new ConcurrentHashMap<>();

    ProxyPerOrigin() {
        super(null);
    }

    @Override
    protected HttpHost determineProxy(HttpHost target, HttpContext context) throws HttpException {
        Optional<HttpHost> known = proxies.get(target);
        if (known == null) {
            known = Optional.ofNullable(super.determineProxy(target, context));
            proxies.putIfAbsent(target, known);
        }
        return known.orElse(null);
    }
}
