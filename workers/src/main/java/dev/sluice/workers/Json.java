package dev.sluice.workers;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.config.ConfigJson;

/**
 * The workers' mapper for configuration files (the shared {@link ConfigJson} form). Messages are
 * read and written with {@code dev.sluice.api.message.MessageJson}, which keeps numbers exact.
 */
public final class Json {
  private Json() {}

  public static final ObjectMapper MAPPER = ConfigJson.mapper();
}
