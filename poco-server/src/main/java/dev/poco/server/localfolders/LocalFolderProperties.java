package dev.poco.server.localfolders;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code POCO_LOCAL_FOLDERS} ({@code poco.local-folders.roots}): comma-separated absolute paths of host directories
 * users may attach to sessions; empty (the default) turns local folders off. Each must exist; a value that cannot be
 * used stops the server at start with a message naming the variable. Runners read the same variable on their own
 * host and check every folder again.
 */
@ConfigurationProperties("poco.local-folders")
public record LocalFolderProperties(@DefaultValue("") List<String> roots) {}
