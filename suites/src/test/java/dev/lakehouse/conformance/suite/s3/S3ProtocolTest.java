package dev.lakehouse.conformance.suite.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.conformance.junit.KnownDefect;
import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.RequiresCapability;
import dev.lakehouse.conformance.junit.S3Operations;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.results.Figures;
import dev.lakehouse.conformance.suite.support.S3Clients;
import dev.lakehouse.conformance.suite.support.ScratchBucket;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.S3Endpoint;
import dev.lakehouse.conformance.target.Target;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Checkpoint 1.1: the parts of the S3 protocol whose answers clients act on. Conditional writes are recorded as a
 * capability (some table formats and catalogs rely on them for commit atomicity; Iceberg with a Hive metastore does
 * not); an upload of unknown length is either stored exactly or refused with nothing stored; an unknown multipart
 * upload answers {@code NoSuchUpload}, the error clients treat as "already completed or aborted" (a 500 is retried
 * as a server fault instead).
 */
@LakehouseTest
@Tag(Checkpoints.S3_INTEGRATION)
@RequiresCapability(Capability.S3)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3ProtocolTest {
    private static final String UNKNOWN_UPLOAD_ID = "2~lakehouseconformancenosuchupload";
    private final Target target;
    private ScratchBucket scratch;
    private S3Client s3;
    private String bucket;

    S3ProtocolTest(Target target) {
        this.target = target;
    }

    @BeforeAll
    void createBucket() {
        scratch = ScratchBucket.create(target, "proto");
        s3 = scratch.client();
        bucket = scratch.name();
    }

    @AfterAll
    void deleteBucket() {
        scratch.close();
    }

    /**
     * PUT with {@code If-None-Match: *} on an existing key and with {@code If-Match} of a stale ETag: a store that
     * honours them answers 412 and keeps the object; one that ignores them overwrites it. Either way the object must
     * be what the store said it did, never a mix.
     */
    @Test
    @Verifies(Criteria.RGW_S3_API)
    @S3Operations({"PutObject"})
    void conditionalWritesAreHonouredOrIgnoredConsistentlyAndRecorded() {
        String key = "conditional/table-pointer.json";
        String firstEtag = s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString("v1")).eTag();
        List<String> honoured = new ArrayList<>();
        List<String> ignored = new ArrayList<>();

        boolean ifNoneMatch = conditionalPut(key, "v2", r -> r.ifNoneMatch("*"));
        assertThat(read(key)).as("object after a PUT with If-None-Match: * on an existing key " + (ifNoneMatch ? "(412)" : "(2xx)"))
                .isEqualTo(ifNoneMatch ? "v1" : "v2");
        (ifNoneMatch ? honoured : ignored).add("If-None-Match: * on an existing key");

        String current = s3.headObject(r -> r.bucket(bucket).key(key)).eTag();
        String stale = current.equals(firstEtag) ? "\"00000000000000000000000000000000\"" : firstEtag;
        boolean ifMatch = conditionalPut(key, "v3", r -> r.ifMatch(stale));
        assertThat(read(key)).as("object after a PUT with If-Match of a stale ETag " + (ifMatch ? "(412)" : "(2xx)"))
                .isEqualTo(ifMatch ? (ifNoneMatch ? "v1" : "v2") : "v3");
        (ifMatch ? honoured : ignored).add("If-Match of a stale ETag");

        Figures.record(Checkpoints.S3_INTEGRATION, "s3.conditional-writes.supported", ignored.isEmpty() ? 1 : 0, "boolean",
                "PUT preconditions honoured: " + (honoured.isEmpty() ? "none" : String.join(", ", honoured))
                        + "; ignored (the object was overwritten): " + (ignored.isEmpty() ? "none" : String.join(", ", ignored)));
    }

    /**
     * A PUT whose body is streamed with {@code Transfer-Encoding: chunked} (no Content-Length: the writer does not
     * know the size yet), signed by a presigned URL. AWS S3 itself refuses it; engines upload data of unknown size as
     * multipart instead. What must hold: stored exactly as sent, or refused with nothing stored.
     */
    @Test
    @Verifies(Criteria.RGW_S3_API)
    @S3Operations({"PutObject"})
    void uploadOfUnknownLengthIsStoredExactlyOrRefusedWithNothingStored() throws IOException, InterruptedException {
        String key = "streamed/unknown-length.bin";
        byte[] data = S3IntegrationTest.randomBytes(300 * 1024, 11);
        HttpRequest put = HttpRequest.newBuilder(presignedPut(key)).timeout(Duration.ofSeconds(30))
                .header("User-Agent", "java-http-client " + S3Clients.USER_AGENT_MARKER)
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(data))).build();
        HttpResponse<String> response = http().send(put, HttpResponse.BodyHandlers.ofString());

        boolean accepted = response.statusCode() / 100 == 2;
        if (accepted) {
            assertThat(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray())
                    .as("object stored from a chunked PUT").isEqualTo(data);
        } else {
            assertThat(response.statusCode()).as("status of a refused chunked PUT").isBetween(400, 599);
            assertThatThrownBy(() -> s3.headObject(r -> r.bucket(bucket).key(key)))
                    .as("HEAD after a refused chunked PUT: nothing stored").isInstanceOf(NoSuchKeyException.class);
        }
        Figures.record(Checkpoints.S3_INTEGRATION, "s3.put.chunked-transfer-encoding.accepted", accepted ? 1 : 0, "boolean",
                "PUT with Transfer-Encoding: chunked and no Content-Length (presigned): HTTP " + response.statusCode()
                        + (accepted ? ", stored byte for byte" : ", nothing stored; writers of unknown size must use multipart uploads"));
    }

    @Test
    @Verifies(Criteria.RGW_S3_API)
    @S3Operations({"CompleteMultipartUpload"})
    @KnownDefect("rgw-complete-unknown-multipart-upload-internal-error")
    void completingAnUnknownMultipartUploadAnswersNoSuchUpload() {
        CompletedPart part = CompletedPart.builder().partNumber(1).eTag("\"d41d8cd98f00b204e9800998ecf8427e\"").build();
        assertThatThrownBy(() -> s3.completeMultipartUpload(r -> r.bucket(bucket).key("unknown/upload.bin")
                .uploadId(UNKNOWN_UPLOAD_ID).multipartUpload(m -> m.parts(part))))
                .as("completing an upload id the store never issued").isInstanceOf(NoSuchUploadException.class);
        assertThatThrownBy(() -> s3.headObject(r -> r.bucket(bucket).key("unknown/upload.bin")))
                .as("HEAD of the unknown upload's key").isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    @Verifies(Criteria.RGW_S3_API)
    @S3Operations({"AbortMultipartUpload"})
    void abortingAnUnknownMultipartUploadAnswersNoSuchUpload() {
        assertThatThrownBy(() -> s3.abortMultipartUpload(r -> r.bucket(bucket).key("unknown/upload.bin").uploadId(UNKNOWN_UPLOAD_ID)))
                .as("aborting an upload id the store never issued").isInstanceOf(NoSuchUploadException.class);
    }

    /** Whether the store refused the conditional PUT with 412 Precondition Failed (true) or wrote it (false). */
    private boolean conditionalPut(String key, String body,
                                   java.util.function.Consumer<software.amazon.awssdk.services.s3.model.PutObjectRequest.Builder> condition) {
        try {
            s3.putObject(r -> condition.accept(r.bucket(bucket).key(key)), RequestBody.fromString(body));
            return false;
        } catch (S3Exception refused) {
            assertThat(refused.statusCode()).as("status of a refused conditional PUT").isEqualTo(412);
            return true;
        }
    }

    private String read(String key) {
        return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String();
    }

    private java.net.URI presignedPut(String key) {
        S3Endpoint endpoint = target.s3();
        try (S3Presigner presigner = S3Presigner.builder().endpointOverride(endpoint.endpoint()).region(Region.of(endpoint.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(endpoint.accessKey(), endpoint.secretKey())))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build()) {
            return presigner.presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .putObjectRequest(r -> r.bucket(bucket).key(key))).url().toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("the presigner made an invalid URL", e);
        }
    }

    /** HTTP/1.1 (chunked encoding is an HTTP/1.1 thing), trusting what the suites' S3 clients trust. */
    private HttpClient http() {
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5));
        S3Clients.trustManagers(target.s3()).ifPresent(trust -> {
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, trust.trustManagers(), null);
                builder.sslContext(context);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot trust the S3 endpoint's CA " + target.s3().caCertificate(), e);
            }
        });
        return builder.build();
    }
}
