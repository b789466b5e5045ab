package dev.poco.protocol.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One of a run's input files (poco's InputFile), told apart by {@code type}: an uploaded
 * {@link Attachment} the runner downloads into {@code inputs/}, or a {@link Url} it only mentions
 * to the agent (the sandbox has no network). A {@code type} this version does not know parses as
 * a {@link Url}: the runner then names it to the agent and fetches nothing.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type", defaultImpl = InputFile.Url.class)
@JsonSubTypes({
        @JsonSubTypes.Type(value = InputFile.Attachment.class, name = "file"),
        @JsonSubTypes.Type(value = InputFile.Url.class, name = "url")})
public sealed interface InputFile {

    /** The name the user gave the file (for an attachment: the wanted file name in {@code inputs/}). */
    String name();

    /**
     * An uploaded file.
     *
     * @param source the attachment's storage key ({@code attachments/<user>/<id>/file})
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Attachment(@Nullable String id, String name, String source, @Nullable Long size,
            @Nullable String contentType) implements InputFile {

        @SuppressWarnings("ConstantConditions")
        public Attachment {
            name = name == null ? "" : name;
            source = source == null ? "" : source;
        }
    }

    /** A link; never fetched by the runner. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Url(@Nullable String id, String name, String url) implements InputFile {

        @SuppressWarnings("ConstantConditions")
        public Url {
            url = url == null ? "" : url;
            name = name == null || name.isBlank() ? url : name;
        }
    }
}
