package io.tokenpolicy.worker.ops;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The worker's liveness, for the failures it cannot recover from by itself (an {@link Error} in
 * the middle of a token's work leaves records it can neither finish nor give up): the reason is
 * logged once, {@code /actuator/health/liveness} turns DOWN, and the orchestrator restarts the
 * worker, after which every unfinished record is delivered again.
 */
public final class Liveness {

    private static final Logger log = LoggerFactory.getLogger(Liveness.class);

    private final ApplicationEventPublisher events;

    public Liveness(ApplicationEventPublisher events) {
        this.events = events;
    }

    public void broken(String why, Throwable cause) {
        log.error("liveness DOWN: {}", why, cause);
        AvailabilityChangeEvent.publish(events, this, LivenessState.BROKEN);
    }
}
