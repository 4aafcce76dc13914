package dev.sluice.api.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks Segment's subscription syntax (a subset of its FQL) without running it: the runtime's own
 * parser evaluates it. Grammar:
 *
 * <pre>
 * expr       = term { ("and" | "or") term }
 * term       = ["!"] ( "(" expr ")" | function | comparison )
 * function   = ("contains" | "match") "(" field "," string ")"
 * comparison = field ("=" | "!=" | "&lt;" | "&lt;=" | "&gt;" | "&gt;=") value
 * field      = ("type" | "event" | "name" | "userId" | "context" | "properties" | "traits")
 *              { "." identifier }
 * value      = string | number | word (true, false, null, or a bare string)
 * </pre>
 */
public final class SubscriptionSyntax {
  private static final Set<String> ROOTS =
      Set.of("type", "event", "name", "userId", "context", "properties", "traits");
  private static final Set<String> OPERATORS = Set.of("=", "!=", "<", "<=", ">", ">=");

  private record Token(Kind kind, String text, int at) {}

  private enum Kind {
    IDENT,
    STRING,
    NUMBER,
    OPERATOR,
    PUNCT,
    END
  }

  private final List<Token> tokens;
  private int next;

  private SubscriptionSyntax(List<Token> tokens) {
    this.tokens = tokens;
  }

  /** Empty when {@code text} parses, else what is wrong and where. */
  public static Optional<String> check(String text) {
    if (text == null || text.isBlank()) {
      return Optional.of("a subscription is required, e.g. type = \"track\"");
    }
    try {
      SubscriptionSyntax parser = new SubscriptionSyntax(tokenize(text));
      parser.expression();
      parser.expect(Kind.END, "end of the subscription");
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  private void expression() {
    term();
    while (peek().kind == Kind.IDENT
        && (peek().text.equalsIgnoreCase("and") || peek().text.equalsIgnoreCase("or"))) {
      next++;
      term();
    }
  }

  private void term() {
    Token t = peek();
    if (t.kind == Kind.OPERATOR && t.text.equals("!")) {
      next++;
      t = peek();
    }
    if (t.kind == Kind.PUNCT && t.text.equals("(")) {
      next++;
      expression();
      expect(Kind.PUNCT, ")");
      return;
    }
    if (t.kind == Kind.IDENT && (t.text.equals("contains") || t.text.equals("match"))) {
      next++;
      expect(Kind.PUNCT, "(");
      field();
      expect(Kind.PUNCT, ",");
      expect(Kind.STRING, "a quoted string");
      expect(Kind.PUNCT, ")");
      return;
    }
    field();
    Token op = peek();
    if (op.kind == Kind.OPERATOR && op.text.equals("==")) {
      // Segment's parser reads == as = followed by the value "=", so it never matches.
      throw new IllegalArgumentException(
          "use = rather than == at character "
              + (op.at + 1)
              + " (Segment's parser reads == as comparing with \"=\")");
    }
    if (op.kind != Kind.OPERATOR || !OPERATORS.contains(op.text)) {
      throw error(op, "an operator (=, !=, <, <=, >, >=)");
    }
    next++;
    Token value = peek();
    // A bare word is a string to Segment's parser (type = track), as are true, false and null.
    boolean literal =
        value.kind == Kind.STRING || value.kind == Kind.NUMBER || value.kind == Kind.IDENT;
    if (!literal) {
      throw error(value, "a value (a quoted string, a number, a word, true, false or null)");
    }
    next++;
  }

  private void field() {
    Token t = peek();
    String root = t.kind == Kind.IDENT ? t.text.split("\\.", 2)[0] : "";
    if (!ROOTS.contains(root)) {
      throw error(
          t, "a field (type, event, name, userId, or a path under context, properties, traits)");
    }
    next++;
  }

  private void expect(Kind kind, String what) {
    Token t = peek();
    if (t.kind != kind || (kind == Kind.PUNCT && !t.text.equals(what))) {
      throw error(t, what);
    }
    next++;
  }

  private Token peek() {
    return tokens.get(next);
  }

  private static IllegalArgumentException error(Token t, String expected) {
    String found = t.kind == Kind.END ? "the end" : "\"" + t.text + "\"";
    return new IllegalArgumentException(
        "expected " + expected + " at character " + (t.at + 1) + ", found " + found);
  }

  private static List<Token> tokenize(String s) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      int start = i;
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '"') {
        i++;
        while (i < s.length() && s.charAt(i) != '"') {
          i += s.charAt(i) == '\\' ? 2 : 1;
        }
        if (i >= s.length()) {
          throw new IllegalArgumentException(
              "a string opened at character " + (start + 1) + " is not closed");
        }
        i++;
        out.add(new Token(Kind.STRING, s.substring(start, i), start));
      } else if (Character.isDigit(c) || (c == '-' && i + 1 < s.length() && isDigit(s, i + 1))) {
        i++;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
          i++;
        }
        out.add(new Token(Kind.NUMBER, s.substring(start, i), start));
      } else if (Character.isLetter(c) || c == '_' || c == '$') {
        // Field paths may hold dots, and escaped characters (properties.my\ field).
        while (i < s.length() && isIdent(s.charAt(i))) {
          i += s.charAt(i) == '\\' ? 2 : 1;
        }
        out.add(new Token(Kind.IDENT, s.substring(start, Math.min(i, s.length())), start));
      } else if (c == '!' || c == '<' || c == '>' || c == '=') {
        i++;
        if (i < s.length() && s.charAt(i) == '=') {
          i++;
        }
        out.add(new Token(Kind.OPERATOR, s.substring(start, i), start));
      } else if (c == '(' || c == ')' || c == ',') {
        i++;
        out.add(new Token(Kind.PUNCT, String.valueOf(c), start));
      } else {
        throw new IllegalArgumentException(
            "unexpected character '" + c + "' at character " + (start + 1));
      }
    }
    out.add(new Token(Kind.END, "", s.length()));
    return out;
  }

  private static boolean isDigit(String s, int i) {
    return Character.isDigit(s.charAt(i));
  }

  private static boolean isIdent(char c) {
    return Character.isLetterOrDigit(c)
        || c == '_'
        || c == '.'
        || c == '$'
        || c == '-'
        || c == '\\';
  }
}
