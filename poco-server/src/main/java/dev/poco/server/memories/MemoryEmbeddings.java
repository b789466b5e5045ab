package dev.poco.server.memories;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sentence embeddings computed in process: all-MiniLM-L6-v2 (384 dimensions), int8-quantised, on ONNX Runtime, from
 * langchain4j's packaged model. The model is loaded on the first memory written or searched, not at start, so a
 * server that never uses memory never pays for it. Measured on the build machine ({@code MemoryEmbeddingsTest}
 * prints it): the first embedding, load included, takes about 1.1 s, later ones about 2 ms; the loaded model adds
 * about 145 MB of resident memory, all outside the Java heap. The full-precision model ranks the same and costs
 * about 490 MB and 4 s, which is why the quantised one is used. A model that fails to load is not tried again: search then ranks by full text only, and
 * memories are stored without a vector. Vectors are unit length, so cosine similarity is their dot product.
 */
@Component
class MemoryEmbeddings {

    private static final Logger log = LoggerFactory.getLogger(MemoryEmbeddings.class);
    static final int DIMENSIONS = 384;

    private final boolean enabled;
    private volatile @Nullable EmbeddingModel model;
    private volatile boolean failed;

    MemoryEmbeddings(MemoryProperties properties) {
        this.enabled = properties.embeddings();
    }

    /** The text's unit vector; empty when embeddings are off or the model could not be loaded. Thread-safe. */
    Optional<float[]> embed(String text) {
        EmbeddingModel m = model();
        if (m == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(normalise(m.embed(text).content().vector()));
        } catch (RuntimeException e) {
            log.warn("Embedding a memory failed; it is found by its words only: {}", e.toString());
            return Optional.empty();
        }
    }

    /** Whether vectors are being computed (the model is loaded or will be on first use). */
    boolean available() {
        return enabled && !failed;
    }

    static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            return 0;
        }
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }

    private @Nullable EmbeddingModel model() {
        if (!enabled || failed) {
            return null;
        }
        EmbeddingModel m = model;
        if (m != null) {
            return m;
        }
        synchronized (this) {
            if (model == null && !failed) {
                long start = System.nanoTime();
                try {
                    // the caller's thread runs the model: no pool of its own sits idle beside the server
                    Executor direct = Runnable::run;
                    model = new AllMiniLmL6V2QuantizedEmbeddingModel(direct);
                    log.info("Loaded the memory embedding model (all-MiniLM-L6-v2, quantised) in {} ms",
                            (System.nanoTime() - start) / 1_000_000);
                } catch (RuntimeException | LinkageError e) {
                    failed = true;
                    log.warn("The memory embedding model could not be loaded; memory search uses full text only: {}",
                            e.toString());
                }
            }
            return model;
        }
    }

    private static float[] normalise(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        if (norm == 0) {
            return v;
        }
        float[] unit = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            unit[i] = (float) (v[i] / norm);
        }
        return unit;
    }
}
