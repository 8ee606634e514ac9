package dev.lakehouse.conformance.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The S3 requests the target's gateway logged during the run (s3-operations.json, from the radosgw ops log), by
 * operation. It tells the gate which operations the platform itself (Trino, Spark's S3A, Iceberg, ...) sends, as
 * opposed to the ones only the suites send, so that each of them can be held against a covering conformance test.
 *
 * @param source     what the figures were taken from, e.g. "radosgw ops log (rgw_ops_log_file_path), ceph 16.2.15"
 * @param requests   requests in the log, null when not given
 * @param unparsed   log lines that could not be attributed to an operation, null when not given
 * @param operations one entry per operation, in the order written
 */
@JsonPropertyOrder({"source", "requests", "unparsed", "operations"})
public record S3Operations(String source, Long requests, Long unparsed, List<Operation> operations) {
    public static final String FILE = "s3-operations.json";

    public S3Operations {
        operations = operations == null ? List.of() : List.copyOf(operations);
    }

    /**
     * One S3 operation.
     *
     * @param operation        the S3 API name, e.g. UploadPartCopy
     * @param requests         every request of that operation
     * @param platformRequests the requests sent by the platform's own clients (not the suites)
     * @param clients          requests by client family, e.g. suite, s3a, trino
     * @param statuses         requests by HTTP status
     * @param features         request features seen, e.g. copy-source-range, key-percent
     * @param example          one request line, for orientation
     */
    @JsonPropertyOrder({"operation", "requests", "platformRequests", "clients", "statuses", "features", "example"})
    public record Operation(String operation, long requests, long platformRequests, Map<String, Long> clients,
                            Map<String, Long> statuses, List<String> features, String example) {
        public Operation {
            clients = clients == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(clients));
            statuses = statuses == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(statuses));
            features = features == null ? List.of() : List.copyOf(features);
        }

        /** Whether the platform's own clients sent it (and so the gate must know it works). */
        public boolean sentByThePlatform() {
            return platformRequests > 0;
        }

        /** "s3a 1, suite 2": the client families and their requests, in the order written. */
        public String describeClients() {
            return describe(clients);
        }

        /** "200: 2, 500: 1". */
        public String describeStatuses() {
            return describeStatuses(statuses);
        }

        static String describeStatuses(Map<String, Long> statuses) {
            StringBuilder text = new StringBuilder();
            statuses.forEach((status, n) -> text.append(text.length() == 0 ? "" : ", ").append(status).append(": ").append(n));
            return text.toString();
        }

        static String describe(Map<String, Long> counts) {
            StringBuilder text = new StringBuilder();
            counts.forEach((name, n) -> text.append(text.length() == 0 ? "" : ", ").append(name).append(' ').append(n));
            return text.toString();
        }
    }
}
