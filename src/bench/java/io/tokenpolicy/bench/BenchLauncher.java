package io.tokenpolicy.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Runs a main class unchanged in a benchmark's child JVM and records its heap: the peak used
 * (sampled, and read at every GC before it collects) and the largest heap left after a GC (what
 * the process really keeps). It is written to the file named by {@code -Dbench.heap.report}.
 * A wrapper rather than an agent or JMX because it needs nothing from the implementation under
 * test; self-contained (no other bench class) so it can be put on the worker's classpath alone.
 */
public final class BenchLauncher {

    private static final AtomicLong PEAK_USED = new AtomicLong();
    private static final AtomicLong PEAK_AFTER_GC = new AtomicLong();

    private BenchLauncher() {}

    public static void main(String[] args) throws Exception {
        Path report = Path.of(System.getProperty("bench.heap.report"));
        watchGcs();
        Thread sampler = new Thread(() -> sample(report), "bench-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> write(report)));
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }

    private static void sample(Path report) {
        long lastWrite = 0;
        while (true) {
            PEAK_USED.accumulateAndGet(
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
            if (System.currentTimeMillis() - lastWrite > 1_000) {
                write(report);
                lastWrite = System.currentTimeMillis();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException stop) {
                return;
            }
        }
    }

    private static void watchGcs() {
        Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getName)
                .collect(Collectors.toSet());
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc)
                    .addNotificationListener(
                            (notification, handback) -> {
                                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                                        notification.getType())) {
                                    var info = GarbageCollectionNotificationInfo.from(
                                                    (CompositeData) notification.getUserData())
                                            .getGcInfo();
                                    PEAK_USED.accumulateAndGet(
                                            heapUsed(info.getMemoryUsageBeforeGc(), heapPools), Math::max);
                                    PEAK_AFTER_GC.accumulateAndGet(
                                            heapUsed(info.getMemoryUsageAfterGc(), heapPools), Math::max);
                                }
                            },
                            null,
                            null);
        }
    }

    private static long heapUsed(Map<String, MemoryUsage> pools, Set<String> heapPools) {
        return pools.entrySet().stream()
                .filter(pool -> heapPools.contains(pool.getKey()))
                .mapToLong(pool -> pool.getValue().getUsed())
                .sum();
    }

    private static synchronized void write(Path report) {
        String text = "peakHeapUsed=" + PEAK_USED.get() + "\npeakHeapAfterGc=" + PEAK_AFTER_GC.get() + "\n";
        try {
            Files.writeString(report, text);
        } catch (IOException ignored) {
            // the benchmark reports the heap as unknown
        }
    }
}
