package dev.lakehouse.conformance.suite.support;

import dev.lakehouse.conformance.target.Target;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/** Names of the objects a run creates: they carry the run id, so leftovers can be traced to their run. */
public final class Names {
    private Names() {
    }

    /** An S3 bucket name: run id, purpose, random suffix (lower case, dashes). */
    public static String bucket(Target target, String purpose) {
        return (target.runId() + "-" + purpose + "-" + suffix()).toLowerCase(Locale.ROOT);
    }

    /** A schema/database/table name: run id, purpose, random suffix (underscores). */
    public static String sql(Target target, String purpose) {
        return (target.runId() + "_" + purpose + "_" + suffix()).toLowerCase(Locale.ROOT);
    }

    private static String suffix() {
        return Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36, 36 * 36 * 36 * 36), 36);
    }
}
