/**
 * Packages: skills and plugins whose files live in the BlobStore, and the machinery both share. One engine serves
 * both kinds ({@link dev.poco.server.imports.PackageKind}): the catalog with poco's visibility rules (system versus
 * user scope, a user's item shadowing a system one of the same name), the user's installs, the internal resolve and
 * package download for runners, and imports (discover in an uploaded zip or a GitHub archive, choose, commit as a
 * background job that a restart never leaves {@code running}). Archives are read with the limits of
 * {@link dev.poco.server.imports.ImportProperties}; entries that escape, links, too many files and too many bytes are
 * refused.
 * <ul>
 * <li>API: {@code PackageKind}, {@code CatalogService}, {@code InstallService}, {@code ImportService},
 * {@code CatalogItem}, {@code Install}, {@code ImportJob}, {@code SourceInfo}; routes live in {@code skills} and
 * {@code plugins};</li>
 * <li>tables: {@code skills}, {@code plugins}, {@code user_skill_installs}, {@code user_plugin_installs},
 * {@code skill_import_jobs}, {@code plugin_import_jobs} (V1).</li>
 * </ul>
 */
@ApplicationModule(allowedDependencies = {"auth", "common", "storage", "system"})
@NullMarked
package dev.poco.server.imports;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
