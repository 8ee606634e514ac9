package dev.lakehouse.conformance.suite.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.conformance.junit.LakehouseTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.Isolated;

/** GateOrder names every suite, and only suites: a renamed class would otherwise drop silently to the end. */
class GateOrderUnitTest {
    private static final Path SUITE_SOURCES = Path.of("src/test/java/dev/lakehouse/conformance/suite");

    @Test
    void everySuiteIsListedOnceAndEveryListedNameIsASuite() throws IOException {
        assertThat(GateOrder.ORDER).as("GateOrder.ORDER").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(suites());
    }

    @Test
    void isolatedSuitesComeAfterEverySuiteThatRunsInTheLaneOrBesideIt() throws IOException {
        int firstIsolated = GateOrder.ORDER.size();
        int lastShared = -1;
        for (String name : suites()) {
            Class<?> type = load(name);
            int position = GateOrder.ORDER.indexOf(name);
            if (type.isAnnotationPresent(Isolated.class)) {
                firstIsolated = Math.min(firstIsolated, position);
            } else {
                lastShared = Math.max(lastShared, position);
            }
        }
        // an isolated suite in the middle would stall the lane until the concurrent ones finish
        assertThat(firstIsolated).as("position of the first @Isolated suite").isGreaterThan(lastShared);
        assertThat(suites()).as("suites that run beside the lane")
                .filteredOn(name -> {
                    Execution execution = load(name).getAnnotation(Execution.class);
                    return execution != null && execution.value() == ExecutionMode.CONCURRENT;
                })
                .isNotEmpty();
    }

    private static List<String> suites() throws IOException {
        try (Stream<Path> files = Files.walk(SUITE_SOURCES)) {
            return files.filter(file -> file.toString().endsWith("Test.java"))
                    .map(file -> SUITE_SOURCES.relativize(file).toString().replace(".java", "").replace('/', '.'))
                    .filter(name -> load(name).isAnnotationPresent(LakehouseTest.class))
                    .sorted().toList();
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName("dev.lakehouse.conformance.suite." + name, false, GateOrderUnitTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("suite source without a compiled class: " + name, e);
        }
    }
}
