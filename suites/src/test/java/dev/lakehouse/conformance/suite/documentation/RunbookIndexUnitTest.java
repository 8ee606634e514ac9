package dev.lakehouse.conformance.suite.documentation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.report.CheckpointCatalogue;
import dev.lakehouse.conformance.report.Criterion;
import dev.lakehouse.conformance.runbook.Runbook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Offline: the catalogue's 5.3 criteria, the runbooks, their index and the tests that execute them agree. Every
 * section a criterion names exists and holds named steps (in it or its sub-sections); every named step of the
 * runbooks this package executes is named by one of its tests; the index lists every runbook and its sections.
 */
class RunbookIndexUnitTest {
    private static final Path RUNBOOKS = Path.of("../docs/runbooks");
    private static final Path TESTS = Path.of("src/test/java/dev/lakehouse/conformance/suite/documentation");
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.+?)\\s*$");
    /** The runbooks of this checkpoint; disaster-recovery.md is 5.2's, executed by its own drill. */
    private static final List<String> EXECUTED_HERE = List.of("operations.md", "scaling-and-maintenance.md", "troubleshooting.md");

    private final CheckpointCatalogue catalogue = CheckpointCatalogue.loadDefault();

    @Test
    void everyProcedureOfTheDocumentationCriteriaHasARunbookSectionWithNamedSteps() throws IOException {
        List<Criterion> criteria = catalogue.checkpoint(Checkpoints.DOCUMENTATION).orElseThrow().criteria();
        assertThat(criteria).as("criteria of 5.3").isNotEmpty();
        for (Criterion criterion : criteria) {
            assertThat(criterion.runbooks()).as("runbook sections %s names", criterion.id()).isNotEmpty();
            for (String reference : criterion.runbooks()) {
                String[] fileAndHeading = reference.split("#", 2);
                Path file = RUNBOOKS.resolve(fileAndHeading[0]);
                assertThat(file).as("the runbook of %s (%s)", reference, criterion.id()).isRegularFile();
                assertThat(stepsUnder(file, fileAndHeading[1])).as("named steps under '%s' (%s)", reference, criterion.id()).isNotEmpty();
            }
        }
    }

    @Test
    void everyNamedStepOfTheseRunbooksIsExecutedByATest() throws IOException {
        String tests;
        try (Stream<Path> files = Files.list(TESTS)) {
            tests = String.join("\n", files.filter(f -> f.toString().endsWith("Test.java")).map(RunbookIndexUnitTest::read).toList());
        }
        for (String name : EXECUTED_HERE) {
            for (Runbook.Step step : Runbook.load(RUNBOOKS.resolve(name)).steps()) {
                assertThat(tests).as("a test of %s naming the step '%s' of %s (line %d)", TESTS, step.name(), name, step.line())
                        .contains("\"" + step.name() + "\"");
            }
        }
    }

    @Test
    void theIndexListsEveryRunbookAndItsSections() throws IOException {
        String index = Files.readString(RUNBOOKS.resolve("README.md"));
        for (String name : EXECUTED_HERE) {
            assertThat(index).as("the index's link to %s", name).contains("[" + name + "](" + name + ")");
            for (String[] heading : headings(RUNBOOKS.resolve(name))) {
                if (heading[0].length() >= 2) {
                    assertThat(index).as("section '%s' of %s in the index", heading[1], name).contains(heading[1]);
                }
            }
        }
    }

    /** The steps of the section with this heading and of its sub-sections. */
    private static List<Runbook.Step> stepsUnder(Path file, String heading) throws IOException {
        List<String[]> headings = headings(file);
        int at = -1;
        for (int i = 0; i < headings.size(); i++) {
            if (headings.get(i)[1].equals(heading)) {
                at = i;
            }
        }
        assertThat(at).as("a section '%s' in %s (its headings: %s)", heading, file,
                headings.stream().map(h -> h[1]).toList()).isNotNegative();
        List<String> covered = new ArrayList<>(List.of(heading));
        for (int i = at + 1; i < headings.size() && headings.get(i)[0].length() > headings.get(at)[0].length(); i++) {
            covered.add(headings.get(i)[1]);
        }
        return Runbook.load(file).steps().stream().filter(s -> covered.contains(s.section())).toList();
    }

    /** Each heading outside fenced blocks as {level marks, text}. */
    private static List<String[]> headings(Path file) throws IOException {
        List<String[]> headings = new ArrayList<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            Matcher m = HEADING.matcher(line);
            if (!fenced && m.matches()) {
                headings.add(new String[] {m.group(1), m.group(2)});
            }
        }
        return headings;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
