package dev.poco.server.attachments;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code MAX_UPLOAD_SIZE_MB} (poco's name): the largest accepted attachment. */
@Validated
@ConfigurationProperties("poco.attachments")
public record AttachmentProperties(@DefaultValue("100") @Min(1) int maxUploadSizeMb) {

    public long maxBytes() {
        return maxUploadSizeMb * 1024L * 1024L;
    }
}
