package dev.lakehouse.conformance.suite.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.conformance.process.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetastoreSiteFileUnitTest {
    @TempDir
    Path dir;

    @Test
    void locksLiveForTheTimeoutPlusOneHousekeeperInterval() throws IOException {
        MetastoreSiteFile site = site(property("metastore.housekeeping.threads.on", "true"), property("metastore.txn.timeout", "60s"),
                property("metastore.acid.housekeeper.interval", "15"));
        assertThat(site.abandonedLockLifetime()).as("abandoned lock lifetime").contains(Duration.ofSeconds(75));
    }

    @Test
    void theMetastoreDefaultsApplyToWhatTheFileLeavesOut() throws IOException {
        assertThat(site(property("metastore.housekeeping.threads.on", "true")).abandonedLockLifetime())
                .as("lifetime with the default timeout and interval").contains(Duration.ofSeconds(360));
    }

    @Test
    void settingsUnderTheirHiveNamesCount() throws IOException {
        assertThat(site(property("hive.metastore.housekeeping.threads.on", "true"), property("hive.txn.timeout", "2m")).abandonedLockLifetime())
                .as("lifetime with hive.txn.timeout=2m").contains(Duration.ofSeconds(180));
    }

    @Test
    void withoutTheAcidHousekeeperNoLockEverExpires() throws IOException {
        assertThat(site(property("metastore.txn.timeout", "60s")).abandonedLockLifetime()).as("housekeeping off by default").isEmpty();
        assertThat(site(property("metastore.housekeeping.threads.on", "true"),
                property("metastore.task.threads.remote", "org.apache.hadoop.hive.metastore.PartitionManagementTask")).abandonedLockLifetime())
                .as("housekeeping on, but without the ACID housekeeper").isEmpty();
    }

    @Test
    void aTimeThatIsNoTimeNamesTheSetting() throws IOException {
        MetastoreSiteFile site = site(property("metastore.housekeeping.threads.on", "true"), property("metastore.txn.timeout", "soon"));
        assertThatThrownBy(site::abandonedLockLifetime).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("metastore.txn.timeout").hasMessageContaining("soon");
    }

    @Test
    void thePlatformsMetastoreTimesAbandonedLocksOut() {
        // the platform as code: a metastore killed mid-commit must not block a table's writers for good
        assertThat(MetastoreSiteFile.read(Path.of("..", "k8s-fixtures", "metastore", "metastore-site.xml")).abandonedLockLifetime())
                .as("abandoned lock lifetime of k8s-fixtures/metastore/metastore-site.xml").isPresent();
    }

    private MetastoreSiteFile site(String... properties) throws IOException {
        Path file = dir.resolve("metastore-site.xml");
        Files.writeString(file, "<?xml version=\"1.0\"?>\n<configuration>\n" + String.join("\n", properties) + "\n</configuration>\n");
        return MetastoreSiteFile.read(file);
    }

    private static String property(String name, String value) {
        return "  <property><name>" + name + "</name><value>" + value + "</value></property>";
    }
}
