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
    void everyCheckpointHasTitleDescriptionAndThePlansThreeChecklistItems() {
        assertThat(catalogue.checkpoints()).as("checkpoints with a title, description and criteria")
                .allSatisfy(c -> {
                    assertThat(c.title()).as("title of %s", c.id()).isNotBlank();
                    assertThat(c.description()).as("description of %s", c.id()).isNotBlank();
                    assertThat(c.criteria()).as("criteria of %s (the plan's checklist items)", c.id()).hasSize(3)
                            .allSatisfy(criterion -> assertThat(criterion.id()).as("criterion id").startsWith(c.id() + "."));
                });
    }

    @Test
    void theItemsTheCatalogueHadDriftedFromAreCriteria() {
        assertThat(catalogue.checkpoint("2.3").orElseThrow().title()).as("title of 2.3").isEqualTo("Resource optimization");
        assertThat(catalogue.criteria()).as("criteria").extracting(Criterion::id).contains(
                "2.2.sparkapplication-crds", "2.2.dynamic-executor-scaling", "2.2.iceberg-integration", "1.2.namespace-rbac",
                "3.1.coordinator-workers", "4.1.spark-kubernetes-operator", "4.1.spark-rbac", "5.1.compaction-schedule",
                "1.1.lifecycle-retention", "3.3.s3-select-speedup", "5.2.dr-runbook", "5.3.troubleshooting");
    }

    @Test
    void metricsNamingACriterionOfAnotherCheckpointAreRejected() {
        String yaml = """
                goals: [{id: 1, title: Storage}]
                checkpoints:
                  - id: "1.1"
                    title: A
                    goal: 1
                    description: a
                    criteria: [{id: 1.1.a, title: A}]
                    metrics: [{id: m, description: d, unit: s, criterion: 1.2.b}]
                """;
        assertThatThrownBy(() -> loadTestYaml(yaml))
                .as("loading a catalogue whose metric names a foreign criterion")
                .isInstanceOf(ReportInputException.class)
                .hasMessageContaining("metric m names criterion 1.2.b, which is not a criterion of 1.1");
    }

    @Test
    void criteriaMayNameTheRunbookSectionsOfTheirProcedures() {
        String yaml = """
                goals: [{id: 5, title: Operations}]
                checkpoints:
                  - id: "5.3"
                    title: Documentation
                    goal: 5
                    description: d
                    criteria: [{id: 5.3.a, title: A, runbooks: ["operations.md#Restart the metastore"]}]
                """;
        assertThat(loadTestYaml(yaml).criterion("5.3.a").orElseThrow().runbooks()).as("runbook sections of 5.3.a")
                .containsExactly("operations.md#Restart the metastore");
        assertThat(catalogue.criterion("5.3.troubleshooting").orElseThrow().runbooks()).as("runbook sections of 5.3.troubleshooting")
                .isNotEmpty();
    }

    @Test
    void aRunbookSectionThatIsNotFileAndHeadingIsRejected() {
        String yaml = """
                goals: [{id: 5, title: Operations}]
                checkpoints:
                  - id: "5.3"
                    title: Documentation
                    goal: 5
                    description: d
                    criteria: [{id: 5.3.a, title: A, runbooks: ["Restart the metastore"]}]
                """;
        assertThatThrownBy(() -> loadTestYaml(yaml)).isInstanceOf(ReportInputException.class)
                .hasMessageContaining("names the runbook section \"Restart the metastore\", which is not <file>.md#<heading>");
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
                        "s", new MetricTarget("<=", 60), true, "2.2.sparkapplication-crds"));
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
                  - {id: "1.1", title: A, goal: 1, description: a, criteria: [{id: 1.1.a, title: A}]}
                  - {id: "1.1", title: B, goal: 1, description: b, criteria: [{id: 1.1.b, title: B}]}
                """;
        assertThatThrownBy(() -> loadTestYaml(yaml))
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
                    criteria: [{id: 1.1.a, title: A}]
                    metrics:
                      - {id: m, description: d, unit: s, target: {comparison: "<", value: 1}}
                """;
        assertThatThrownBy(() -> loadTestYaml(yaml))
                .as("loading a catalogue with comparison <")
                .isInstanceOf(ReportInputException.class)
                .hasMessageContaining("test.yaml")
                .hasMessageContaining("comparison must be");
    }

    /** A catalogue from YAML text, named test.yaml in error messages. */
    private static CheckpointCatalogue loadTestYaml(String yaml) {
        return CheckpointCatalogue.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    private MetricDefinition metric(String checkpoint, String id) {
        return catalogue.checkpoint(checkpoint).orElseThrow().metrics().stream()
                .filter(m -> m.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("checkpoint " + checkpoint + " has no metric " + id));
    }
}
