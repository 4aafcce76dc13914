package dev.sluice.api.routing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A list of event names, exact or glob: {@code *} matches any run of characters (also none), {@code
 * ?} exactly one, and a backslash makes the next {@code *}, {@code ?} or backslash literal.
 * Everything else, regex metacharacters included, matches itself. Matching is case-sensitive.
 */
final class EventPatterns {
  private final Set<String> exact;
  private final List<Glob> globs;

  private record Glob(String text, Pattern pattern) {}

  private EventPatterns(Set<String> exact, List<Glob> globs) {
    this.exact = exact;
    this.globs = globs;
  }

  /** Compiles the list; adds a problem per malformed entry under {@code field[i]}. */
  static EventPatterns compile(List<String> patterns, String field, List<RouteProblem> problems) {
    Set<String> exact = new HashSet<>();
    List<Glob> globs = new ArrayList<>();
    for (int i = 0; i < patterns.size(); i++) {
      String text = patterns.get(i);
      String at = field + "[" + i + "]";
      if (text == null || text.isEmpty()) {
        problems.add(new RouteProblem(at, "an event name or pattern must not be empty"));
        continue;
      }
      try {
        Pattern regex = toRegex(text);
        if (regex == null) {
          exact.add(unescape(text));
        } else {
          globs.add(new Glob(text, regex));
        }
      } catch (IllegalArgumentException e) {
        problems.add(new RouteProblem(at, e.getMessage()));
      }
    }
    return new EventPatterns(Set.copyOf(exact), List.copyOf(globs));
  }

  /** The pattern this event matches (its text), or null when none does. */
  String match(String event) {
    if (exact.contains(event)) {
      return event;
    }
    for (Glob glob : globs) {
      if (glob.pattern.matcher(event).matches()) {
        return glob.text;
      }
    }
    return null;
  }

  /** A regex for a glob, or null when the text has no wildcard (an exact name). */
  private static Pattern toRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    boolean wildcard = false;
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '\\') {
        if (i + 1 == glob.length()) {
          throw new IllegalArgumentException(
              "pattern '" + glob + "' ends with a lone backslash; write \\\\ for a backslash");
        }
        char next = glob.charAt(++i);
        if (next != '*' && next != '?' && next != '\\') {
          throw new IllegalArgumentException(
              "pattern '" + glob + "' escapes '" + next + "'; only \\*, \\? and \\\\ are escapes");
        }
        literal.append(next);
      } else if (c == '*' || c == '?') {
        wildcard = true;
        flush(regex, literal);
        regex.append(c == '*' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    flush(regex, literal);
    return wildcard ? Pattern.compile(regex.toString(), Pattern.DOTALL) : null;
  }

  private static void flush(StringBuilder regex, StringBuilder literal) {
    if (!literal.isEmpty()) {
      regex.append(Pattern.quote(literal.toString()));
      literal.setLength(0);
    }
  }

  private static String unescape(String text) {
    return text.indexOf('\\') < 0 ? text : text.replaceAll("\\\\(.)", "$1");
  }
}
