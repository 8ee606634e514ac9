package dev.lakehouse.conformance.suite.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.conformance.benchmark.ConcurrentLoad;
import dev.lakehouse.conformance.benchmark.LoadResult;
import dev.lakehouse.conformance.datasets.TpchQueries;
import dev.lakehouse.conformance.datasets.TpchQuery;
import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.RequiresCapability;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.results.Figures;
import dev.lakehouse.conformance.suite.support.Names;
import dev.lakehouse.conformance.suite.support.SharedTpch;
import dev.lakehouse.conformance.suite.support.TrinoSession;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Checkpoint 3.2, concurrency: one client, then 5, then 8 simultaneous clients, each running the
 * same mixed set of TPC-H queries over Iceberg (scans, joins, aggregations) from its own JDBC
 * session. Every query must succeed; the coordinator's own query list shows how many really ran at
 * the same time. Throughput and p95 under load are reported next to the single-client numbers.
 */
@LakehouseTest
@Tag(Checkpoints.QUERY_PERFORMANCE)
@Tag(Checkpoints.PERFORMANCE_OPTIMIZATION)
@Verifies({Criteria.CONCURRENCY, Criteria.BENCHMARKS})
@RequiresCapability({Capability.TRINO_ICEBERG, Capability.S3})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Isolated("concurrency figures: measured with nothing else running")
class TrinoConcurrencyTest {
    @RegisterExtension
    static final SharedTpch TPCH = new SharedTpch();

    /** Short and long, scan-heavy and join-heavy: Q1, Q3, Q5, Q6, Q10, Q12, Q14, Q19. */
    private static final List<Integer> MIX = List.of(1, 3, 5, 6, 10, 12, 14, 19);
    private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(5);

    private final Target target;
    private final List<ConcurrentLoad.NamedTask<TrinoSession>> tasks = new ArrayList<>();
    private TrinoSession coordinator;

    TrinoConcurrencyTest(Target target) {
        this.target = target;
    }

    @BeforeAll
    void prepareTheMix() {
        coordinator = new TrinoSession(target.trino());
        for (int number : MIX) {
            TpchQuery query = TpchQueries.get(number);
            tasks.add(new ConcurrentLoad.NamedTask<>(query.id(), session -> session.timed(query.sql(), false).clientSeconds()));
        }
    }

    @AfterAll
    void close() {
        if (coordinator != null) {
            coordinator.close();
        }
    }

    @Order(1)
    @Test
    void oneClientRunsTheMixWithoutFailures() {
        runWithClients(1);
    }

    @Order(2)
    @Test
    void fiveConcurrentClientsRunTheMixWithoutFailures() {
        runWithClients(5);
    }

    @Order(3)
    @Test
    void eightConcurrentClientsRunTheMixWithoutFailures() {
        int peak = runWithClients(8);
        Figures.record(Checkpoints.QUERY_PERFORMANCE, "trino.concurrent.queries", peak, "count",
                "most TPC-H queries the coordinator had running at once (from system.runtime.queries) while 8 clients"
                        + " ran the mix " + MIX + " over Iceberg at " + TPCH.scale().tpchSchema() + ", every query succeeding");
    }

    /** Runs the mix from {@code clients} sessions at once; returns the peak number of queries running together. */
    private int runWithClients(int clients) {
        String source = Names.sql(target, "load_c" + clients);
        Instant begin = Instant.now();
        LoadResult result = ConcurrentLoad.clients(clients, index -> {
                    TrinoSession session = new TrinoSession(target.trino(), source);
                    session.execute("USE " + TPCH.schema());
                    return session;
                })
                .tasks(tasks)
                .tasksPerClient(tasks.size())
                .timeout(LOAD_TIMEOUT)
                .run();

        assertThat(result.failed()).as("failed queries with %d client(s); first errors: %s", clients, result.errors())
                .isZero();
        assertThat(result.completed()).as("queries completed by %d client(s)", clients).isEqualTo(clients * tasks.size());
        int peak = peakConcurrentQueries(source, begin);
        assertThat(peak).as("queries the coordinator ran at the same time for %d client(s)", clients)
                .isGreaterThanOrEqualTo(clients == 1 ? 1 : clients / 2 + 1);
        record(clients, result, peak);
        return peak;
    }

    /**
     * The most queries of {@code source} that overlapped in time, from the coordinator's query list:
     * evidence that the load was concurrent on the server, not only in the client.
     */
    private int peakConcurrentQueries(String source, Instant since) {
        List<List<Object>> intervals = coordinator.query("SELECT to_unixtime(started), to_unixtime(\"end\")"
                + " FROM system.runtime.queries WHERE source = '" + source + "' AND state = 'FINISHED'"
                + " AND query NOT LIKE 'USE %' AND created >= from_unixtime(" + since.getEpochSecond() + ")");
        List<double[]> events = new ArrayList<>();
        for (List<Object> interval : intervals) {
            events.add(new double[] {((Number) interval.get(0)).doubleValue(), +1});
            events.add(new double[] {((Number) interval.get(1)).doubleValue(), -1});
        }
        // ends before starts at the same instant: touching queries did not overlap
        events.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
        int running = 0;
        int peak = 0;
        for (double[] event : events) {
            running += (int) event[1];
            peak = Math.max(peak, running);
        }
        return peak;
    }

    private void record(int clients, LoadResult result, int peak) {
        String scale = TPCH.scale().tpchSchema();
        String label = clients + (clients == 1 ? " client" : " clients");
        String how = label + " each running the mix " + MIX + " once over Iceberg at " + scale + " (" + result.completed()
                + " queries in " + String.format("%.1f", result.wallSeconds()) + " s, peak " + peak + " running at once)";
        Figures.record(Checkpoints.QUERY_PERFORMANCE, "trino.concurrent.c" + clients + ".throughput", result.throughputPerMinute(), "queries/min", how,
                List.of(), Map.of("chart", chart("Concurrency: throughput over Iceberg, scale " + scale + " (queries/min)",
                        label, "queries/min", result.throughputPerMinute())));
        Figures.record(Checkpoints.QUERY_PERFORMANCE, "trino.concurrent.c" + clients + ".p95.seconds", result.p95(), "s", how,
                List.of(), Map.of("chart", chart("Concurrency: query latency under load, scale " + scale + " (s)",
                        label, "p95", result.p95())));
    }

    private static Map<String, Object> chart(String group, String label, String series, double value) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(series, value);
        return Map.of("group", group, "label", label, "series", values);
    }
}
