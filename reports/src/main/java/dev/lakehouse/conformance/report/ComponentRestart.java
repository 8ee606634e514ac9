package dev.lakehouse.conformance.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * A component that died during the run and was restarted (one line of restarts.jsonl). It changes no verdict by
 * itself (the test that crashed it fails on its own), but a gate that passed while a gateway was aborting and being
 * restarted under the tests must say so.
 *
 * @param component      e.g. radosgw
 * @param diedAt         ISO-8601 instant it was found dead
 * @param exit           how it ended, e.g. "signal 6 (SIGABRT)"
 * @param duringTests    the tests running when it died
 * @param restartedAt    ISO-8601 instant it was ready again, null when it was not restarted
 * @param restartSeconds how long the restart took, null when not recorded
 * @param outcome        what became of it, e.g. "restarted" or "not restarted: the run cannot restart ..."; null when not given
 * @param logTail        the last lines of its log before it died (redacted)
 */
@JsonPropertyOrder({"component", "diedAt", "exit", "duringTests", "restartedAt", "restartSeconds", "outcome", "logTail"})
public record ComponentRestart(String component, String diedAt, String exit, List<String> duringTests, String restartedAt,
                               Double restartSeconds, String outcome, String logTail) {
    public static final String FILE = "restarts.jsonl";

    public ComponentRestart {
        duringTests = duringTests == null ? List.of() : List.copyOf(duringTests);
    }
}
