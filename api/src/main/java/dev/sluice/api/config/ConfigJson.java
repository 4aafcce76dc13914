package dev.sluice.api.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;

/**
 * The one JSON form of {@link GatewayConfig} and {@link WorkerConfig}: the operator writes it into
 * ConfigMaps and Secrets, the data plane reads it back. Durations are ISO-8601 strings ({@code
 * "PT0.5S"}), so the files stay readable by a person.
 */
public final class ConfigJson {
  private static final ObjectMapper SHARED = mapper();

  private ConfigJson() {}

  /**
   * A new mapper configured for compiled configuration. Unknown fields are ignored when reading so
   * that a data-plane pod keeps working while an upgraded operator adds fields.
   */
  public static ObjectMapper mapper() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .build();
  }

  /** The JSON text of a config record; deterministic, so its hash can decide whether pods roll. */
  public static String write(Object config) {
    try {
      return SHARED.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write " + config.getClass().getSimpleName(), e);
    }
  }

  /**
   * Reads a config record written by {@link #write}.
   *
   * @throws IllegalArgumentException when the text is not such a record
   */
  public static <T> T read(String json, Class<T> type) {
    try {
      return SHARED.readValue(json, type);
    } catch (JsonProcessingException e) {
      // The message of a Jackson error can quote the input; the input can hold secrets.
      throw new IllegalArgumentException(
          "not a valid "
              + type.getSimpleName()
              + (e.getLocation() == null
                  ? ""
                  : " at line "
                      + e.getLocation().getLineNr()
                      + " column "
                      + e.getLocation().getColumnNr())
              + ": "
              + e.getOriginalMessage().replaceAll("\"[^\"]*\"", "\"…\""));
    }
  }
}
