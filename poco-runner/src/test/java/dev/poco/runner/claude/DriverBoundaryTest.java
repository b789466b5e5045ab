package dev.poco.runner.claude;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.poco.protocol.PermissionMode;
import org.junit.jupiter.api.Test;

/**
 * The driver knows the Claude Code CLI, not poco: nothing in {@code dev.poco.runner.claude} reaches into the rest of
 * the runner, and of poco-protocol it uses only {@code PermissionMode} (the CLI's own permission vocabulary).
 */
class DriverBoundaryTest {

    private static final JavaClasses RUNNER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.poco.runner");

    @Test
    void theDriverDoesNotUseTheRestOfTheRunner() {
        classes().that().resideInAPackage("dev.poco.runner.claude..")
                .should().onlyDependOnClassesThat(not(resideInAPackage("dev.poco.runner..")
                        .and(resideOutsideOfPackage("dev.poco.runner.claude.."))))
                .check(RUNNER);
    }

    @Test
    void ofPocoProtocolTheDriverUsesOnlyPermissionMode() {
        classes().that().resideInAPackage("dev.poco.runner.claude..")
                .should().onlyDependOnClassesThat(not(resideInAPackage("dev.poco.protocol..")
                        .and(not(equivalentTo(PermissionMode.class)))))
                .check(RUNNER);
    }
}
