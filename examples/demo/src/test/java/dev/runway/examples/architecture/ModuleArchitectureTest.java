package dev.runway.examples.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Rules across Runway's artifacts, checked on the main classes of every module on this module's
 * class path: the engines, stores and tools, and the example applications (the assistant, the demo,
 * the fixtures), which stand for a user's own code.
 */
class ModuleArchitectureTest {

  private static final JavaClasses ALL =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(location -> !location.contains("/test-classes/"))
          .importPackages("dev.runway");

  /**
   * The root packages of Runway's published artifacts, the only users of core's internal package.
   */
  static final String[] PUBLISHED = {
    "dev.runway.core..",
    "dev.runway.athena..",
    "dev.runway.redshift..",
    "dev.runway.cache.redis..",
    "dev.runway.session.dynamo..",
    "dev.runway.auth.cognito..",
    "dev.runway.sql..",
    "dev.runway.migrate..",
    "dev.runway.micrometer..",
    "dev.runway.spring..",
    "dev.runway.testkit..",
    "dev.runway.cli.."
  };

  /**
   * Only Runway's own artifacts use core's internal package (its module descriptor exports it to
   * them alone); an application, an example or a benchmark never does.
   */
  static final ArchRule INTERNAL_STAYS_IN_CORE =
      noClasses()
          .that()
          .resideOutsideOfPackages(PUBLISHED)
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.runway.core.internal..");

  /** The service modules know core, never one another (a user adds only the ones they need). */
  static final ArchRule MODULES_INDEPENDENT =
      slices()
          .matching("dev.runway.(athena|redshift|cache|session|auth)..")
          .namingSlices("$1")
          .should()
          .notDependOnEachOther();

  @Test
  @DisplayName("nothing outside Runway's published artifacts uses dev.runway.core.internal")
  void internal_isUsedByCoreOnly() {
    assertThat(ALL.containPackage("dev.runway.athena")).isTrue(); // the modules were imported
    assertThat(ALL.containPackage("dev.runway.cache.redis")).isTrue();
    INTERNAL_STAYS_IN_CORE.check(ALL);
  }

  @Test
  @DisplayName("service modules do not depend on each other")
  void serviceModules_areIndependent() {
    MODULES_INDEPENDENT.check(ALL);
  }

  @Test
  @DisplayName("the rule fails on an application class that uses core.internal")
  void internalRule_failsOnViolation() {
    JavaClasses broken = new ClassFileImporter().importClasses(UsesCoreInternal.class);
    assertThat(INTERNAL_STAYS_IN_CORE.evaluate(broken).hasViolation()).isTrue();
  }
}
