package dev.poco.server.imports;

import dev.poco.server.common.ErrorCode;

/**
 * The two kinds of package: what differs between skills and plugins (tables, error codes, key roots, wire names).
 * Everything else is one engine.
 */
public enum PackageKind {
    SKILL("skill", "Skill", "skills", "user_skill_installs", "skill_import_jobs", "skill-imports",
            ErrorCode.SKILL_NOT_FOUND, ErrorCode.SKILL_ALREADY_EXISTS, ErrorCode.SKILL_MODIFY_FORBIDDEN),
    PLUGIN("plugin", "Plugin", "plugins", "user_plugin_installs", "plugin_import_jobs", "plugin-imports",
            ErrorCode.PLUGIN_NOT_FOUND, ErrorCode.PLUGIN_ALREADY_EXISTS, ErrorCode.PLUGIN_MODIFY_FORBIDDEN);

    private final String wire;
    private final String label;
    private final String table;
    private final String installTable;
    private final String jobTable;
    private final String importRoot;
    private final ErrorCode notFound;
    private final ErrorCode alreadyExists;
    private final ErrorCode modifyForbidden;

    PackageKind(String wire, String label, String table, String installTable, String jobTable, String importRoot,
            ErrorCode notFound, ErrorCode alreadyExists, ErrorCode modifyForbidden) {
        this.wire = wire;
        this.label = label;
        this.table = table;
        this.installTable = installTable;
        this.jobTable = jobTable;
        this.importRoot = importRoot;
        this.notFound = notFound;
        this.alreadyExists = alreadyExists;
        this.modifyForbidden = modifyForbidden;
    }

    /** {@code skill} / {@code plugin}: the stem of poco's field names ({@code skill_id}, {@code skill_name}). */
    public String wire() {
        return wire;
    }

    /** {@code Skill} / {@code Plugin}, for messages. */
    public String label() {
        return label;
    }

    /** The catalog table, also the root of package keys in the BlobStore ({@code skills/<user>/<name>/<uuid>/}). */
    public String table() {
        return table;
    }

    String installTable() {
        return installTable;
    }

    String jobTable() {
        return jobTable;
    }

    /** Root of uploaded archives ({@code skill-imports/<user>/<uuid>/<file>}). */
    String importRoot() {
        return importRoot;
    }

    /** The column of the install table naming the item ({@code skill_id}). */
    public String idField() {
        return wire + "_id";
    }

    /** The field naming the item in import results and candidates ({@code skill_name}). */
    String nameField() {
        return wire + "_name";
    }

    ErrorCode notFound() {
        return notFound;
    }

    ErrorCode alreadyExists() {
        return alreadyExists;
    }

    ErrorCode modifyForbidden() {
        return modifyForbidden;
    }

    /** Where the runner downloads the package of item {@code id} as a zip. */
    public String packagePath(int id) {
        return "/api/v1/internal/" + table + "/" + id + "/package";
    }
}
