package dev.lakehouse.conformance.suite.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.conformance.backend.LogLabels;
import dev.lakehouse.conformance.junit.KnownDefect;
import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.S3Operations;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.report.Checkpoint;
import dev.lakehouse.conformance.report.CheckpointCatalogue;
import dev.lakehouse.conformance.report.Criterion;
import dev.lakehouse.conformance.report.KnownDefects;
import dev.lakehouse.conformance.report.MetricDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The checkpoint catalogue against the code, without a lakehouse (surefire, seconds after a change): the tags and
 * criteria the suites name exist, every criterion is verified by some test or has a stated plan, the constants match
 * the catalogue, the metric ids the code records are defined, and every component named has logs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogueConsistencyUnitTest {
    private static final Path SUITE_SOURCES = Path.of("src/test/java/dev/lakehouse/conformance/suite");
    private static final Path FIXTURE_SOURCES = Path.of("../fixtures/src/main/java/dev/lakehouse/conformance");
    private static final Pattern CHECKPOINT_TAG = Pattern.compile("\\d+\\.\\d+");
    /** {@code Figures.record(<checkpoint>, "<id>" [+ ... + "<rest>"],} with the id's literal parts. */
    private static final Pattern RECORD = Pattern.compile("Figures\\.record\\(\\s*([\\w.\"]+)\\s*,\\s*(\"[^\"]*\"(?:\\s*\\+\\s*[^,\"]+\\s*\\+\\s*\"[^\"]*\")*)\\s*,");

    private final CheckpointCatalogue catalogue = CheckpointCatalogue.loadDefault();
    /** Every test method of every suite, with the checkpoints it is tagged with and the criteria it declares. */
    private final Map<String, SuiteTest> tests = new LinkedHashMap<>();

    private record SuiteTest(String name, Set<String> tags, Set<String> criteria, Set<String> knownDefects, Set<String> s3Operations) {
    }

    @BeforeAll
    void findTheSuitesTests() throws IOException {
        try (Stream<Path> files = Files.walk(SUITE_SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith("Test.java")).toList()) {
                String className = "dev.lakehouse.conformance.suite." + SUITE_SOURCES.relativize(file).toString()
                        .replace(".java", "").replace('/', '.');
                Class<?> type = load(className);
                if (!type.isAnnotationPresent(LakehouseTest.class)) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    if (method.isAnnotationPresent(Test.class) || method.isAnnotationPresent(ParameterizedTest.class)
                            || method.isAnnotationPresent(TestFactory.class)) {
                        Set<String> tags = new TreeSet<>(tagsOf(type));
                        tags.addAll(tagsOf(method));
                        Set<String> criteria = new TreeSet<>(verified(type));
                        criteria.addAll(verified(method));
                        Set<String> defects = new TreeSet<>(method.isAnnotationPresent(KnownDefect.class)
                                ? List.of(method.getAnnotation(KnownDefect.class).value()) : List.of());
                        Set<String> operations = new TreeSet<>();
                        for (S3Operations declared : Stream.of(type.getAnnotation(S3Operations.class), method.getAnnotation(S3Operations.class))
                                .filter(java.util.Objects::nonNull).toList()) {
                            operations.addAll(List.of(declared.value()));
                        }
                        String name = type.getSimpleName() + "." + method.getName();
                        tests.put(name, new SuiteTest(name, tags, criteria, defects, operations));
                    }
                }
            }
        }
        assertThat(tests).as("suite tests found under " + SUITE_SOURCES.toAbsolutePath()).hasSizeGreaterThan(50);
    }

    @Test
    void everyTestDeclaresTheCriteriaItVerifies() {
        assertThat(tests.values()).as("tests without @Verifies").filteredOn(t -> t.criteria().isEmpty()).extracting(SuiteTest::name).isEmpty();
    }

    /** The list of known platform defects stays true: each entry is what a test hits, and each id a test names is listed. */
    @Test
    void everyKnownDefectIsNamedByATestAndEveryNamedDefectIsListed() {
        Set<String> listed = new TreeSet<>(KnownDefects.loadDefault().defects().stream().map(dev.lakehouse.conformance.report.KnownDefect::id).toList());
        Set<String> named = new TreeSet<>();
        tests.values().forEach(t -> named.addAll(t.knownDefects()));
        assertThat(named).as("known defects the tests name, all in known-defects.yaml").isSubsetOf(listed);
        assertThat(listed).as("known-defects.yaml entries, each named by a test that hits it").isSubsetOf(named);
    }

    /** The report matches these with the operations RGW's ops log names (the S3 API's own names, e.g. UploadPartCopy). */
    @Test
    void everyS3OperationATestNamesIsAnS3ApiNameOfACheckpoint11Test() {
        assertThat(tests.values()).as("tests naming S3 operations").filteredOn(t -> !t.s3Operations().isEmpty()).allSatisfy(t -> {
            assertThat(t.tags()).as("checkpoints of %s (only 1.1 tests cover S3 operations)", t.name()).contains(Checkpoints.S3_INTEGRATION);
            assertThat(t.s3Operations()).as("S3 operations of %s", t.name()).allMatch(op -> op.matches("[A-Z][A-Za-z0-9]+"));
        });
    }

    @Test
    void everyCriterionATestNamesIsInTheCatalogue() {
        assertThat(tests.values()).as("tests and the criteria they name").allSatisfy(t -> assertThat(t.criteria())
                .as("criteria of %s", t.name()).allSatisfy(c -> assertThat(catalogue.criterion(c)).as("criterion %s in checkpoints.yaml", c).isPresent()));
    }

    @Test
    void everyCheckpointTagIsInTheCatalogueAndCoversTheTestsCriteria() {
        assertThat(tests.values()).as("tests and their checkpoint tags").allSatisfy(t -> {
            assertThat(t.tags()).as("checkpoint tags of %s", t.name())
                    .allSatisfy(tag -> assertThat(catalogue.checkpoint(tag)).as("checkpoint %s in checkpoints.yaml", tag).isPresent());
            // -Dgroups=<checkpoint> must run every test that verifies one of its criteria
            assertThat(t.tags()).as("checkpoint tags of %s (each criterion's checkpoint, for -Dgroups)", t.name())
                    .containsAll(t.criteria().stream().map(Criterion::checkpointOf).toList());
        });
    }

    @Test
    void everyCriterionIsVerifiedBySomeTestOrHasAStatedPlan() {
        Set<String> verified = new LinkedHashSet<>();
        tests.values().forEach(t -> verified.addAll(t.criteria()));
        assertThat(catalogue.criteria()).as("criteria no test verifies and with no plannedIn")
                .filteredOn(c -> !verified.contains(c.id()) && (c.plannedIn() == null || c.plannedIn().isBlank()))
                .extracting(Criterion::id).isEmpty();
    }

    @Test
    void theConstantsAreTheCataloguesIds() {
        List<String> checkpointIds = catalogue.checkpoints().stream().map(Checkpoint::id).toList();
        List<String> criterionIds = catalogue.criteria().stream().map(Criterion::id).toList();
        List<String> checkpointConstants = constants(Checkpoints.class).stream().filter(id -> !id.equals(Checkpoints.ENVIRONMENT)).toList();

        assertThat(checkpointConstants).as("Checkpoints constants").containsExactlyInAnyOrderElementsOf(checkpointIds);
        assertThat(constants(Criteria.class)).as("Criteria constants").containsExactlyInAnyOrderElementsOf(criterionIds);
        assertThat(Checkpoints.ENVIRONMENT).as("the environment's pseudo checkpoint").isEqualTo(CheckpointCatalogue.ENVIRONMENT);
    }

    @Test
    void everyMetricIdTheCodeRecordsIsDefinedUnderItsCheckpoint() throws IOException {
        List<String> recorded = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path root : List.of(SUITE_SOURCES, FIXTURE_SOURCES)) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher call = RECORD.matcher(Files.readString(file));
                    while (call.find()) {
                        String checkpoint = checkpointOf(call.group(1), file);
                        // "tpch." + query.id() + ".seconds" -> tpch.*.seconds, as the catalogue defines families
                        String id = call.group(2).replaceAll("\"\\s*\\+\\s*[^\"]+\\s*\\+\\s*\"", "*").replace("\"", "");
                        recorded.add(id);
                        if (checkpoint == null) {
                            continue; // a variable: checked where it is assigned, when it is a literal
                        }
                        if (!isDefined(checkpoint, id)) {
                            problems.add(file.getFileName() + ": " + id + " under " + checkpoint);
                        }
                    }
                }
            }
        }
        assertThat(recorded).as("metric ids recorded in the sources").hasSizeGreaterThan(20);
        assertThat(problems).as("metric ids recorded but not defined under that checkpoint in checkpoints.yaml").isEmpty();
    }

    @Test
    void everyComponentTheCatalogueNamesHasLogs() {
        assertThat(catalogue.checkpoints()).as("checkpoints and their components").allSatisfy(c -> assertThat(c.components())
                .as("components of %s", c.id())
                .allSatisfy(component -> assertThat(LogLabels.COMPONENTS.contains(component) || LogLabels.PLANNED.contains(component))
                        .as("component %s is one the backends keep logs of (LogLabels)", component).isTrue()));
    }

    // ------------------------------------------------------------------ helpers

    private boolean isDefined(String checkpoint, String id) {
        List<MetricDefinition> metrics = CheckpointCatalogue.ENVIRONMENT.equals(checkpoint) ? catalogue.environment().metrics()
                : catalogue.checkpoint(checkpoint).map(Checkpoint::metrics).orElse(List.of());
        return metrics.stream().anyMatch(m -> m.id().equals(id) || m.covers(id));
    }

    /** A checkpoint argument as written: a literal, a {@code Checkpoints.X} constant, or a variable (null). */
    private static String checkpointOf(String argument, Path file) {
        if (argument.startsWith("\"")) {
            return argument.replace("\"", "");
        }
        if (argument.startsWith("Checkpoints.")) {
            try {
                return (String) Checkpoints.class.getField(argument.substring("Checkpoints.".length())).get(null);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(file + " names " + argument + ", which Checkpoints does not define", e);
            }
        }
        return null;
    }

    private static Set<String> tagsOf(java.lang.reflect.AnnotatedElement element) {
        Set<String> tags = new TreeSet<>();
        Arrays.stream(element.getAnnotationsByType(Tag.class)).map(Tag::value).filter(t -> CHECKPOINT_TAG.matcher(t).matches()).forEach(tags::add);
        return tags;
    }

    private static Set<String> verified(java.lang.reflect.AnnotatedElement element) {
        Verifies verifies = element.getAnnotation(Verifies.class);
        return verifies == null ? Set.of() : Set.of(verifies.value());
    }

    private static List<String> constants(Class<?> holder) {
        List<String> values = new ArrayList<>();
        for (Field field : holder.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    values.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return values;
    }

    private static Class<?> load(String className) {
        try {
            return Class.forName(className, false, CatalogueConsistencyUnitTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new UncheckedIOException(new IOException("suite source without a compiled class: " + className, e));
        }
    }
}
