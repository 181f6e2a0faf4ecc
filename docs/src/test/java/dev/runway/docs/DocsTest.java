package dev.runway.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The documentation as a reader meets it: {@code README.md} and every page under {@code docs/}.
 * Every relative link leads to a file that exists and every {@code #anchor} to a heading of it;
 * every Java block is a region of a compiled source file (named by the comment before the block)
 * and equal to it, so that what the docs show is what the build compiles and runs; and no page
 * names a document users cannot read.
 */
class DocsTest {

  static final Path ROOT =
      Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();

  private static final Pattern LINK =
      Pattern.compile("(?<!!)\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
  private static final Pattern SNIPPET = Pattern.compile("<!-- snippet: ([^#\\s]+)#([\\w-]+) -->");
  private static final Pattern FENCE = Pattern.compile("^(\\s*)```(\\w*)\\s*$");

  /** Returns README.md and every Markdown page under docs/. */
  static List<Path> pages() {
    List<Path> pages = new ArrayList<>();
    pages.add(ROOT.resolve("README.md"));
    pages.add(ROOT.resolve("VERSIONING.md"));
    try (Stream<Path> s = Files.walk(ROOT.resolve("docs"))) {
      s.filter(p -> p.toString().endsWith(".md"))
          .filter(p -> !p.toString().contains("/target/"))
          .sorted()
          .forEach(pages::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pages;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text outside fenced code blocks, where links are links. */
  private static String prose(String markdown) {
    StringBuilder out = new StringBuilder();
    boolean code = false;
    for (String line : markdown.split("\n", -1)) {
      if (FENCE.matcher(line).matches()) {
        code = !code;
        continue;
      }
      if (!code) {
        out.append(line.replaceAll("`[^`]*`", "")).append('\n');
      }
    }
    return out.toString();
  }

  /**
   * GitHub's anchors of a page's headings (lower case, punctuation dropped, spaces to dashes,
   * repeats numbered).
   */
  static Set<String> anchors(String markdown) {
    Set<String> out = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean code = false;
    for (String line : markdown.split("\n")) {
      if (FENCE.matcher(line).matches()) {
        code = !code;
      }
      if (code || !line.startsWith("#")) {
        continue;
      }
      String text = line.replaceFirst("^#+\\s*", "").trim();
      String slug =
          text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
      int n = seen.merge(slug, 1, Integer::sum) - 1;
      out.add(n == 0 ? slug : slug + "-" + n);
    }
    return out;
  }

  @Test
  @DisplayName(
      "every relative link leads to an existing file, and every anchor to one of its headings")
  void links_resolve() {
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path page : pages()) {
      Matcher m = LINK.matcher(prose(read(page)));
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("^[a-z]+:.*")) {
          continue; // https:, mailto: — outside links are not fetched in the build
        }
        checked++;
        String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
        String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!Files.exists(resolved)) {
          broken.add(ROOT.relativize(page) + ": " + target + " (no such file)");
        } else if (anchor != null
            && resolved.toString().endsWith(".md")
            && !anchors(read(resolved)).contains(anchor)) {
          broken.add(ROOT.relativize(page) + ": " + target + " (no such heading)");
        }
      }
    }
    assertThat(checked).as("links checked").isGreaterThan(20);
    assertThat(broken).isEmpty();
  }

  @Test
  @DisplayName("every Java block is a region of a compiled source file, and equal to it")
  void javaSnippets_areCompiledRegions() {
    List<String> problems = new ArrayList<>();
    int snippets = 0;
    for (Path page : pages()) {
      String[] lines = read(page).split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        Matcher fence = FENCE.matcher(lines[i]);
        if (!fence.matches() || !fence.group(2).equals("java")) {
          continue;
        }
        int end = i + 1;
        while (end < lines.length && !FENCE.matcher(lines[end]).matches()) {
          end++;
        }
        String shown = String.join("\n", List.of(lines).subList(i + 1, end));
        Matcher marker = i > 0 ? SNIPPET.matcher(lines[i - 1].trim()) : SNIPPET.matcher("");
        String where = ROOT.relativize(page) + ":" + (i + 1);
        if (!marker.matches()) {
          problems.add(
              where + ": a Java block without a '<!-- snippet: path#tag -->' line before it");
        } else {
          snippets++;
          Path source = ROOT.resolve(marker.group(1));
          if (!Files.isRegularFile(source)) {
            problems.add(where + ": no source file " + marker.group(1));
          } else {
            String region = region(read(source), marker.group(2));
            if (region == null) {
              problems.add(where + ": no region '" + marker.group(2) + "' in " + marker.group(1));
            } else if (!region.equals(shown)) {
              problems.add(
                  where
                      + ": differs from "
                      + marker.group(1)
                      + "#"
                      + marker.group(2)
                      + ":\n"
                      + region);
            }
          }
        }
        i = end;
      }
    }
    assertThat(snippets).as("Java snippets").isGreaterThan(10);
    assertThat(problems).isEmpty();
  }

  /**
   * The lines between {@code // tag::name[]} and {@code // end::name[]}, without their common
   * indentation.
   */
  static String region(String source, String tag) {
    String[] lines = source.split("\n", -1);
    List<String> body = null;
    for (String line : lines) {
      if (line.trim().equals("// tag::" + tag + "[]")) {
        body = new ArrayList<>();
      } else if (line.trim().equals("// end::" + tag + "[]")) {
        break;
      } else if (body != null
          && !line.trim().startsWith("// tag::")
          && !line.trim().startsWith("// end::")) {
        body.add(line);
      }
    }
    if (body == null) {
      return null;
    }
    int indent =
        body.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    return body.stream()
        .map(l -> l.isBlank() ? "" : l.substring(indent))
        .collect(Collectors.joining("\n"));
  }

  @Test
  @DisplayName("no page names a document that users cannot read")
  void pages_nameNoInternalDocuments() {
    Pattern internal =
        Pattern.compile("(?i)\\bseed\\s*0\\d\\d\\b|seed's rule|\\bthe issue's\\b|\\bissue #\\d+");
    List<String> found = new ArrayList<>();
    for (Path page : pages()) {
      String[] lines = read(page).split("\n");
      for (int i = 0; i < lines.length; i++) {
        if (internal.matcher(lines[i]).find()) {
          found.add(ROOT.relativize(page) + ":" + (i + 1) + ": " + lines[i].trim());
        }
      }
    }
    assertThat(found).isEmpty();
  }

  @Test
  @DisplayName("the README stays an overview: at most 200 lines, linking to the guides")
  void readme_isShort() {
    List<String> lines = List.of(read(ROOT.resolve("README.md")).split("\n"));
    assertThat(lines.size()).isLessThanOrEqualTo(200);
    assertThat(String.join("\n", lines))
        .contains("docs/getting-started.md", "docs/reference/configuration.md");
  }

  @Test
  @DisplayName(
      "the checks themselves: a broken link, a changed snippet and an anchor are told apart")
  void checks_failOnDeliberateBreakage() {
    assertThat(anchors("# Runway\n## Two commands\n## Two commands\n### `runway-core` packages"))
        .containsExactly("runway", "two-commands", "two-commands-1", "runway-core-packages");
    String source =
        "class A {\n  void f() {\n    // tag::x[]\n    int a = 1;\n      a++;\n    // end::x[]\n  }\n}";
    assertThat(region(source, "x")).isEqualTo("int a = 1;\n  a++;");
    assertThat(region(source, "y")).isNull();
    assertThat(prose("see [a](b.md)\n```\n[not](a-link.md)\n```\n"))
        .contains("b.md")
        .doesNotContain("a-link.md");
  }
}
