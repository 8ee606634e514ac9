package dev.lakehouse.conformance.suite.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.lakehouse.conformance.process.ConfigurationException;
import dev.lakehouse.conformance.target.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PrometheusRule the platform deploys ({@code monitoring/prometheus-rule.yaml} of the platform directory): its
 * alerts, and the scrape jobs its rules select. Which names these are is the deployment's choice; tests read them here.
 */
public final class PlatformRules {
    private static final Pattern JOB_SELECTOR = Pattern.compile("job\\s*=\\s*\"([^\"]+)\"");
    private static final String FILE = "monitoring/prometheus-rule.yaml";

    private final JsonNode rule;

    private PlatformRules(JsonNode rule) {
        this.rule = rule;
    }

    public static PlatformRules load() {
        Path file = Settings.fromSystemProperties().platformFile(FILE);
        try {
            return new PlatformRules(new ObjectMapper(new YAMLFactory()).readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the platform's PrometheusRule " + file, e);
        }
    }

    /** The alerts the rule declares, in file order. */
    public List<String> alerts() {
        List<String> alerts = new ArrayList<>();
        for (JsonNode group : rule.path("spec").path("groups")) {
            group.path("rules").forEach(r -> {
                if (r.has("alert")) {
                    alerts.add(r.path("alert").asText());
                }
            });
        }
        return alerts;
    }

    /** The scrape jobs the rules select ({@code job="..."}): Prometheus must scrape jobs of those names. */
    public Set<String> jobs() {
        Set<String> jobs = new TreeSet<>();
        for (JsonNode group : rule.path("spec").path("groups")) {
            for (JsonNode r : group.path("rules")) {
                Matcher job = JOB_SELECTOR.matcher(r.path("expr").asText());
                while (job.find()) {
                    jobs.add(job.group(1));
                }
            }
        }
        return jobs;
    }

    /** The metastore's scrape job: the one job the rules name for it. */
    public String metastoreJob() {
        List<String> jobs = jobs().stream().filter(job -> job.contains("metastore")).toList();
        if (jobs.size() != 1) {
            throw new ConfigurationException(FILE, "its rules name " + jobs.size() + " metastore scrape jobs " + jobs,
                    "select the metastore's job in exactly one job name, up{job=\"...\"}");
        }
        return jobs.get(0);
    }
}
