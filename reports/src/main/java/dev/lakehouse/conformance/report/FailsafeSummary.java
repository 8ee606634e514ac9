package dev.lakehouse.conformance.report;

/**
 * Maven failsafe's failsafe-summary.xml: how many tests the integration-test run executed.
 *
 * @param completed the number of tests run (including failed, errored and skipped ones)
 */
public record FailsafeSummary(String result, boolean timeout, int completed, int errors, int failures, int skipped, String failureMessage) {
}
