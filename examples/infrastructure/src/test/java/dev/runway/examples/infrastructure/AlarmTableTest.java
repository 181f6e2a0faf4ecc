package dev.runway.examples.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The deployment page's alarm table is the one {@link RunwayAlarms} generates. */
class AlarmTableTest {

  @Test
  void docsTable_isTheGeneratedOne() throws IOException {
    String page = Files.readString(Path.of("../../docs/hosts/infrastructure.md"));
    String begin = "<!-- alarms:begin -->\n";
    String end = "<!-- alarms:end -->";
    int from = page.indexOf(begin);
    int to = page.indexOf(end);
    assertThat(from).as("the page marks its alarm table").isNotNegative();
    assertThat(page.substring(from + begin.length(), to))
        .as("regenerate with RunwayAlarms.markdownTable()")
        .isEqualTo(RunwayAlarms.markdownTable());
  }
}
