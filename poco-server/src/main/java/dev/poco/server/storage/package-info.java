/**
 * Where Poco keeps bytes that must outlive a runner and be readable from any server replica: attachments and
 * exported workspaces. One {@link dev.poco.server.storage.BlobStore} SPI with a local-directory implementation
 * (default, under {@code $POCO_HOME/data/blobs}) and an S3 one (AWS, MinIO, R2), chosen by {@code POCO_STORAGE}.
 * Keys follow poco's layout ({@link dev.poco.server.storage.BlobKeys}).
 */
@NullMarked
package dev.poco.server.storage;

import org.jspecify.annotations.NullMarked;
