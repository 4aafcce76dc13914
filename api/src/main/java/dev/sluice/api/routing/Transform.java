package dev.sluice.api.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cel.runtime.CelEvaluationException;
import java.util.List;
import java.util.Map;

/** One compiled transform step; applied to the router's private copy of the message. */
sealed interface Transform {

  /**
   * Top-level fields {@code allow} always keeps: the type, the identifiers and the times, plus what
   * makes a message valid for its type ({@code event} of a track, {@code groupId} of a group,
   * {@code previousId} of an alias).
   */
  List<String> ALWAYS_KEPT =
      List.of(
          "type",
          "messageId",
          "userId",
          "anonymousId",
          "timestamp",
          "receivedAt",
          "event",
          "groupId",
          "previousId");

  /** Returns the transformed message (the same object, or a new one). */
  ObjectNode apply(ObjectNode message) throws TransformException;

  /** A step that could not be applied to this message. */
  final class TransformException extends Exception {
    TransformException(String message) {
      super(message, null, false, false);
    }
  }

  record Drop(List<FieldPath> paths) implements Transform {
    @Override
    public ObjectNode apply(ObjectNode message) {
      for (FieldPath path : paths) {
        path.remove(message);
      }
      return message;
    }
  }

  record Allow(List<FieldPath> paths) implements Transform {
    @Override
    public ObjectNode apply(ObjectNode message) throws TransformException {
      ObjectNode kept = message.objectNode();
      for (String key : ALWAYS_KEPT) {
        JsonNode value = message.get(key);
        if (value != null) {
          kept.set(key, value);
        }
      }
      for (FieldPath path : paths) {
        JsonNode value = path.get(message);
        if (value != null) {
          try {
            path.set(kept, value);
          } catch (FieldPath.PathConflictException e) {
            // allow [a, a.b] with a scalar a: a is already kept whole.
          }
        }
      }
      return kept;
    }
  }

  /** Moves each source path to its target, in the order written. */
  record Rename(Map<FieldPath, FieldPath> moves) implements Transform {
    @Override
    public ObjectNode apply(ObjectNode message) throws TransformException {
      for (Map.Entry<FieldPath, FieldPath> move : moves.entrySet()) {
        JsonNode value = move.getKey().remove(message);
        if (value != null) {
          try {
            move.getValue().set(message, value);
          } catch (FieldPath.PathConflictException e) {
            throw new TransformException("rename " + move.getKey() + ": " + e.getMessage());
          }
        }
      }
      return message;
    }
  }

  /**
   * Sets each path to the value of its expression. All expressions of one step see the message as
   * it was before the step, so their order within the step does not matter; later steps see the
   * result.
   */
  record Set(Map<FieldPath, CelEngine.Expression> assignments) implements Transform {
    @Override
    public ObjectNode apply(ObjectNode message) throws TransformException {
      JsonNode[] values = new JsonNode[assignments.size()];
      int i = 0;
      for (Map.Entry<FieldPath, CelEngine.Expression> assignment : assignments.entrySet()) {
        values[i++] = evaluate(assignment.getKey(), assignment.getValue(), message);
      }
      i = 0;
      for (FieldPath path : assignments.keySet()) {
        try {
          path.set(message, values[i++]);
        } catch (FieldPath.PathConflictException e) {
          throw new TransformException("set " + path + ": " + e.getMessage());
        }
      }
      return message;
    }

    private static JsonNode evaluate(
        FieldPath path, CelEngine.Expression expression, ObjectNode message)
        throws TransformException {
      try {
        return JsonCel.toJson(expression.evaluate(message));
      } catch (CelEvaluationException e) {
        throw new TransformException("set " + path + ": " + CelEngine.errorText(e));
      } catch (RuntimeException e) {
        throw new TransformException("set " + path + ": " + e.getMessage());
      }
    }
  }
}
