package dev.runway.athena;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads the CSV that Athena writes for a query result, one record at a time: fields separated by
 * commas, every value in double quotes (a quote inside doubled, newlines allowed), and SQL NULL as
 * an empty field without quotes, so {@code ""} (the empty string) and nothing (NULL) stay distinct.
 * General CSV libraries fold the two together, which is why this is not one of them.
 */
final class CsvRecords {

  private final Reader in;
  private final char[] buf = new char[64 * 1024];
  private int pos;
  private int len;
  private boolean eof;
  private final StringBuilder sb = new StringBuilder();
  private int width = 8;

  CsvRecords(Reader in) {
    this.in = in;
  }

  /** Returns the next record's fields ({@code null} for NULL), or {@code null} at the end. */
  @Nullable List<String> next() {
    if (peek() < 0) {
      return null;
    }
    List<String> fields = new ArrayList<>(width);
    while (true) {
      int c = peek();
      if (c == '"') {
        pos++;
        String whole = quotedInBuffer();
        fields.add(whole != null ? whole : quotedCarefully());
        c = peek();
      } else if (c == ',' || c == '\n' || c == '\r' || c < 0) {
        fields.add(null);
      } else {
        // an unquoted value (Athena quotes all; other writers may not)
        sb.setLength(0);
        while ((c = peek()) >= 0 && c != ',' && c != '\n' && c != '\r') {
          sb.append((char) c);
          pos++;
        }
        fields.add(sb.toString());
      }
      c = peek();
      if (c == ',') {
        pos++;
        continue;
      }
      if (c == '\r') {
        pos++;
        if (peek() == '\n') {
          pos++;
        }
      } else if (c == '\n') {
        pos++;
      }
      width = fields.size();
      return fields;
    }
  }

  /** Reads the rest of a quoted value character by character: doubled quotes, buffer refills. */
  private String quotedCarefully() {
    sb.setLength(0);
    while (true) {
      int q = read();
      if (q < 0) {
        throw new IllegalStateException("the result CSV ends inside a quoted value");
      }
      if (q == '"') {
        if (peek() == '"') {
          pos++;
          sb.append('"');
          continue;
        }
        return sb.toString();
      }
      sb.append((char) q);
    }
  }

  /**
   * The common case in one step: a quoted value that lies wholly in the buffer and holds no doubled
   * quote becomes a String straight from the buffer. Returns null (and reads nothing) otherwise.
   */
  private @Nullable String quotedInBuffer() {
    char[] b = buf;
    for (int i = pos; i < len; i++) {
      if (b[i] == '"') {
        if (i + 1 >= len || b[i + 1] == '"') {
          return null; // at the buffer's end, or a doubled quote: the careful path decides
        }
        String v = new String(b, pos, i - pos);
        pos = i + 1;
        return v;
      }
    }
    return null;
  }

  private int peek() {
    if (pos < len) {
      return buf[pos];
    }
    if (eof) {
      return -1;
    }
    try {
      len = in.read(buf, 0, buf.length);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the result CSV failed", e);
    }
    pos = 0;
    if (len <= 0) {
      eof = true;
      len = 0;
      return -1;
    }
    return buf[0];
  }

  private int read() {
    int c = peek();
    if (c >= 0) {
      pos++;
    }
    return c;
  }
}
