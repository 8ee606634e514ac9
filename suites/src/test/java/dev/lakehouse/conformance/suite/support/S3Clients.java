package dev.lakehouse.conformance.suite.support;

import dev.lakehouse.conformance.backend.tls.RunCertificateAuthority;
import dev.lakehouse.conformance.target.S3Endpoint;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.TlsTrustManagersProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * AWS SDK for Java v2 clients for the target's S3 store. Settings we rely on: path-style addressing
 * (RGW) and checksums only WHEN_REQUIRED: SDK 2.30+ defaults to sending CRC32 checksums that older
 * RGW and MinIO reject (trinodb/trino#24954, apache/iceberg#12264). Over TLS, the endpoint's own CA
 * ({@link S3Endpoint#caCertificate()}) is trusted explicitly when it has one, host names checked as always.
 * Their user agent ends in {@link #USER_AGENT_MARKER}, so that RGW's ops log tells the suites' requests apart from
 * the platform's.
 */
public final class S3Clients {
    public static final String USER_AGENT_MARKER = "lakehouse-conformance";

    private S3Clients() {
    }

    public static S3Client create(S3Endpoint endpoint) {
        return builder(endpoint)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    /** A client as the SDK configures itself out of the box (checksums WHEN_SUPPORTED), to probe what the store accepts. */
    public static S3Client withSdkDefaultChecksums(S3Endpoint endpoint) {
        return builder(endpoint)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_SUPPORTED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_SUPPORTED)
                .build();
    }

    private static software.amazon.awssdk.services.s3.S3ClientBuilder builder(S3Endpoint endpoint) {
        ApacheHttpClient.Builder http = ApacheHttpClient.builder();
        trustManagers(endpoint).ifPresent(http::tlsTrustManagersProvider);
        return S3Client.builder()
                .endpointOverride(endpoint.endpoint())
                .region(Region.of(endpoint.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(endpoint.accessKey(), endpoint.secretKey())))
                .forcePathStyle(true)
                .overrideConfiguration(o -> o.putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX, USER_AGENT_MARKER))
                .httpClientBuilder(http);
    }

    /** Trust for an SDK HTTP client: exactly the endpoint's CA when it names one, else the JVM's default. */
    public static java.util.Optional<TlsTrustManagersProvider> trustManagers(S3Endpoint endpoint) {
        return endpoint.caCertificate().map(ca -> {
            var managers = RunCertificateAuthority.trustManagers(ca);
            return () -> managers;
        });
    }

    /** Deletes every object (and object version marker) in the bucket, then the bucket. */
    public static void deleteBucket(S3Client s3, String bucket) {
        if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
            return;
        }
        List<S3Object> objects;
        do {
            objects = s3.listObjectsV2(r -> r.bucket(bucket).maxKeys(1000)).contents();
            if (!objects.isEmpty()) {
                List<ObjectIdentifier> ids = objects.stream().map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList();
                s3.deleteObjects(r -> r.bucket(bucket).delete(Delete.builder().objects(ids).build()));
            }
        } while (!objects.isEmpty());
        s3.deleteBucket(r -> r.bucket(bucket));
    }

    public static List<S3Object> list(S3Client s3, String bucket, String prefix) {
        return s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream().toList();
    }
}
