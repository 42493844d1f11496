package dev.tollgate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.tollgate.testsupport.ArchitecturePage;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The package structure of core, checked on its compiled classes: the root package is the
 * vocabulary and the pipeline's extension points, every other package builds on it, and the gate
 * engine sits on top.
 */
class ArchitectureTest {
  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(location -> !location.contains("/dev/tollgate/testsupport/"))
          .importPackages("dev.tollgate");

  @Test
  void packagesWhenComparedThenNoCycles() {
    slices().matching("dev.(**)").should().beFreeOfCycles().check(CORE);
  }

  @Test
  void rootPackageWhenCompiledThenDependsOnNoOtherTollgatePackage() {
    noClasses()
        .that()
        .resideInAPackage("dev.tollgate")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.tollgate.*..")
        .check(CORE);
  }

  @Test
  void gateWhenCompiledThenOnlyConfigurationBuildsOnIt() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.tollgate.gate..", "dev.tollgate.config..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.tollgate.gate..")
        .check(CORE);
  }

  @Test
  void coreWhenCompiledThenNoServletTypes() {
    noClasses().should().dependOnClassesThat().resideInAPackage("jakarta.servlet..").check(CORE);
  }

  @Test
  void architecturePageWhenReadThenCoreTableIsTheCompiledDependencies() throws IOException {
    assertEquals(
        ArchitecturePage.render(ArchitecturePage.computed(CORE, "dev.tollgate")),
        ArchitecturePage.render(ArchitecturePage.documented("Core packages")),
        "docs/architecture.md, section Core packages: the expected table is on the left");
  }
}
