package dev.runway.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The public API of every published module, as committed in {@code api/<artifact>.api}: each public
 * type (and public or protected nested type) with its kind, supertypes and public or protected
 * constructors, methods and fields, by their erased signatures (what binary compatibility rests
 * on). A difference fails the build; changing the API is deliberate: regenerate with {@code mvn -pl
 * docs test -Dtest=ApiBaselineTest -Drunway.regenerate=true} (after {@code mvn -q install
 * -DskipTests}) and record the change in CHANGELOG.md with the migration. Packages named {@code
 * internal} are not API (see VERSIONING.md).
 */
class ApiBaselineTest {

  /** Each published artifact and the package its classes live under. */
  static final Map<String, String> MODULES = new LinkedHashMap<>();

  static {
    MODULES.put("runway-core", "dev.runway.core");
    MODULES.put("runway-athena", "dev.runway.athena");
    MODULES.put("runway-redshift", "dev.runway.redshift");
    MODULES.put("runway-cache-redis", "dev.runway.cache.redis");
    MODULES.put("runway-session-dynamo", "dev.runway.session.dynamo");
    MODULES.put("runway-auth-cognito", "dev.runway.auth.cognito");
    MODULES.put("runway-sql-dialect", "dev.runway.sql");
    MODULES.put("runway-migrate", "dev.runway.migrate");
    MODULES.put("runway-micrometer", "dev.runway.micrometer");
    MODULES.put("runway-spring-boot-autoconfigure", "dev.runway.spring");
    MODULES.put("runway-testkit", "dev.runway.testkit");
    MODULES.put("runway-cli", "dev.runway.cli");
    MODULES.put("runway-spring-boot4-autoconfigure", "dev.runway.spring");
  }

  /**
   * Artifacts read from their module's compiled classes rather than from this module's class path:
   * the Spring Boot 4 auto-configuration has the same package as the 3.5 one (which is on the class
   * path), so it is read from its own build output (the reactor builds it before this module).
   */
  static final Map<String, String> FROM_BUILD_OUTPUT =
      Map.of("runway-spring-boot4-autoconfigure", "spring-boot/boot4-autoconfigure/target/classes");

  static Set<String> artifacts() {
    return MODULES.keySet();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("artifacts")
  @DisplayName("the public API is the committed baseline")
  void apiIsTheBaseline(String artifact) throws Exception {
    String dir = FROM_BUILD_OUTPUT.get(artifact);
    String dump;
    if (dir == null) {
      dump = dump(MODULES.get(artifact));
    } else {
      Path classes = Path.of(System.getProperty("repository.root", ".."), dir);
      assertThat(classes)
          .as("%s is not built: run mvn -B install -DskipTests first", classes)
          .isDirectory();
      dump = dump(MODULES.get(artifact), new ClassFileImporter().importPath(classes));
    }
    assertThat(dump).as("%s has public types", artifact).contains("\nclass ").isNotBlank();
    Path file = Path.of(System.getProperty("repository.root", ".."), "api", artifact + ".api");
    if (Boolean.getBoolean("runway.regenerate")) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, dump, StandardCharsets.UTF_8);
    }
    assertThat(file)
        .as("no baseline: run mvn -pl docs test -Dtest=ApiBaselineTest -Drunway.regenerate=true")
        .exists();
    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .as(
            "the public API of %s changed. If that is meant: regenerate api/%s.api with mvn -pl docs test "
                + "-Dtest=ApiBaselineTest -Drunway.regenerate=true, and record the change and the migration in "
                + "CHANGELOG.md (see VERSIONING.md)",
            artifact, artifact)
        .isEqualTo(dump);
  }

  static String dump(String rootPackage) {
    return dump(
        rootPackage,
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(rootPackage));
  }

  static String dump(String rootPackage, JavaClasses classes) {
    // a module's own packages only: dev.runway.core must not take in dev.runway.core's neighbours'
    // jars
    List<JavaClass> api = new ArrayList<>();
    for (JavaClass c : classes) {
      String pkg = c.getPackageName();
      if ((pkg.equals(rootPackage) || pkg.startsWith(rootPackage + "."))
          && !isInternal(pkg)
          && visible(c)
          && owned(rootPackage, pkg)) {
        api.add(c);
      }
    }
    api.sort((a, b) -> a.getName().compareTo(b.getName()));
    StringBuilder out =
        new StringBuilder("# public API of the module's packages under ")
            .append(rootPackage)
            .append(" (generated by ApiBaselineTest; erased signatures)\n");
    for (JavaClass c : api) {
      out.append('\n')
          .append("class ")
          .append(c.getName())
          .append(' ')
          .append(kind(c))
          .append(modifiers(c.getModifiers()));
      if (c.getRawSuperclass().isPresent()
          && !c.getRawSuperclass().get().getName().equals("java.lang.Object")
          && !c.isEnum()
          && !c.isRecord()) {
        out.append(" extends ").append(c.getRawSuperclass().get().getName());
      }
      Set<String> interfaces =
          c.getRawInterfaces().stream()
              .map(JavaClass::getName)
              .collect(Collectors.toCollection(TreeSet::new));
      if (!interfaces.isEmpty()) {
        out.append(" implements ").append(String.join(", ", interfaces));
      }
      out.append('\n');
      Set<String> members = new TreeSet<>();
      for (JavaCodeUnit u : c.getCodeUnits()) {
        Set<JavaModifier> m = u.getModifiers();
        if (m.contains(JavaModifier.SYNTHETIC)
            || m.contains(JavaModifier.BRIDGE)
            || u.getName().equals("<clinit>")
            || !(m.contains(JavaModifier.PUBLIC)
                || (m.contains(JavaModifier.PROTECTED)
                    && !c.getModifiers().contains(JavaModifier.FINAL)))) {
          continue;
        }
        String params =
            u.getRawParameterTypes().stream()
                .map(JavaClass::getName)
                .collect(Collectors.joining(", "));
        if (u.getName().equals("<init>")) {
          members.add("  new(" + params + ")" + modifiers(m));
        } else {
          members.add(
              "  "
                  + u.getName()
                  + "("
                  + params
                  + "): "
                  + u.getRawReturnType().getName()
                  + modifiers(m));
        }
      }
      for (JavaField f : c.getFields()) {
        Set<JavaModifier> m = f.getModifiers();
        if (!m.contains(JavaModifier.SYNTHETIC)
            && (m.contains(JavaModifier.PUBLIC)
                || (m.contains(JavaModifier.PROTECTED)
                    && !c.getModifiers().contains(JavaModifier.FINAL)))) {
          members.add("  field " + f.getName() + ": " + f.getRawType().getName() + modifiers(m));
        }
      }
      members.forEach(line -> out.append(line).append('\n'));
    }
    return out.toString();
  }

  /** Packages of another published module nested under this one's root are that module's. */
  private static boolean owned(String root, String pkg) {
    for (String other : MODULES.values()) {
      if (!other.equals(root)
          && other.startsWith(root + ".")
          && (pkg.equals(other) || pkg.startsWith(other + "."))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isInternal(String pkg) {
    return pkg.endsWith(".internal") || pkg.contains(".internal.");
  }

  private static boolean visible(JavaClass c) {
    Set<JavaModifier> m = c.getModifiers();
    if (c.getEnclosingClass().isPresent()) {
      JavaClass outer = c.getEnclosingClass().get();
      return visible(outer)
          && (m.contains(JavaModifier.PUBLIC)
              || (m.contains(JavaModifier.PROTECTED)
                  && !outer.getModifiers().contains(JavaModifier.FINAL)));
    }
    return m.contains(JavaModifier.PUBLIC) && !c.isAnonymousClass() && !c.isLocalClass();
  }

  private static String kind(JavaClass c) {
    if (c.isAnnotation()) {
      return "annotation";
    }
    if (c.isInterface()) {
      return "interface";
    }
    if (c.isEnum()) {
      return "enum";
    }
    if (c.isRecord()) {
      return "record";
    }
    return "class";
  }

  private static String modifiers(Set<JavaModifier> m) {
    List<String> words = new ArrayList<>();
    for (JavaModifier x :
        List.of(
            JavaModifier.PROTECTED,
            JavaModifier.STATIC,
            JavaModifier.ABSTRACT,
            JavaModifier.FINAL)) {
      if (m.contains(x)) {
        words.add(x.name().toLowerCase(java.util.Locale.ROOT));
      }
    }
    return words.isEmpty() ? "" : " [" + String.join(" ", words) + "]";
  }
}
