package dev.lakehouse.conformance.report;

/**
 * An input of the report (catalogue, results.jsonl, figures.jsonl, environment.json, failsafe summary,
 * gate.json, command-line arguments) is missing or malformed. The message names the input and says
 * what is wrong, so it can be shown to the user as it is.
 */
public class ReportInputException extends RuntimeException {
    public ReportInputException(String message) {
        super(message);
    }

    public ReportInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
