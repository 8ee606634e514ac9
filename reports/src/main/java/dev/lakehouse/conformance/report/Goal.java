package dev.lakehouse.conformance.report;

/** One of the five goals of the platform plan. */
public record Goal(int id, String title) {
}
