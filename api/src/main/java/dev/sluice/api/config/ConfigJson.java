package dev.sluice.api.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The one JSON form of {@link GatewayConfig} and {@link WorkerConfig}: the operator writes it into
 * ConfigMaps and Secrets, the data plane reads it back. Durations are ISO-8601 strings ({@code
 * "PT0.5S"}), so the files stay readable by a person.
 *
 * <p>Every document carries {@code "formatVersion"}. A reader refuses a version newer than {@link
 * #FORMAT_VERSION} ({@link NewerFormatException}), so a data plane older than its operator keeps
 * its last good configuration instead of running half of a new one. Fields are all required (a
 * missing one is named in the error); unknown fields are ignored, so an operator may add optional
 * fields without a version change.
 */
public final class ConfigJson {
  /** The version this build writes and the newest it reads. */
  public static final int FORMAT_VERSION = 1;

  static final String VERSION_FIELD = "formatVersion";

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  private ConfigJson() {}

  /**
   * The JSON text of a config record, its format version first; deterministic, so its hash can
   * decide whether pods roll.
   */
  public static String write(Object config) {
    JsonNode tree = MAPPER.valueToTree(config);
    if (tree.isObject()) {
      ObjectNode versioned = MAPPER.createObjectNode().put(VERSION_FIELD, FORMAT_VERSION);
      versioned.setAll((ObjectNode) tree);
      tree = versioned;
    }
    try {
      return MAPPER.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write " + config.getClass().getSimpleName(), e);
    }
  }

  /** Reads a file's bytes; see {@link #read(String, Class)}. */
  public static <T> T read(byte[] json, Class<T> type) {
    return read(new String(json, StandardCharsets.UTF_8), type);
  }

  /**
   * Reads a config record written by {@link #write}.
   *
   * @throws NewerFormatException when the document's format is newer than this build reads
   * @throws IllegalArgumentException when the text is not such a record, naming what is wrong
   */
  public static <T> T read(String json, Class<T> type) {
    try {
      JsonNode version = MAPPER.readTree(json).get(VERSION_FIELD);
      if (version == null || !version.canConvertToInt()) {
        throw new IllegalArgumentException(
            "not a valid " + type.getSimpleName() + ": formatVersion is required");
      }
      if (version.intValue() > FORMAT_VERSION) {
        throw new NewerFormatException(type.getSimpleName(), version.intValue(), FORMAT_VERSION);
      }
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw invalid(type, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static IllegalArgumentException invalid(Class<?> type, JsonProcessingException e) {
    // A constructor's own check says which field is missing: that is the useful part.
    Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : null;
    String detail = cause != null ? cause.getMessage() : e.getOriginalMessage();
    String where =
        e.getLocation() == null
            ? ""
            : " at line "
                + e.getLocation().getLineNr()
                + " column "
                + e.getLocation().getColumnNr();
    // The message of a Jackson error can quote the input; the input can hold secrets.
    return new IllegalArgumentException(
        "not a valid "
            + type.getSimpleName()
            + where
            + ": "
            + detail.replaceAll("\"[^\"]*\"", "\"…\""));
  }

  /** A document written by a newer Sluice than this one: keep running the last good one. */
  public static final class NewerFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    NewerFormatException(String type, int version, int newest) {
      super(
          type
              + " has formatVersion "
              + version
              + ", newer than this build reads ("
              + newest
              + "); upgrade the data plane to run it");
    }
  }
}
