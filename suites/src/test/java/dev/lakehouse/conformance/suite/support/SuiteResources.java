package dev.lakehouse.conformance.suite.support;

/**
 * What the suites lock when some of them run side by side (see junit-platform.properties): a test that restarts
 * the metastore takes it exclusively, a suite that runs beside the others and needs the metastore up reads it.
 */
public final class SuiteResources {
    public static final String METASTORE_RESTART = "lakehouse.metastore-restart";

    private SuiteResources() {
    }
}
