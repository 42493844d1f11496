package dev.tollgate.account;

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
 * The account module's structure: API keys, credits and connected apps know nothing of servlets;
 * only the endpoints in {@code dev.tollgate.account.servlet} do, and no package of the module
 * depends on another in a cycle.
 */
class AccountArchitectureTest {
  private static final JavaClasses ACCOUNT =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(location -> !location.contains("/dev/tollgate/testsupport/"))
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
          .importPackages("dev.tollgate.account");

  @Test
  void packagesWhenComparedThenNoCycles() {
    slices().matching("dev.tollgate.account.(**)").should().beFreeOfCycles().check(ACCOUNT);
  }

  @Test
  void servicesWhenCompiledThenNoServletTypes() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.tollgate.account.servlet..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "jakarta.servlet..", "dev.tollgate.servlet..", "dev.tollgate.account.servlet..")
        .check(ACCOUNT);
  }

  @Test
  void architecturePageWhenReadThenAccountTableIsTheCompiledDependencies() throws IOException {
    assertEquals(
        ArchitecturePage.render(ArchitecturePage.computed(ACCOUNT, "dev.tollgate.account")),
        ArchitecturePage.render(ArchitecturePage.documented("Account packages")),
        "docs/architecture.md, section Account packages: the expected table is on the left");
  }
}
