package dev.poco.runner.workspace;

import java.io.IOException;
import java.io.InputStream;

/**
 * Downloads an attachment by its source key (poco's {@code source}: an object-store key such as {@code
 * attachments/<user>/<id>/file}). Implemented by the runner on top of the server's attachment API.
 */
@FunctionalInterface
public interface InputFetcher {

    /**
     * Opens the content of {@code source}. Blocks until the download starts; the caller reads the stream to the end
     * and closes it. May be called from any thread, once per staged file.
     *
     * @throws IOException if the source does not exist or cannot be read
     */
    InputStream open(String source) throws IOException;
}
