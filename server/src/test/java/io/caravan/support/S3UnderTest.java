package io.caravan.support;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.TransientApiMetadata;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.options.ListContainerOptions;

/**
 * A real S3-compatible server for the tests: s3proxy with its in-memory blobstore, in this JVM on a free loopback
 * port, checking AWS signatures with {@link #ACCESS_KEY} and {@link #SECRET_KEY}.
 */
public final class S3UnderTest implements AutoCloseable {

    public static final String ACCESS_KEY = "caravan-test";
    public static final String SECRET_KEY = "s3cr3t-never-in-a-message";

    private final S3Proxy proxy;
    private final BlobStore blobs;
    private final URI endpoint;

    private S3UnderTest(S3Proxy proxy, BlobStore blobs) {
        this.proxy = proxy;
        this.blobs = blobs;
        this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    public static S3UnderTest start() throws Exception {
        // by its metadata, not its name: a lookup by name loads every provider s3proxy lists, the cloud ones too
        BlobStoreContext blobs = ContextBuilder.newBuilder(new TransientApiMetadata())
                .credentials("unused", "unused").build(BlobStoreContext.class);
        S3Proxy proxy = S3Proxy.builder().blobStore(blobs.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                // it refuses headers newer than itself, such as the CRC32 the SDK sends with a multi-object delete
                .ignoreUnknownHeaders(true).build();
        proxy.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
        return new S3UnderTest(proxy, blobs.getBlobStore());
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Creates a bucket, as an operator does before pointing Caravan at it. */
    public void createBucket(String name) {
        blobs.createContainerInLocation(null, name);
    }

    /** The keys of the bucket's objects, sorted. */
    public List<String> keys(String bucket) {
        List<String> keys = new ArrayList<>();
        for (StorageMetadata object : blobs.list(bucket, ListContainerOptions.Builder.recursive())) {
            if (object.getType() == StorageType.BLOB) {
                keys.add(object.getName());
            }
        }
        Collections.sort(keys);
        return keys;
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
