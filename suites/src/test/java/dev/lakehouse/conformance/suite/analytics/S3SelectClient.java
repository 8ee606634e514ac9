package dev.lakehouse.conformance.suite.analytics;

import dev.lakehouse.conformance.suite.support.S3Clients;
import dev.lakehouse.conformance.target.S3Endpoint;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.CompressionType;
import software.amazon.awssdk.services.s3.model.ExpressionType;
import software.amazon.awssdk.services.s3.model.FileHeaderInfo;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.SelectObjectContentResponseHandler;

/**
 * S3 Select ({@code SelectObjectContent}, CSV in and out) and plain GETs through one {@link S3AsyncClient}
 * (AWS SDK v2 offers S3 Select only on the async client), configured as {@code S3Clients} configures the
 * sync one: path-style, checksums WHEN_REQUIRED, the endpoint's CA trusted explicitly. Every response body
 * is counted as it arrives, so both paths report the bytes that came over the wire.
 *
 * <p>RGW 16 (Pacific) has an early S3 Select engine, handled here explicitly rather than trusted to the SDK:
 * each Records event payload is wrapped in XML ({@code <Payload><Records><Payload>rows</Payload></Records></Payload>}),
 * there are no Stats or End events, and an SQL error comes back as HTTP 200 with {@code failure -->...<---}
 * in the payload instead of an error response. The wrapper is removed when present (later Ceph releases
 * send the bare rows), and a failure payload becomes an {@link S3SelectFailure}, never an empty result.
 */
final class S3SelectClient implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final byte[] WRAPPER_OPEN = "<Payload>\n<Records>\n<Payload>\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WRAPPER_CLOSE = "</Payload></Records></Payload>".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern FAILURE = Pattern.compile("failure -->(.*?)<---", Pattern.DOTALL);

    private final S3AsyncClient client;
    private final AtomicLong responseBytes = new AtomicLong();

    S3SelectClient(S3Endpoint endpoint) {
        NettyNioAsyncHttpClient.Builder http = NettyNioAsyncHttpClient.builder();
        S3Clients.trustManagers(endpoint).ifPresent(http::tlsTrustManagersProvider);
        this.client = S3AsyncClient.builder()
                .endpointOverride(endpoint.endpoint())
                .region(Region.of(endpoint.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(endpoint.accessKey(), endpoint.secretKey())))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(c -> c.addExecutionInterceptor(new CountingInterceptor(responseBytes))
                        .putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX, S3Clients.USER_AGENT_MARKER))
                .httpClientBuilder(http)
                .build();
    }

    /** What one request returned: the rows as CSV text, the HTTP response body's size, the event types seen (S3 Select only). */
    record Response(String csv, long wireBytes, List<String> events) {
    }

    /** An S3 Select request the store answered with an error, also when it did so inside an HTTP 200 event stream. */
    static final class S3SelectFailure extends IllegalStateException {
        S3SelectFailure(String message) {
            super(message);
        }
    }

    /** Runs {@code expression} over a CSV object without a header line (columns {@code _1, _2, ...}), CSV out. */
    Response select(String bucket, String key, String expression) {
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        List<String> events = new ArrayList<>();
        SelectObjectContentResponseHandler handler = SelectObjectContentResponseHandler.builder()
                .subscriber(SelectObjectContentResponseHandler.Visitor.builder()
                        .onRecords(r -> {
                            events.add("Records");
                            records.writeBytes(unwrap(r.payload().asByteArray()));
                        })
                        .onStats(s -> events.add("Stats"))
                        .onProgress(p -> events.add("Progress"))
                        .onCont(c -> events.add("Cont"))
                        .onEnd(e -> events.add("End"))
                        .onDefault(e -> events.add("other:" + e.sdkEventType()))
                        .build())
                .build();
        long before = responseBytes.get();
        String what = "S3 Select on s3://" + bucket + "/" + key;
        try {
            await(what, client.selectObjectContent(r -> r.bucket(bucket).key(key)
                    .expression(expression).expressionType(ExpressionType.SQL)
                    .inputSerialization(i -> i.csv(c -> c.fileHeaderInfo(FileHeaderInfo.NONE)).compressionType(CompressionType.NONE))
                    .outputSerialization(o -> o.csv(c -> { })), handler));
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof S3Exception rejected) {
                // stores that answer an SQL error with an HTTP error status (later Ceph releases, AWS)
                throw new S3SelectFailure("the store rejected S3 Select expression [" + expression + "] on s3://" + bucket
                        + "/" + key + " with HTTP " + rejected.statusCode() + ": " + rejected.getMessage());
            }
            throw e;
        }
        String csv = records.toString(StandardCharsets.UTF_8);
        Matcher failure = FAILURE.matcher(csv);
        if (failure.find()) {
            throw new S3SelectFailure("the store rejected S3 Select expression [" + expression + "] on s3://" + bucket + "/" + key
                    + " inside an HTTP 200 response: failure -->" + failure.group(1) + "<---");
        }
        return new Response(csv, responseBytes.get() - before, List.copyOf(events));
    }

    /** A plain GET of the whole object through the same client. */
    Response get(String bucket, String key) {
        long before = responseBytes.get();
        byte[] body = await("GET s3://" + bucket + "/" + key,
                client.getObject(r -> r.bucket(bucket).key(key), AsyncResponseTransformer.toBytes())).asByteArray();
        return new Response(new String(body, StandardCharsets.UTF_8), responseBytes.get() - before, List.of());
    }

    /** Removes RGW 16's XML wrapper from one Records payload; a payload without it is returned as it is. */
    static byte[] unwrap(byte[] payload) {
        int open = indexOf(payload, WRAPPER_OPEN, 0);
        if (open < 0 || !isBlank(payload, 0, open)) {
            return payload;
        }
        int start = open + WRAPPER_OPEN.length;
        int close = lastIndexOf(payload, WRAPPER_CLOSE);
        if (close < start) {
            throw new S3SelectFailure("S3 Select Records payload opens RGW's XML wrapper but does not close it: "
                    + new String(payload, 0, Math.min(payload.length, 200), StandardCharsets.UTF_8));
        }
        byte[] rows = new byte[close - start];
        System.arraycopy(payload, start, rows, 0, rows.length);
        return rows;
    }

    private static boolean isBlank(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(bytes[i])) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] bytes, byte[] part, int from) {
        for (int i = from; i <= bytes.length - part.length; i++) {
            if (matchesAt(bytes, part, i)) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] bytes, byte[] part) {
        for (int i = bytes.length - part.length; i >= 0; i--) {
            if (matchesAt(bytes, part, i)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean matchesAt(byte[] bytes, byte[] part, int at) {
        for (int j = 0; j < part.length; j++) {
            if (bytes[at + j] != part[j]) {
                return false;
            }
        }
        return true;
    }

    private static <T> T await(String what, java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " was interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new IllegalStateException(what + " did not finish within " + TIMEOUT, e);
        }
    }

    @Override
    public void close() {
        client.close();
    }

    /** Counts the bytes of every HTTP response body as the SDK receives it. */
    private record CountingInterceptor(AtomicLong counter) implements ExecutionInterceptor {
        @Override
        public Optional<Publisher<ByteBuffer>> modifyAsyncHttpResponseContent(Context.ModifyHttpResponse context,
                                                                              ExecutionAttributes attributes) {
            return context.responsePublisher().map(this::counted);
        }

        private Publisher<ByteBuffer> counted(Publisher<ByteBuffer> body) {
            return subscriber -> body.subscribe(new Subscriber<ByteBuffer>() {
                @Override
                public void onSubscribe(Subscription subscription) {
                    subscriber.onSubscribe(subscription);
                }

                @Override
                public void onNext(ByteBuffer buffer) {
                    counter.addAndGet(buffer.remaining());
                    subscriber.onNext(buffer);
                }

                @Override
                public void onError(Throwable error) {
                    subscriber.onError(error);
                }

                @Override
                public void onComplete() {
                    subscriber.onComplete();
                }
            });
        }
    }
}
