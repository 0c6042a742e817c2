package dev.orchestrate.cli;

import dev.orchestrate.cli.text.Formats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Columns aligned by how wide they look in a terminal (Hangul takes two columns). */
final class Table {

  private final List<String[]> rows = new ArrayList<>();

  Table(String... header) {
    rows.add(header);
  }

  Table row(String... cells) {
    rows.add(Arrays.stream(cells).map(c -> c == null ? "" : c).toArray(String[]::new));
    return this;
  }

  boolean isEmpty() {
    return rows.size() == 1;
  }

  List<String> lines() {
    int columns = rows.get(0).length;
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], Formats.width(row[i]));
      }
    }
    List<String> lines = new ArrayList<>();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(i == columns - 1 ? row[i] : Formats.pad(row[i], widths[i] + 2));
      }
      lines.add(line.toString().stripTrailing());
    }
    return lines;
  }

  void print(Output out) {
    lines().forEach(out::line);
  }
}
