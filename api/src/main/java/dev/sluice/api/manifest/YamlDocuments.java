package dev.sluice.api.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits a YAML stream at its document markers so each document parses on its own: a syntax error
 * in one does not hide the others. Each piece is padded with blank lines so that the line numbers
 * in a parser's error are the file's.
 */
final class YamlDocuments {
  private static final Pattern START = Pattern.compile("^---(\\s.*)?$");
  private static final Pattern END = Pattern.compile("^\\.\\.\\.\\s*$");

  private YamlDocuments() {}

  /**
   * @param index 1-based position in the file
   * @param firstLine 1-based line where the document's content starts
   */
  record Document(int index, int firstLine, String text) {}

  static List<Document> split(String text) {
    List<Document> documents = new ArrayList<>();
    String[] lines = text.split("\\r?\\n", -1);
    StringBuilder current = new StringBuilder();
    int firstLine = 1;
    boolean hasContent = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      boolean start = START.matcher(line).matches();
      if (start || END.matcher(line).matches()) {
        if (hasContent) {
          documents.add(new Document(documents.size() + 1, firstLine, current.toString()));
        }
        current.setLength(0);
        current.append("\n".repeat(i));
        firstLine = i + 1;
        hasContent = false;
        if (start) {
          // "--- {a: 1}" puts content on the marker line; keep it, without the marker.
          String rest = line.substring(3);
          current.append("   ").append(rest);
          hasContent = !rest.isBlank();
        }
        current.append('\n');
        continue;
      }
      if (!hasContent && !line.isBlank() && !line.stripLeading().startsWith("#")) {
        hasContent = true;
        firstLine = i + 1;
      }
      current.append(line).append('\n');
    }
    if (hasContent) {
      documents.add(new Document(documents.size() + 1, firstLine, current.toString()));
    }
    return documents;
  }
}
