package io.tokenpolicy.worker.tokenapi;

import io.tokenpolicy.worker.apply.CallAdmission;
import io.tokenpolicy.worker.apply.Lane;
import io.tokenpolicy.worker.ops.WorkerMetrics;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;

/** The gateway's admission with every wait for a turn timed by lane: how long calls wait for the rate limit. */
final class MeteredAdmission implements CallAdmission {

    private final CallAdmission admission;
    private final Map<Lane, LongConsumer> waits = new EnumMap<>(Lane.class);

    MeteredAdmission(CallAdmission admission, WorkerMetrics metrics) {
        this.admission = admission;
        for (Lane lane : Lane.values()) {
            waits.put(lane, metrics.turnWaits(lane.name().toLowerCase(Locale.ROOT)));
        }
    }

    @Override
    public boolean await(Lane lane, long nanos) throws InterruptedException {
        return await(lane, 1, nanos) == 1;
    }

    @Override
    public int await(Lane lane, int turns, long nanos) throws InterruptedException {
        long start = System.nanoTime();
        try {
            return admission.await(lane, turns, nanos);
        } finally {
            waits.get(lane).accept(System.nanoTime() - start);
        }
    }

    @Override
    public void answered(Lane lane) {
        admission.answered(lane);
    }

    @Override
    public void unused(Lane lane) {
        admission.unused(lane);
    }

    @Override
    public boolean heldBack() {
        return admission.heldBack();
    }
}
