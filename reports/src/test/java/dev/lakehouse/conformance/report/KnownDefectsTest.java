package dev.lakehouse.conformance.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KnownDefectsTest {
    private static final KnownDefect.Range PACIFIC = new KnownDefect.Range("16.2.0", "17.0.0");

    private static KnownDefects load(String yaml) {
        return KnownDefects.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    @Test
    void theProjectsListHasTheRgwDefectsWithTheirEvidence() {
        KnownDefects defects = KnownDefects.loadDefault();

        assertThat(defects.defects()).as("known defects").extracting(KnownDefect::id)
                .contains(Fixtures.PERCENT_KEY_ABORT, Fixtures.SIZE_FILTER_IGNORED, "rgw-upload-part-copy-decodes-copy-source-twice",
                        "rgw-complete-unknown-multipart-upload-internal-error");
        assertThat(defects.defects()).as("every defect").allSatisfy(d -> {
            assertThat(d.component()).as("component of %s", d.id()).isEqualTo("ceph");
            assertThat(d.versions()).as("versions of %s", d.id()).isEqualTo(PACIFIC);
            assertThat(d.reference()).as("reference of %s", d.id()).startsWith("no upstream tracker issue found; reproduced by")
                    .doesNotContain("http");
            assertThat(d.seenOn()).as("seenOn of %s", d.id()).isEqualTo("ceph 16.2.15, 2026-12-02");
        });
        assertThat(defects.defect(Fixtures.PERCENT_KEY_ABORT).orElseThrow().reference()).as("evidence of the UploadPartCopy abort")
                .contains("S3CopyTest > uploadPartCopyOfAKeyWithAStrayPercent");
        assertThat(defects.defect(Fixtures.SIZE_FILTER_IGNORED).orElseThrow().reference()).as("evidence of the ignored size filter")
                .contains("test_lifecycle_expiration_size_gt", "test_lifecycle_expiration_size_lt",
                        "S3LifecycleTest > sizeFilteredRuleExpiresOnlyObjectsOfItsSize");
    }

    @Test
    void versionsCompareNumericallyDotByDot() {
        assertThat(PACIFIC.contains("16.2.15")).as("16.2.15 in [16.2.0, 17.0.0)").contains(true);
        assertThat(PACIFIC.contains("16.10.0")).as("16.10.0 (sorts before 16.2 as text)").contains(true);
        assertThat(PACIFIC.contains("16.2.0")).as("the lower end is inclusive").contains(true);
        assertThat(PACIFIC.contains("17.0.0")).as("the upper end is exclusive").contains(false);
        assertThat(PACIFIC.contains("17")).as("17 equals 17.0.0").contains(false);
        assertThat(PACIFIC.contains("15.2.17")).as("15.2.17").contains(false);
        assertThat(PACIFIC.contains("16.2.15-1.el8")).as("a packaging suffix is ignored").contains(true);
        assertThat(PACIFIC.contains("v16.2.15")).as("a leading v").contains(true);
        assertThat(PACIFIC.contains("pacific")).as("a name is not a version").isEqualTo(Optional.empty());
        assertThat(PACIFIC.contains(null)).as("no version").isEqualTo(Optional.empty());
        assertThat(new KnownDefect.Range(null, "17.0.0").contains("1.0")).as("open lower end").contains(true);
        assertThat(new KnownDefect.Range("16.2.0", null).contains("19.2.1")).as("open upper end").contains(true);
    }

    @Test
    void malformedYamlNamesTheFileAndTheProblem() {
        assertThatThrownBy(() -> load("version: 1\ndefects: [{id: a, component: ceph, versions: {from: 1, befor: 2}}]"))
                .as("loading a list with a misspelt field")
                .isInstanceOf(ReportInputException.class)
                .hasMessageStartingWith("known defects list test.yaml is malformed: ")
                .hasMessageContaining("befor");
    }

    @Test
    void incompleteOrInconsistentEntriesAreRejectedAllAtOnce() {
        String yaml = """
                version: 1
                defects:
                  - id: rgw-a
                    component: ceph
                    versions: {from: "17.0.0", before: "16.2.0"}
                    behaviour: b
                    impact: i
                    seenOn: ceph 16.2.15
                  - id: rgw-a
                    component: ceph
                    versions: {from: "sixteen"}
                    behaviour: b
                    impact: i
                    reference: r
                    seenOn: s
                """;
        assertThatThrownBy(() -> load(yaml))
                .as("loading a list with a missing reference, an empty range, a duplicate id and a non-version")
                .isInstanceOf(ReportInputException.class)
                .hasMessageStartingWith("known defects list test.yaml is invalid:")
                .hasMessageContaining("defect rgw-a has no reference")
                .hasMessageContaining("defect rgw-a: versions.from 17.0.0 is not before versions.before 16.2.0: the range is empty")
                .hasMessageContaining("defect id rgw-a is used twice")
                .hasMessageContaining("versions.from \"sixteen\" is not a version");
    }

    @Test
    void aPolicyMustSayWhereItCameFrom() {
        com.fasterxml.jackson.databind.node.ObjectNode environment = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        environment.putObject("knownDefectPolicy").putArray("accepted").add("*");

        assertThatThrownBy(() -> KnownDefectPolicy.from(environment, "/run/environment.json"))
                .as("reading a policy without a source")
                .isInstanceOf(ReportInputException.class)
                .hasMessage("/run/environment.json: \"knownDefectPolicy\".source must say where the policy came from (a non-empty string)");
    }
}
