package dev.poco.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** poco's id sanitiser for replay keys (reference: backend API, sessions endpoint 17). */
class BlobKeysTest {

    @Test
    void safeSegmentReplacesRunsOfOtherCharactersAndTrimsTheEdges() {
        assertThat(BlobKeys.safeSegment("toolu_01ABC")).isEqualTo("toolu_01ABC");
        assertThat(BlobKeys.safeSegment("../x y")).isEqualTo("x_y");
        assertThat(BlobKeys.safeSegment("a//\\ b")).isEqualTo("a_b");
        assertThat(BlobKeys.safeSegment("-.keep.inner-_dots.-")).isEqualTo("keep.inner-_dots");
        assertThat(BlobKeys.safeSegment("toolu:ä")).isEqualTo("toolu");
    }

    @Test
    void nothingLeftIsUnknown() {
        assertThat(BlobKeys.safeSegment("")).isEqualTo("unknown");
        assertThat(BlobKeys.safeSegment("..")).isEqualTo("unknown");
        assertThat(BlobKeys.safeSegment("/// ")).isEqualTo("unknown");
    }

    @Test
    void aBrowserScreenshotKeyHasPocosLayout() {
        assertThat(BlobKeys.browserScreenshot("alice", "s-1", "../x y"))
                .isEqualTo("replays/alice/s-1/browser/x_y.png");
        assertThat(BlobKeys.browserScreenshot("a b", "s/1", "t")).startsWith("replays/u-").endsWith("/s_1/browser/t.png");
    }
}
