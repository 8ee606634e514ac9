package dev.lakehouse.conformance.suite.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.RequiresCapability;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.process.ConfigurationException;
import dev.lakehouse.conformance.results.Figures;
import dev.lakehouse.conformance.suite.support.PrometheusApi.ScrapeTarget;
import dev.lakehouse.conformance.suite.support.PrometheusApi;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.Settings;
import dev.lakehouse.conformance.target.Target;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Checkpoint 5.1 (monitoring): Prometheus scrapes every component of the platform, has loaded the
 * platform's own alert rules (the PrometheusRule of k8s-fixtures), and turns the metastore's
 * uptime into a figure, measured across a restart.
 */
@LakehouseTest
@Tag(Checkpoints.MONITORING_ALERTING)
@RequiresCapability(Capability.PROMETHEUS)
@Isolated("restarts the metastore, which every other suite uses")
class MonitoringTest {
    private static final Pattern JOB_SELECTOR = Pattern.compile("job\\s*=\\s*\"([^\"]+)\"");
    private static final Duration SCRAPED_WITHIN = Duration.ofSeconds(60);

    private final Target target;
    private final PrometheusApi prometheus;

    MonitoringTest(Target target) {
        this.target = target;
        this.prometheus = new PrometheusApi(target.monitoring());
    }

    /** The PrometheusRule the platform deploys (k8s-fixtures/monitoring/prometheus-rule.yaml). */
    private static JsonNode platformRules() throws IOException {
        return new ObjectMapper(new YAMLFactory())
                .readTree(Settings.fromSystemProperties().platformFile("monitoring/prometheus-rule.yaml").toFile());
    }

    /** The scrape jobs the platform's alert rules select ({@code job="..."}): Prometheus must scrape jobs of those names. */
    private static Set<String> jobsTheRulesName() throws IOException {
        Set<String> jobs = new TreeSet<>();
        for (JsonNode group : platformRules().path("spec").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                Matcher job = JOB_SELECTOR.matcher(rule.path("expr").asText());
                while (job.find()) {
                    jobs.add(job.group(1));
                }
            }
        }
        return jobs;
    }

    /** The metastore's scrape job: the one job the rules name for it. */
    private static String metastoreJob() throws IOException {
        List<String> jobs = jobsTheRulesName().stream().filter(job -> job.contains("metastore")).toList();
        if (jobs.size() != 1) {
            throw new ConfigurationException("monitoring/prometheus-rule.yaml", "its rules name " + jobs.size()
                    + " metastore scrape jobs " + jobs, "select the metastore's job in exactly one job name, up{job=\"...\"}");
        }
        return jobs.get(0);
    }

    @Test
    @Verifies(Criteria.PROMETHEUS_METRICS)
    void everyScrapeTargetIsUpIncludingTheJobsTheRulesName() throws IOException {
        Set<String> jobsTheRulesName = jobsTheRulesName();
        Awaitility.await("every active Prometheus target reports health 'up' (and " + jobsTheRulesName + " are among them)")
                .atMost(SCRAPED_WITHIN).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    List<ScrapeTarget> targets = prometheus.activeTargets();
                    assertThat(targets).as("active scrape targets").isNotEmpty();
                    assertThat(targets.stream().map(ScrapeTarget::job).collect(Collectors.toSet()))
                            .as("scrape jobs").containsAll(jobsTheRulesName);
                    assertThat(targets).as("targets that are not up").filteredOn(t -> !"up".equals(t.health())).isEmpty();
                });
        List<ScrapeTarget> targets = prometheus.activeTargets();
        Figures.record(Checkpoints.MONITORING_ALERTING, "prometheus.targets.up", targets.size(), "targets",
                "scraped and up: " + targets.stream().map(t -> t.job() + "@" + t.instance()).toList());
    }

    @Test
    @Verifies(Criteria.PROMETHEUS_METRICS)
    void loadedAlertRulesAreThoseOfThePlatformsPrometheusRule() throws IOException {
        List<String> declared = new ArrayList<>();
        for (JsonNode group : platformRules().path("spec").path("groups")) {
            group.path("rules").forEach(r -> {
                if (r.has("alert")) {
                    declared.add(r.path("alert").asText());
                }
            });
        }
        // which alerts and their names are the platform's; the pipeline suite proves its failure alert end to end
        assertThat(declared).as("alerts declared in prometheus-rule.yaml").isNotEmpty();
        assertThat(prometheus.alertingRules()).as("alerting rules Prometheus has loaded")
                .containsExactlyInAnyOrderElementsOf(declared);
    }

    @Test
    @Tag(Checkpoints.HIVE_METASTORE)
    @RequiresCapability(Capability.METASTORE_RESTART)
    @Verifies(Criteria.METASTORE_POSTGRESQL)
    void metastoreAvailabilityOverTheRunIsMeasuredAcrossARestart() throws IOException {
        String job = metastoreJob();
        String up = "up{job=\"" + job + "\"}";
        String started = "process_start_time_seconds{job=\"" + job + "\"}";
        Awaitility.await("the metastore is scraped and up before the restart").atMost(SCRAPED_WITHIN)
                .pollInterval(Duration.ofSeconds(1)).until(() -> prometheus.scalar(up).orElse(0) == 1);
        double startedBefore = prometheus.scalar(started).orElseThrow();
        target.restartMetastore();
        // a new process start time: Prometheus has scraped the restarted metastore, not an old sample
        Awaitility.await("Prometheus scrapes the restarted metastore (a later process_start_time_seconds)")
                .atMost(SCRAPED_WITHIN).pollInterval(Duration.ofSeconds(1))
                .until(() -> prometheus.scalar(started).orElse(0) > startedBefore && prometheus.scalar(up).orElse(0) == 1);

        // every sample of the run so far (the ephemeral Prometheus started with the lakehouse)
        OptionalDouble availability = prometheus.scalar("avg_over_time(" + up + "[1h])");
        OptionalDouble samples = prometheus.scalar("count_over_time(" + up + "[1h])");
        OptionalDouble down = prometheus.scalar("count_over_time(" + up + "[1h]) - sum_over_time(" + up + "[1h])");
        assertThat(availability).as("availability of the metastore's metrics endpoint over the run").isPresent();
        assertThat(samples.orElse(0)).as("scrapes of the metastore so far").isGreaterThan(1);
        Figures.record(Checkpoints.HIVE_METASTORE, "metastore.availability", Math.round(availability.getAsDouble() * 100_000) / 1000.0, "percent",
                String.format("up{job=" + job + "} averaged over %.0f scrapes of this run, %.0f of them down, including a "
                        + "deliberate restart; the window is the run, not a month (99.9%% of 30 days allows 43 min down)",
                        samples.getAsDouble(), down.orElse(0)));
    }
}
