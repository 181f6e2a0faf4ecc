package dev.runway.athena;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The result-CSV reader against values written the way Athena writes them, read through a reader
 * that hands out a few characters at a time, so that every value, doubled quote, line break and
 * NULL falls across a buffer boundary somewhere: the fast path for whole values in the buffer and
 * the careful path must agree.
 */
class CsvRecordsTest {

  private static String quote(String v) {
    return v == null ? "" : "\"" + v.replace("\"", "\"\"") + "\"";
  }

  /** Hands out at most {@code step} characters per read. */
  private static Reader trickle(String text, int step) {
    StringReader in = new StringReader(text);
    return new Reader() {
      @Override
      public int read(char[] cbuf, int off, int len) throws IOException {
        return in.read(cbuf, off, Math.min(len, step));
      }

      @Override
      public void close() {
        in.close();
      }
    };
  }

  @Test
  void everyValueShape_acrossEveryBufferBoundary() {
    Random rnd = new Random(7);
    String[] shapes = {
      "", "a", "say \"hi\"", "\"", "\"\"", "line\nbreak", "comma, inside", "ünïcode ✓", null
    };
    List<List<String>> rows = new ArrayList<>();
    StringBuilder csv = new StringBuilder();
    for (int r = 0; r < 3_000; r++) {
      List<String> row = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        String v = shapes[rnd.nextInt(shapes.length)];
        if (v != null && rnd.nextBoolean()) {
          v = v + "x".repeat(rnd.nextInt(40));
        }
        row.add(v);
      }
      rows.add(row);
      csv.append(String.join(",", row.stream().map(CsvRecordsTest::quote).toList()))
          .append(r % 2 == 0 ? "\n" : "\r\n");
    }
    for (int step : new int[] {1, 2, 3, 7, 64, 65_536}) {
      CsvRecords in = new CsvRecords(trickle(csv.toString(), step));
      for (List<String> expected : rows) {
        assertThat(in.next()).as("step " + step).isEqualTo(expected);
      }
      assertThat(in.next()).isNull();
    }
  }

  @Test
  void nullAndEmptyString_stayDistinct() {
    CsvRecords in = new CsvRecords(new StringReader("\"\",,\"x\"\n"));
    assertThat(in.next()).isEqualTo(Arrays.asList("", null, "x"));
  }
}
