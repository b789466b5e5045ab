package dev.poco.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundle figure: what index.html names is the first page; every other asset is lazy. */
class BundleBenchTest {

    @TempDir
    Path dist;

    @Test
    void theFirstPageIsWhatIndexHtmlNamesAndTheRestIsLazy() throws Exception {
        Files.createDirectories(dist.resolve("assets"));
        Files.writeString(dist.resolve("index.html"), """
                <script type="module" crossorigin src="/assets/index-1.js"></script>
                <link rel="modulepreload" crossorigin href="/assets/vendor-2.js">
                <link rel="stylesheet" crossorigin href="/assets/index-3.css">""", StandardCharsets.UTF_8);
        byte[] entry = "console.log('entry');".repeat(400).getBytes(StandardCharsets.UTF_8);
        byte[] vendor = "export const v = 1;".repeat(300).getBytes(StandardCharsets.UTF_8);
        byte[] css = "body{color:red}".repeat(200).getBytes(StandardCharsets.UTF_8);
        byte[] lazy = "export default function Page(){}".repeat(100).getBytes(StandardCharsets.UTF_8);
        Files.write(dist.resolve("assets/index-1.js"), entry);
        Files.write(dist.resolve("assets/vendor-2.js"), vendor);
        Files.write(dist.resolve("assets/index-3.css"), css);
        Files.write(dist.resolve("assets/Usage-4.js"), lazy);
        Files.write(dist.resolve("assets/logo.svg"), new byte[1000]);

        BundleBench.Sizes sizes = BundleBench.measure(dist);
        assertThat(sizes.firstFiles()).isEqualTo(3);
        assertThat(sizes.firstRaw()).isEqualTo(entry.length + vendor.length + css.length);
        assertThat(sizes.firstGzip()).isEqualTo(BundleBench.gzipSize(entry) + BundleBench.gzipSize(vendor)
                + BundleBench.gzipSize(css));
        assertThat(sizes.firstGzip()).isLessThan(sizes.firstRaw());
        assertThat(sizes.lazyFiles()).isEqualTo(1);
        assertThat(sizes.lazyRaw()).isEqualTo(lazy.length);
    }
}
