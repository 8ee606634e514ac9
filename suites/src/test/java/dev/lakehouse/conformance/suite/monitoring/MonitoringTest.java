package dev.lakehouse.conformance.suite.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.RequiresCapability;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.results.Figures;
import dev.lakehouse.conformance.suite.support.PlatformRules;
import dev.lakehouse.conformance.suite.support.PrometheusApi;
import dev.lakehouse.conformance.suite.support.PrometheusApi.ScrapeTarget;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.Target;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Checkpoint 4.2 (monitoring): Prometheus scrapes every component of the platform and has loaded the platform's own
 * alert rules (the PrometheusRule of k8s-fixtures). The metastore's availability across a restart:
 * {@code MetastoreRestartTest}.
 */
@LakehouseTest
@Tag(Checkpoints.MONITORING_ALERTING)
@RequiresCapability(Capability.PROMETHEUS)
class MonitoringTest {
    private static final Duration SCRAPED_WITHIN = Duration.ofSeconds(60);

    private final PrometheusApi prometheus;

    MonitoringTest(Target target) {
        this.prometheus = new PrometheusApi(target.monitoring());
    }

    @Test
    @Verifies(Criteria.PROMETHEUS_METRICS)
    void everyScrapeTargetIsUpIncludingTheJobsTheRulesName() {
        Set<String> jobsTheRulesName = PlatformRules.load().jobs();
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
    void loadedAlertRulesAreThoseOfThePlatformsPrometheusRule() {
        List<String> declared = PlatformRules.load().alerts();
        // which alerts and their names are the platform's; the pipeline suite proves its failure alert end to end
        assertThat(declared).as("alerts declared in prometheus-rule.yaml").isNotEmpty();
        assertThat(prometheus.alertingRules()).as("alerting rules Prometheus has loaded")
                .containsExactlyInAnyOrderElementsOf(declared);
    }
}
