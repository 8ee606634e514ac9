package dev.lakehouse.conformance.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointCatalogueTest {
    /** Every checkpoint of the platform plan, goal by goal. */
    private static final List<String> PLAN_IDS = List.of(
            "1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "4.1", "4.2", "5.1", "5.2", "5.3");

    private final CheckpointCatalogue catalogue = CheckpointCatalogue.loadDefault();

    @Test
    void defaultCatalogueListsEveryCheckpointOfThePlanOnceInOrder() {
        List<String> ids = catalogue.checkpoints().stream().map(Checkpoint::id).toList();
        assertThat(ids).as("checkpoint ids of checkpoints.yaml").containsExactlyElementsOf(PLAN_IDS);
        assertThat(ids).as("checkpoint ids are unique").doesNotHaveDuplicates();
    }

    @Test
    void defaultCatalogueHasTheFiveGoals() {
        assertThat(catalogue.goals()).as("goals")
                .extracting(Goal::title)
                .containsExactly("Storage and table foundation", "Compute", "Analytics", "Orchestration", "Operations");
    }

    @Test
    void everyCheckpointHasTitleDescriptionAndPlannedInNote() {
        assertThat(catalogue.checkpoints()).as("checkpoints with a title, description and plannedIn note")
                .allSatisfy(c -> {
                    assertThat(c.title()).as("title of %s", c.id()).isNotBlank();
                    assertThat(c.description()).as("description of %s", c.id()).isNotBlank();
                    assertThat(c.plannedIn()).as("plannedIn of %s", c.id()).isNotBlank();
                    assertThat(c.successCriteria()).as("success criteria of %s", c.id()).isNotEmpty();
                });
    }

    @Test
    void everyCheckpointBelongsToTheGoalItsIdStartsWith() {
        assertThat(catalogue.checkpoints()).as("goal of each checkpoint matches its id")
                .allSatisfy(c -> assertThat(c.id()).as("id of a goal %d checkpoint", c.goal()).startsWith(c.goal() + "."));
    }

    @Test
    void gatingMetricsHaveThePlannedTargets() {
        assertThat(metric("2.2", "spark.job.startup.p95.seconds")).as("Spark start-up metric")
                .isEqualTo(new MetricDefinition("spark.job.startup.p95.seconds", metric("2.2", "spark.job.startup.p95.seconds").description(),
                        "s", new MetricTarget("<=", 60), true));
        assertThat(metric("3.2", "trino.query.p95.seconds").target()).as("query time target").isEqualTo(new MetricTarget("<=", 10));
        assertThat(metric("3.2", "trino.query.p95.seconds").gating()).as("query time is gating").isTrue();
        assertThat(metric("3.2", "trino.concurrent.queries").target()).as("concurrency target").isEqualTo(new MetricTarget(">=", 5));
        assertThat(metric("3.2", "trino.concurrent.queries").gating()).as("concurrency is gating").isTrue();
    }

    @Test
    void nonGatingMetricsHaveThePlannedTargets() {
        assertThat(metric("1.2", "metastore.availability").target()).as("availability target").isEqualTo(new MetricTarget(">=", 99.9));
        assertThat(metric("1.2", "metastore.availability").gating()).as("availability is not gating yet").isFalse();
        assertThat(metric("3.3", "s3select.speedup").target()).as("S3 Select target").isEqualTo(new MetricTarget(">=", 2.5));
        assertThat(metric("3.3", "s3select.speedup").gating()).as("S3 Select is not gating").isFalse();
    }

    @Test
    void recordedOnlyMetricsHaveNoTarget() {
        for (String[] m : new String[][] {{"1.1", "s3.put.throughput"}, {"1.1", "s3.get.throughput"},
                {"1.1", "s3.lifecycle.expiry.seconds"}, {"1.2", "metastore.restart.seconds"}, {"3.1", "trino.ctas.seconds"}}) {
            assertThat(metric(m[0], m[1]).target()).as("target of %s", m[1]).isNull();
        }
        assertThat(metric("1.1", "s3.put.throughput").unit()).as("unit of s3.put.throughput").isEqualTo("MB/s");
    }

    @Test
    void environmentSectionDefinesTheReadyTimeTarget() {
        assertThat(catalogue.environment().metrics()).as("environment metrics")
                .contains(new MetricDefinition("environment.ready.seconds",
                        catalogue.environment().metrics().get(0).description(), "s", new MetricTarget("<=", 60), false));
    }

    @Test
    void duplicateCheckpointIdIsRejectedWithClearMessage() {
        String yaml = """
                goals: [{id: 1, title: Storage}]
                checkpoints:
                  - {id: "1.1", title: A, goal: 1, description: a, plannedIn: somewhere}
                  - {id: "1.1", title: B, goal: 1, description: b, plannedIn: elsewhere}
                """;
        assertThatThrownBy(() -> CheckpointCatalogue.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml"))
                .as("loading a catalogue with a duplicate id")
                .isInstanceOf(ReportInputException.class)
                .hasMessageContaining("test.yaml")
                .hasMessageContaining("checkpoint id 1.1 is used twice");
    }

    @Test
    void invalidComparisonIsRejectedWithClearMessage() {
        String yaml = """
                goals: [{id: 1, title: Storage}]
                checkpoints:
                  - id: "1.1"
                    title: A
                    goal: 1
                    description: a
                    plannedIn: somewhere
                    metrics:
                      - {id: m, description: d, unit: s, target: {comparison: "<", value: 1}}
                """;
        assertThatThrownBy(() -> CheckpointCatalogue.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml"))
                .as("loading a catalogue with comparison <")
                .isInstanceOf(ReportInputException.class)
                .hasMessageContaining("test.yaml")
                .hasMessageContaining("comparison must be");
    }

    private MetricDefinition metric(String checkpoint, String id) {
        return catalogue.checkpoint(checkpoint).orElseThrow().metrics().stream()
                .filter(m -> m.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("checkpoint " + checkpoint + " has no metric " + id));
    }
}
