package dev.runway.examples.modular;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Starts this example as a named module in a fresh JVM, every runtime dependency on the module path
 * (none on the class path), and reads what it printed.
 */
class ModulePathTest {

  @Test
  @DisplayName("the application runs on the module path, each Runway artifact a named module")
  void runsOnTheModulePath() throws Exception {
    String dependencies = Files.readString(Path.of(System.getProperty("module.path.file"))).trim();
    String modulePath = System.getProperty("module.classes") + File.pathSeparator + dependencies;
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--module-path",
            modulePath,
            // automatic modules declare no requirements: the libraries they use must be added by
            // name or all
            "--add-modules",
            "ALL-MODULE-PATH",
            "-m",
            "dev.runway.examples.modular/dev.runway.examples.modular.ModularMain");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out)
        .contains("answer=42")
        .contains("module=dev.runway.core named=true")
        .contains("module=dev.runway.migrate named=true")
        .contains("module=dev.runway.sql named=true")
        .contains("module=dev.runway.examples.modular named=true");
    assertThat(out).doesNotContainPattern("findings=0\\b");
  }
}
