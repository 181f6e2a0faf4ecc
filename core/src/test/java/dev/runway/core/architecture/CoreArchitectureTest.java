package dev.runway.core.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import dev.runway.core.architecture.fixture.a.CycleA;
import dev.runway.core.architecture.fixture.b.CycleB;
import dev.runway.core.auth.AuthProvider;
import dev.runway.core.cache.QueryCache;
import dev.runway.core.error.ErrorUsesFacade;
import dev.runway.core.query.ArchFixtureApiUsesLocal;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.session.SessionStore;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The package rules of runway-core, checked on its compiled classes. Each rule is also applied to a
 * deliberately broken fixture (test sources only) to show that it can fail.
 */
class CoreArchitectureTest {

  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.runway.core");

  /** The API packages: interfaces, value types, exceptions and the decorators users compose. */
  private static final String[] API = {
    "dev.runway.core.query..",
    "dev.runway.core.cache..",
    "dev.runway.core.session..",
    "dev.runway.core.auth..",
    "dev.runway.core.sql..",
    "dev.runway.core.error..",
    "dev.runway.core.health.."
  };

  /**
   * One slice per package of core, the root {@code dev.runway.core} included (a pattern such as
   * {@code dev.runway.core.(*)..} leaves the root out, and with it every cycle through the facade).
   */
  static final SliceAssignment CORE_PACKAGES =
      new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
          String name = javaClass.getPackageName();
          if (name.equals("dev.runway.core")) {
            return SliceIdentifier.of("dev.runway.core (root)");
          }
          if (name.startsWith("dev.runway.core.")) {
            return SliceIdentifier.of(
                "dev.runway.core." + name.substring("dev.runway.core.".length()).split("\\.")[0]);
          }
          return SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
          return "the packages of runway-core, the root included";
        }
      };

  /** No two packages of core depend on each other, the root included. */
  static final ArchRule NO_CYCLES = slices().assignedFrom(CORE_PACKAGES).should().beFreeOfCycles();

  /** The API packages know no implementation, SPI machinery, engine runtime or internals. */
  static final ArchRule API_INDEPENDENT =
      noClasses()
          .that()
          .resideInAnyPackage(API)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.runway.core.local..",
              "dev.runway.core.internal..",
              "dev.runway.core.spi..",
              "dev.runway.core.engine..",
              "dev.runway.core.cost..");

  /**
   * The base types at the bottom: the error model and health depend on no other package of core.
   */
  static final ArchRule BASE_AT_BOTTOM =
      noClasses()
          .that()
          .resideInAnyPackage("dev.runway.core.error..", "dev.runway.core.health..")
          .should()
          .dependOnClassesThat(
              DescribedPredicate.describe(
                  "in another package of runway-core",
                  c ->
                      c.getPackageName().startsWith("dev.runway.core")
                          && !c.getPackageName().startsWith("dev.runway.core.error")
                          && !c.getPackageName().startsWith("dev.runway.core.health")));

  /** The root holds the facade and its configuration, nothing else. */
  static final Set<String> ROOT_TYPES =
      Set.of("Runway", "RunwayConfig", "ComponentDecorator", "Factories");

  /** Core is deployed in Lambda and must stay free of vendor SDKs. */
  static final ArchRule NO_VENDOR =
      noClasses()
          .that()
          .resideInAPackage("dev.runway.core..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "software.amazon..",
              "com.amazonaws..",
              "redis.clients..",
              "org.springframework..",
              "io.micrometer..",
              "org.postgresql..",
              "org.duckdb..");

  /** The concern packages do not reach up into the facade. */
  static final ArchRule FACADE_ON_TOP =
      noClasses()
          .that()
          .resideInAPackage("dev.runway.core.*..")
          .should()
          .dependOnClassesThat()
          .haveFullyQualifiedName("dev.runway.core.Runway")
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("dev.runway.core.RunwayConfig");

  /** The public classes outside {@code local} that implement one of the four interfaces. */
  private static final Set<String> DECORATORS_FOR_USERS =
      Set.of(
          "dev.runway.core.cache.ForwardingQueryCache",
          "dev.runway.core.session.ForwardingSessionStore",
          "dev.runway.core.auth.ForwardingAuthProvider",
          "dev.runway.core.query.ForwardingDatabaseClient",
          "dev.runway.core.query.ListeningDatabaseClient",
          "dev.runway.core.query.ResilientDatabaseClient",
          "dev.runway.core.cache.CachingDatabaseClient",
          "dev.runway.core.cache.AbstractQueryCache",
          "dev.runway.core.cost.ScanBudgetDatabaseClient",
          "dev.runway.migrate.ShadowDatabaseClient",
          "dev.runway.migrate.CanaryDatabaseClient",
          "dev.runway.migrate.RoutingDatabaseClient",
          "dev.runway.migrate.MigratingSessionStore",
          "dev.runway.migrate.FallbackAuthProvider");

  @Test
  @DisplayName("core's sub-packages have no dependency cycles")
  void subPackages_haveNoCycles() {
    NO_CYCLES.check(CORE);
  }

  @Test
  @DisplayName("API packages import no implementation, SPI or internal class")
  void apiPackages_importNoImplementation() {
    API_INDEPENDENT.check(CORE);
  }

  @Test
  @DisplayName("core imports no vendor SDK")
  void core_importsNoVendorSdk() {
    NO_VENDOR.check(CORE);
  }

  @Test
  @DisplayName("concern packages do not depend on the facade")
  void concernPackages_doNotDependOnFacade() {
    FACADE_ON_TOP.check(CORE);
  }

  @Test
  @DisplayName("internal classes are not public API: nothing outside core.internal is in the way")
  void internal_isUsedByCoreOnly() {
    // within core anything may use internal except the API packages (checked above); other
    // modules are checked by the cross-module test in runway-examples
    ArchRule rule =
        classes()
            .that()
            .resideInAPackage("dev.runway.core.internal..")
            .should()
            .onlyHaveDependentClassesThat()
            .resideInAPackage("dev.runway.core..");
    rule.check(CORE);
  }

  @Test
  @DisplayName("the root package holds the facade and its configuration only")
  void rootPackage_holdsTheFacadeOnly() {
    List<String> topLevel =
        CORE.stream()
            .filter(c -> c.getPackageName().equals("dev.runway.core"))
            .filter(
                c -> c.getEnclosingClass().isEmpty() && !c.getSimpleName().equals("package-info"))
            .map(JavaClass::getSimpleName)
            .sorted()
            .collect(Collectors.toList());
    assertThat(topLevel).isNotEmpty().allMatch(ROOT_TYPES::contains);
  }

  @Test
  @DisplayName("the error model and health depend on no other package of core")
  void basePackages_areAtTheBottom() {
    BASE_AT_BOTTOM.check(CORE);
  }

  @Test
  @DisplayName(
      "public implementations of the four interfaces live in core.local, except the decorators for users")
  void implementations_liveInLocal() {
    List<String> misplaced =
        CORE.stream()
            .filter(c -> c.getModifiers().contains(JavaModifier.PUBLIC) && !c.isInterface())
            .filter(
                c ->
                    c.isAssignableTo(DatabaseClient.class)
                        || c.isAssignableTo(QueryCache.class)
                        || c.isAssignableTo(SessionStore.class)
                        || c.isAssignableTo(AuthProvider.class))
            .filter(c -> !c.getPackageName().equals("dev.runway.core.local"))
            .map(JavaClass::getName)
            .filter(n -> !DECORATORS_FOR_USERS.contains(n))
            .collect(Collectors.toList());
    assertThat(misplaced).isEmpty();
  }

  @Test
  @DisplayName("each rule fails on a class that breaks it")
  void rules_failOnDeliberateViolations() {
    JavaClasses broken =
        new ClassFileImporter()
            .importClasses(
                CycleA.class,
                CycleB.class,
                ArchFixtureApiUsesLocal.class,
                dev.runway.core.local.JdbcDatabaseClient.class);
    ArchRule cycles =
        slices().matching("dev.runway.core.architecture.fixture.(*)..").should().beFreeOfCycles();
    assertThat(cycles.evaluate(broken).hasViolation())
        .as("cycle between fixture.a and fixture.b")
        .isTrue();
    assertThat(API_INDEPENDENT.evaluate(broken).hasViolation())
        .as("query class using local")
        .isTrue();
    assertThat(API_INDEPENDENT.evaluate(CORE).hasViolation()).as("core itself").isFalse();

    // the real cycle rule, root included: one class of the error package reaching up to the facade
    JavaClasses coreAndUpward =
        new ClassFileImporter()
            .importClasses(
                ErrorUsesFacade.class,
                dev.runway.core.Runway.class,
                dev.runway.core.error.ConfigurationException.class);
    assertThat(NO_CYCLES.evaluate(coreAndUpward).hasViolation())
        .as("error -> root -> error")
        .isTrue();
    assertThat(BASE_AT_BOTTOM.evaluate(coreAndUpward).hasViolation())
        .as("error using the root")
        .isTrue();
    assertThat(NO_CYCLES.evaluate(CORE).hasViolation()).as("core itself").isFalse();
  }
}
