package dev.lakehouse.conformance.suite.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.RequiresCapability;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.results.Figures;
import dev.lakehouse.conformance.suite.support.ScratchBucket;
import dev.lakehouse.conformance.suite.support.Stats;
import dev.lakehouse.conformance.suite.support.TrinoSession;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.Target;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Checkpoint 3.3, S3 Select: the RGW filters CSV objects itself ({@code SelectObjectContent}) and returns the
 * same rows a client gets by reading each object whole and filtering it; both are timed and the bytes they
 * move are counted. The plan's target (S3 Select 2.5x faster) is the gate's to judge from
 * {@code s3select.speedup}; this class only measures. The path through Trino is reported as not applicable:
 * Trino 476 has no S3 Select.
 */
@LakehouseTest
@Tag(Checkpoints.S3_SELECT_PUSHDOWN)
@RequiresCapability(Capability.S3)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Isolated("timed S3 Select against GET: measured with nothing else running")
class S3SelectTest {
    private static final String CHECKPOINT = Checkpoints.S3_SELECT_PUSHDOWN;
    private static final int OBJECTS = 8;
    private static final int ROWS_PER_OBJECT = 8_000;
    private static final int COLUMNS = 16;
    private static final int QUANTITY = 4; // zero-based index of the quantity column (_5 in S3 Select)
    private static final int MIN_QUANTITY = 48; // quantity is uniform in 1..50: 3 of 50 values match, about 6 % of rows
    /**
     * RGW 16's dialect: table {@code stdin}, lower-case keywords, {@code int()} instead of CAST, trailing {@code ;}.
     * Ceph Quincy and later speak standard S3 Select SQL ({@code s3object}, CAST); there this expression may be rejected,
     * which fails the test with RGW's message.
     */
    private static final String EXPRESSION = "select * from stdin where int(_" + (QUANTITY + 1) + ") >= " + MIN_QUANTITY + ";";
    private static final String PREDICATE = "quantity >= " + MIN_QUANTITY;
    private static final int WARM_UP_RUNS = 2;
    private static final int MEASURED_RUNS = 15;
    private static final String CHART = "S3 Select vs GET + client filter (s)";

    private final Target target;
    private ScratchBucket bucket;
    private S3SelectClient s3;
    private final List<String> keys = new ArrayList<>();
    private String smallKey;
    private final List<List<String>> expected = new ArrayList<>();
    private long totalBytes;
    private long totalRows;

    S3SelectTest(Target target) {
        this.target = target;
    }

    @BeforeAll
    void uploadCsvObjects() {
        bucket = ScratchBucket.create(target, "s3select");
        s3 = new S3SelectClient(target.s3());
        Random random = new Random(33);
        long orderkey = 0;
        for (int object = 0; object < OBJECTS; object++) {
            StringBuilder csv = new StringBuilder();
            for (int row = 0; row < ROWS_PER_OBJECT; row++) {
                orderkey += 1 + random.nextInt(3);
                List<String> fields = lineitemRow(random, orderkey);
                csv.append(String.join(",", fields)).append('\n');
                if (matches(fields)) {
                    expected.add(fields);
                }
            }
            byte[] body = csv.toString().getBytes(StandardCharsets.UTF_8);
            String key = "lineitem/part-" + object + ".csv";
            bucket.client().putObject(r -> r.bucket(bucket.name()).key(key).contentType("text/csv"), RequestBody.fromBytes(body));
            keys.add(key);
            totalBytes += body.length;
            totalRows += ROWS_PER_OBJECT;
        }
        // a 1 KB object: its GET round trip shows the store's latency for small responses, which S3 Select's are
        String small = expected.subList(0, 8).stream().map(fields -> String.join(",", fields) + "\n").reduce("", String::concat);
        smallKey = "latency/small.csv";
        bucket.client().putObject(r -> r.bucket(bucket.name()).key(smallKey), RequestBody.fromString(small));
    }

    @AfterAll
    void deleteObjects() {
        try {
            if (s3 != null) {
                s3.close();
            }
        } finally {
            if (bucket != null) {
                bucket.close();
            }
        }
    }

    @Test
    @Verifies(Criteria.S3_SELECT)
    void selectReturnsTheSameRowsAsGetWithClientSideFiltering() {
        List<List<String>> selected = selectAll().rows();
        List<List<String>> filtered = getAndFilterAll().rows();

        assertThat(selected).as("rows S3 Select returned for [%s] over %d objects", EXPRESSION, OBJECTS)
                .isNotEmpty()
                .isEqualTo(filtered);
        assertThat(filtered).as("rows of GET + client-side filter (%s) against the generated data", PREDICATE)
                .isEqualTo(expected);
    }

    @Test
    @Verifies(Criteria.S3_SELECT)
    void selectReturnsFewerBytesThanGettingTheObjects() {
        Pass selected = selectAll();
        Pass read = getAndFilterAll();

        assertThat(read.wireBytes()).as("bytes a GET of every object returns: the objects' size").isGreaterThanOrEqualTo(totalBytes);
        assertThat(selected.wireBytes()).as("bytes S3 Select returns for about 6 %% of the rows (at most a fifth of the GETs' %d)",
                read.wireBytes()).isLessThanOrEqualTo(read.wireBytes() / 5);
        Figures.record(CHECKPOINT, "s3select.bytes-returned.select", selected.wireBytes(), "bytes",
                "HTTP response bodies (event stream incl. RGW's XML wrapping) of S3 Select [" + EXPRESSION + "] over "
                        + describeData() + "; events seen: " + selected.events());
        Figures.record(CHECKPOINT, "s3select.bytes-returned.get", read.wireBytes(), "bytes",
                "HTTP response bodies of a plain GET of each of " + describeData());
    }

    /**
     * An SQL error is an HTTP 200 event stream on RGW 16, with {@code failure -->...<---} as the payload:
     * it must surface as an error carrying RGW's message, never as an empty result.
     */
    @Test
    @Verifies(Criteria.S3_SELECT)
    void invalidExpressionFailsWithTheStoresMessageInsteadOfReturningNoRows() {
        String invalid = "select * from nowhere where int(_5) >= 48;";

        assertThatThrownBy(() -> s3.select(bucket.name(), keys.get(0), invalid))
                .as("S3 Select with an expression naming no valid table")
                .isInstanceOf(S3SelectClient.S3SelectFailure.class)
                .hasMessageContaining("rejected S3 Select expression [" + invalid + "]");
    }

    @Test
    @Tag(Checkpoints.PERFORMANCE_OPTIMIZATION)
    @Verifies({Criteria.S3_SELECT_SPEEDUP, Criteria.BENCHMARKS})
    void selectAndGetWithClientFilterAreTimed() {
        for (int run = 0; run < WARM_UP_RUNS; run++) {
            selectAll();
            getAndFilterAll();
        }
        List<Double> select = new ArrayList<>();
        List<Double> get = new ArrayList<>();
        List<Double> smallGet = new ArrayList<>();
        for (int run = 0; run < MEASURED_RUNS; run++) {
            long begin = System.nanoTime();
            s3.get(bucket.name(), smallKey);
            smallGet.add((System.nanoTime() - begin) / 1e9);
            // alternate the order so that neither path always runs on the caches the other warmed
            if (run % 2 == 0) {
                select.add(timedRowCount(true, run));
                get.add(timedRowCount(false, run));
            } else {
                get.add(timedRowCount(false, run));
                select.add(timedRowCount(true, run));
            }
        }

        double selectP50 = Stats.percentile(select, 50);
        double getP50 = Stats.percentile(get, 50);
        double smallGetMillis = Stats.percentile(smallGet, 50) * 1000;
        // about 40 ms for a 1 KB GET on loopback is Nagle's algorithm on the store's side meeting the client's delayed ACK
        // (Ceph's beast frontend without tcp_nodelay=1): it then adds that much to every small response, S3 Select's included
        String method = describeData() + "; sequential requests, one client (AWS SDK v2 async, Netty), "
                + WARM_UP_RUNS + " warm-up + " + MEASURED_RUNS + " measured runs, time to all matching rows parsed in the client;"
                + " a GET of a 1 KB object takes " + String.format(Locale.ROOT, "%.1f", smallGetMillis) + " ms (p50)";
        Figures.record(CHECKPOINT, "s3select.seconds.select.p50", selectP50, "s",
                "S3 Select [" + EXPRESSION + "] of each object, p50; " + method, select,
                chart("S3 Select", selectP50, Stats.percentile(select, 95)));
        Figures.record(CHECKPOINT, "s3select.seconds.get.p50", getP50, "s",
                "GET of each object + client-side filter (" + PREDICATE + "), p50; " + method, get,
                chart("GET + filter", getP50, Stats.percentile(get, 95)));
        Figures.record(CHECKPOINT, "s3select.speedup", getP50 / selectP50, "ratio",
                "p50 of GET + client filter / p50 of S3 Select (above 1: S3 Select is faster); " + method, List.of(),
                Map.of("smallObjectGetMillisP50", smallGetMillis));
    }

    /**
     * The plan asks for S3 Select through Trino. Trino removed S3 Select pushdown in 427 (trinodb/trino#18241;
     * it was a Hive-connector feature for CSV/JSON and never applied to Iceberg), so Trino 476 cannot measure it.
     * The claim is checked against the live Trino first: if it offered S3 Select, the suite would lack a measurement.
     */
    @Test
    @RequiresCapability(Capability.TRINO)
    @Verifies(Criteria.S3_SELECT)
    void s3SelectThroughTrinoIsNotApplicableBecauseTrinoHasNone() {
        try (TrinoSession trino = new TrinoSession(target.trino())) {
            String version = String.valueOf(trino.scalar("SELECT node_version FROM system.runtime.nodes WHERE coordinator"));
            List<String> properties = trino.column("SHOW SESSION").stream().map(String::valueOf).toList();
            Pattern s3Select = Pattern.compile("s3_?select", Pattern.CASE_INSENSITIVE);
            List<String> offering = properties.stream().filter(name -> s3Select.matcher(name).find()).toList();

            assertThat(properties).as("session properties of Trino %s (system and catalogs)", version).isNotEmpty();
            if (!offering.isEmpty()) {
                fail("Trino " + version + " offers S3 Select (session properties " + offering + "): the suite needs a"
                        + " measurement of S3 Select through Trino, which it does not have yet");
            }
            Assumptions.abort("not applicable: Trino " + version + " has no S3 Select pushdown (removed in Trino 427,"
                    + " trinodb/trino#18241; the Iceberg connector never used it): none of its " + properties.size()
                    + " session properties mentions S3 Select, so the plan's 2.5x through Trino cannot be measured."
                    + " S3 Select is measured on the RGW directly: s3select.speedup");
        }
    }

    private Map<String, Object> chart(String label, double p50, double p95) {
        Map<String, Object> series = new LinkedHashMap<>();
        series.put("p50", p50);
        series.put("p95", p95);
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("group", CHART);
        chart.put("label", label);
        chart.put("series", series);
        return Map.of("chart", chart);
    }

    private String describeData() {
        return OBJECTS + " CSV objects, " + String.format(Locale.ROOT, "%.1f", totalBytes / 1e6) + " MB, " + totalRows
                + " lineitem-like rows of " + COLUMNS + " columns; predicate " + PREDICATE + " matches " + expected.size()
                + " rows (" + String.format(Locale.ROOT, "%.1f", 100.0 * expected.size() / totalRows) + " %)";
    }

    /** Seconds one pass takes; the pass must return every expected row. */
    private double timedRowCount(boolean select, int run) {
        long begin = System.nanoTime();
        Pass pass = select ? selectAll() : getAndFilterAll();
        double seconds = (System.nanoTime() - begin) / 1e9;
        assertThat(pass.rows()).as("rows of %s in measured run %d", select ? "S3 Select" : "GET + filter", run)
                .hasSameSizeAs(expected);
        return seconds;
    }

    private record Pass(List<List<String>> rows, long wireBytes, List<String> events) {
    }

    private Pass selectAll() {
        List<List<String>> rows = new ArrayList<>();
        long bytes = 0;
        List<String> events = new ArrayList<>();
        for (String key : keys) {
            S3SelectClient.Response response = s3.select(bucket.name(), key, EXPRESSION);
            rows.addAll(parse(response.csv()));
            bytes += response.wireBytes();
            events.addAll(response.events());
        }
        return new Pass(rows, bytes, events.stream().distinct().toList());
    }

    private Pass getAndFilterAll() {
        List<List<String>> rows = new ArrayList<>();
        long bytes = 0;
        for (String key : keys) {
            S3SelectClient.Response response = s3.get(bucket.name(), key);
            // what a client does without S3 Select: read the quantity field of every line, split only the matching ones
            for (String line : response.csv().split("\n")) {
                if (!line.isEmpty() && quantityOf(line) >= MIN_QUANTITY) {
                    rows.addAll(parse(line));
                }
            }
            bytes += response.wireBytes();
        }
        return new Pass(rows, bytes, List.of());
    }

    /**
     * CSV lines to fields. RGW 16 ends every output field with the delimiter, so its rows carry one empty
     * field too many; that one is dropped (a row of the generated data never ends with an empty field).
     */
    private static List<List<String>> parse(String csv) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : csv.split("\r?\n")) {
            if (line.isEmpty()) {
                continue;
            }
            List<String> fields = new ArrayList<>(Arrays.asList(line.split(",", -1)));
            if (fields.size() == COLUMNS + 1 && fields.get(COLUMNS).isEmpty()) {
                fields.remove(COLUMNS);
            }
            if (fields.size() != COLUMNS) {
                throw new IllegalStateException("a CSV row with " + fields.size() + " fields instead of " + COLUMNS + ": " + line);
            }
            rows.add(fields);
        }
        return rows;
    }

    /** The quantity field of a CSV line, read without splitting the line. */
    private static int quantityOf(String line) {
        int start = 0;
        for (int field = 0; field < QUANTITY; field++) {
            start = line.indexOf(',', start) + 1;
        }
        int end = line.indexOf(',', start);
        return Integer.parseInt(line, start, end < 0 ? line.length() : end, 10);
    }

    private static boolean matches(List<String> fields) {
        return Integer.parseInt(fields.get(QUANTITY)) >= MIN_QUANTITY;
    }

    private static final String[] INSTRUCTIONS = {"DELIVER IN PERSON", "COLLECT COD", "NONE", "TAKE BACK RETURN"};
    private static final String[] MODES = {"AIR", "FOB", "MAIL", "RAIL", "REG AIR", "SHIP", "TRUCK"};
    private static final String WORDS = "furiously regular deposits sleep carefully final packages haggle slyly ironic accounts";

    /** One row shaped like TPC-H lineitem; plain letters and digits only, so no field needs CSV quoting. */
    private static List<String> lineitemRow(Random random, long orderkey) {
        int quantity = 1 + random.nextInt(50);
        double price = quantity * (900 + random.nextInt(110_000) / 100.0);
        String[] words = WORDS.split(" ");
        StringBuilder comment = new StringBuilder();
        for (int i = 0, n = 2 + random.nextInt(5); i < n; i++) {
            comment.append(i == 0 ? "" : " ").append(words[random.nextInt(words.length)]);
        }
        int ship = random.nextInt(2526);
        return List.of(
                Long.toString(orderkey),
                Integer.toString(1 + random.nextInt(200_000)),
                Integer.toString(1 + random.nextInt(10_000)),
                Integer.toString(1 + random.nextInt(7)),
                Integer.toString(quantity),
                String.format(Locale.ROOT, "%.2f", price),
                String.format(Locale.ROOT, "0.%02d", random.nextInt(11)),
                String.format(Locale.ROOT, "0.%02d", random.nextInt(9)),
                random.nextBoolean() ? "N" : (random.nextBoolean() ? "R" : "A"),
                random.nextBoolean() ? "O" : "F",
                java.time.LocalDate.of(1992, 1, 2).plusDays(ship).toString(),
                java.time.LocalDate.of(1992, 1, 2).plusDays(ship - 30 + random.nextInt(61)).toString(),
                java.time.LocalDate.of(1992, 1, 2).plusDays(ship + 1 + random.nextInt(30)).toString(),
                INSTRUCTIONS[random.nextInt(INSTRUCTIONS.length)],
                MODES[random.nextInt(MODES.length)],
                comment.toString());
    }
}
