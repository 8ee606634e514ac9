package dev.lakehouse.conformance.suite.support;

import dev.lakehouse.conformance.target.Target;
import software.amazon.awssdk.services.s3.S3Client;

/** A bucket a suite creates for its own objects (named with the run id) and removes, contents and all, on close. */
public final class ScratchBucket implements AutoCloseable {
    private final S3Client s3;
    private final String name;

    private ScratchBucket(S3Client s3, String name) {
        this.s3 = s3;
        this.name = name;
    }

    public static ScratchBucket create(Target target, String purpose) {
        S3Client s3 = S3Clients.create(target.s3());
        String name = Names.bucket(target, purpose);
        s3.createBucket(r -> r.bucket(name));
        return new ScratchBucket(s3, name);
    }

    public String name() {
        return name;
    }

    /** The client that made the bucket (checksums WHEN_REQUIRED, path-style); closed with the bucket. */
    public S3Client client() {
        return s3;
    }

    @Override
    public void close() {
        try {
            S3Clients.deleteBucket(s3, name);
        } finally {
            s3.close();
        }
    }
}
