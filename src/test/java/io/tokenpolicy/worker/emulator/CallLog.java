package io.tokenpolicy.worker.emulator;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the emulator received, how often it refused with 429 and how many calls it had at once,
 * for tests to assert on.
 */
final class CallLog {

    private final Map<Route, LongAdder> calls = new ConcurrentHashMap<>();

    private final LongAdder tooManyRequests = new LongAdder();

    private final Queue<RecordedRequest> requests = new ConcurrentLinkedQueue<>();

    private final AtomicInteger inFlight = new AtomicInteger();

    private final AtomicInteger peakInFlight = new AtomicInteger();

    void record(RecordedRequest request) {
        calls.computeIfAbsent(request.route(), route -> new LongAdder()).increment();
        requests.add(request);
    }

    /** A call arrived: counted in flight until its answer is due ({@link #callEnded()}). */
    void callStarted() {
        peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    }

    void callEnded() {
        inFlight.decrementAndGet();
    }

    int callsInFlight() {
        return inFlight.get();
    }

    int peakCallsInFlight() {
        return peakInFlight.get();
    }

    void tooManyRequests() {
        tooManyRequests.increment();
    }

    long calls(Route route) {
        LongAdder count = calls.get(route);
        return count == null ? 0 : count.sum();
    }

    long tooManyRequestsAnswered() {
        return tooManyRequests.sum();
    }

    List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    List<RecordedRequest> requests(Route route) {
        return requests.stream().filter(request -> request.route() == route).toList();
    }

    List<String> bodies(Route... routes) {
        Set<Route> wanted = Set.of(routes);
        return requests.stream()
                .filter(request -> wanted.contains(request.route()))
                .map(RecordedRequest::body)
                .toList();
    }

    void reset() {
        calls.clear();
        tooManyRequests.reset();
        requests.clear();
        peakInFlight.set(inFlight.get());
    }
}
