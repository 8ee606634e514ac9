package dev.lakehouse.conformance.suite.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.RequiresCapability;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.results.Figures;
import dev.lakehouse.conformance.suite.support.ScratchBucket;
import dev.lakehouse.conformance.suite.support.Stats;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.Target;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.Isolated;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Checkpoint 1.1: single-stream PUT and GET throughput of the store, measured with nothing else running. */
@LakehouseTest
@Tag(Checkpoints.S3_INTEGRATION)
@RequiresCapability(Capability.S3)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Isolated("a figure: measured with nothing else running")
class S3ThroughputBenchmarkTest {
    private static final int MIB = 1024 * 1024;
    private final Target target;
    private ScratchBucket scratch;
    private S3Client s3;
    private String bucket;

    S3ThroughputBenchmarkTest(Target target) {
        this.target = target;
    }

    @BeforeAll
    void createBucket() {
        scratch = ScratchBucket.create(target, "s3-throughput");
        s3 = scratch.client();
        bucket = scratch.name();
    }

    @AfterAll
    void deleteBucket() {
        if (scratch != null) {
            scratch.close();
        }
    }

    @Test
    @Verifies(Criteria.RGW_S3_API)
    void throughputIsMeasured() {
        byte[] data = S3IntegrationTest.randomBytes(32 * MIB, 11);
        String key = "throughput/object.bin";
        List<Double> put = new ArrayList<>();
        List<Double> get = new ArrayList<>();
        for (int run = 0; run < 5; run++) {
            long begin = System.nanoTime();
            s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(data));
            double putSeconds = (System.nanoTime() - begin) / 1e9;
            begin = System.nanoTime();
            byte[] read = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
            double getSeconds = (System.nanoTime() - begin) / 1e9;
            assertThat(read.length).as("bytes read back in run " + run).isEqualTo(data.length);
            if (run >= 2) { // runs 0 and 1 warm up the JVM and the connection pool
                put.add(data.length / 1e6 / putSeconds);
                get.add(data.length / 1e6 / getSeconds);
            }
        }
        String method = "32 MiB object, single stream, AWS SDK v2, 2 warm-up + 3 measured runs, p50 (min " ;
        Figures.record(Checkpoints.S3_INTEGRATION, "s3.put.throughput", Stats.percentile(put, 50), "MB/s",
                method + round(put.stream().mapToDouble(d -> d).min().orElse(0)) + ")", put);
        Figures.record(Checkpoints.S3_INTEGRATION, "s3.get.throughput", Stats.percentile(get, 50), "MB/s",
                method + round(get.stream().mapToDouble(d -> d).min().orElse(0)) + ")", get);
        assertThat(put).as("measured PUT runs").hasSize(3).allMatch(v -> v > 0);
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

}
