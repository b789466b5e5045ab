package dev.poco.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BlobStore} does; each implementation's test supplies only the store. Keys are under a fresh
 * prefix per test, so tests never see each other's blobs.
 */
abstract class BlobStoreContractTest {

    protected BlobStore store;
    protected String prefix;

    protected abstract BlobStore store();

    @BeforeEach
    void setUp() {
        store = store();
        prefix = "contract/" + UUID.randomUUID() + "/";
    }

    protected static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    protected void put(String key, String text) {
        store.put(key, bytes(text), text.getBytes(StandardCharsets.UTF_8).length, "text/plain");
    }

    protected String read(String key) throws IOException {
        try (InputStream in = store.get(key).orElseThrow()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void whatIsPutIsReadBackAndStatted() throws IOException {
        put(prefix + "a/b.txt", "hello");
        assertThat(read(prefix + "a/b.txt")).isEqualTo("hello");
        BlobInfo info = store.stat(prefix + "a/b.txt").orElseThrow();
        assertThat(info.key()).isEqualTo(prefix + "a/b.txt");
        assertThat(info.size()).isEqualTo(5);
        assertThat(info.lastModified()).isNotNull();
    }

    @Test
    void aSecondPutReplacesTheBytes() throws IOException {
        put(prefix + "f", "first version");
        put(prefix + "f", "second");
        assertThat(read(prefix + "f")).isEqualTo("second");
        assertThat(store.stat(prefix + "f").orElseThrow().size()).isEqualTo(6);
    }

    @Test
    void missingKeysAreEmptyNotErrors() {
        assertThat(store.get(prefix + "nothing")).isEmpty();
        assertThat(store.stat(prefix + "nothing")).isEmpty();
        store.delete(prefix + "nothing");
        assertThat(store.list(prefix)).isEmpty();
    }

    @Test
    void deleteRemovesOnlyThatKey() {
        put(prefix + "keep", "k");
        put(prefix + "drop", "d");
        store.delete(prefix + "drop");
        assertThat(store.stat(prefix + "drop")).isEmpty();
        assertThat(store.stat(prefix + "keep")).isPresent();
    }

    @Test
    void listReturnsEveryKeyUnderThePrefixSorted() {
        put(prefix + "files/b.txt", "b");
        put(prefix + "files/a/deep.txt", "deep");
        put(prefix + "files-not/x.txt", "x");
        put(prefix + "manifest.json", "{}");
        assertThat(store.list(prefix + "files/")).extracting(BlobInfo::key)
                .containsExactly(prefix + "files/a/deep.txt", prefix + "files/b.txt");
        assertThat(store.list(prefix + "files/")).extracting(BlobInfo::size).containsExactly(4L, 1L);
        assertThat(store.list(prefix)).hasSize(4);
    }

    @Test
    void keysThatCouldLeaveTheStoreAreRefused() {
        for (String bad : new String[] {"../etc/passwd", prefix + "../../x", "/abs", prefix + "a//b", prefix + ".",
                "", prefix + "back\\slash", prefix + "nul\0"}) {
            assertThatThrownBy(() -> put(bad, "x")).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.get(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aPresignedUrlIfAnyServesTheBytesWithTheOverrides() throws Exception {
        put(prefix + "report.html", "<b>hi</b>");
        Optional<URI> url = store.presignGet(prefix + "report.html", "text/plain",
                "attachment; filename=\"report.txt\"");
        presignedUrlServes(url, "<b>hi</b>", "text/plain", "attachment; filename=\"report.txt\"");
    }

    /** Local stores cannot presign (empty); S3 must, and the URL must work over plain HTTP. */
    protected abstract void presignedUrlServes(Optional<URI> url, String body, String type, String disposition)
            throws Exception;
}
