package dev.poco.server.workspace;

import dev.poco.protocol.WorkspaceLayout;
import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.NotFoundException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one reading of a workspace path, for users' requests and runners' uploads alike: {@code a/b}, {@code /a/b}
 * and {@code ./a//b} are {@code /a/b}; {@code ..}, NUL and backslashes are refused (400); a hidden part
 * ({@link WorkspaceLayout#HIDDEN_NAMES}) is not there (404).
 */
final class WorkspacePaths {

    private WorkspacePaths() {}

    /** {@code /a/b}: the manifest's form of a requested path. */
    static String normalize(String requested) {
        return "/" + String.join("/", parts(requested));
    }

    /** Whether a manifest path ({@code /a/b}) has no hidden part. */
    static boolean visible(String manifestPath) {
        for (String part : manifestPath.split("/")) {
            if (WorkspaceLayout.HIDDEN_NAMES.contains(part)) {
                return false;
            }
        }
        return true;
    }

    /** The validated components of a requested path (at least one). */
    static List<String> parts(String requested) {
        if (requested.isBlank() || requested.indexOf('\0') >= 0 || requested.indexOf('\\') >= 0) {
            throw new BadRequestException("path is not a valid workspace path");
        }
        List<String> parts = new ArrayList<>();
        for (String part : requested.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new BadRequestException("path must stay inside the workspace (\"..\" is not allowed)");
            }
            if (WorkspaceLayout.HIDDEN_NAMES.contains(part)) {
                throw new NotFoundException("File not found: " + requested);
            }
            parts.add(part);
        }
        if (parts.isEmpty()) {
            throw new NotFoundException("File not found: " + requested);
        }
        return parts;
    }
}
