/**
 * An S3 API on a real socket for tests (Adobe's S3Mock in a child JVM), one per test JVM.
 */
@NullMarked
package dev.poco.testkit.s3;

import org.jspecify.annotations.NullMarked;
