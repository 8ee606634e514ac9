package dev.lakehouse.conformance.report;

/**
 * One of the run's own secrets found in something the platform wrote during the run (a server log, a Spark
 * driver log, an Airflow task log, a result file); one line of secret-findings.jsonl. Never carries the secret.
 *
 * @param secret what the secret is, e.g. "S3 secret key" (not its value)
 * @param file   the file, as the run saw it
 * @param line   1-based line number
 * @param masked the line with the secret masked, shortened
 */
public record SecretFinding(String secret, String file, int line, String masked) {
}
