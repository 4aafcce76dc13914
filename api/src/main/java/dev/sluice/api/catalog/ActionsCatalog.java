package dev.sluice.api.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * The catalog description committed at {@code catalog/actions.json.gz}, read once (about 3.6 MB of
 * JSON, 40 ms) on first use.
 */
public final class ActionsCatalog {
  public static final String RESOURCE = "/catalog/actions.json.gz";

  /** The file as the generator writes it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record File(
      int formatVersion,
      @JsonProperty("package") PackageVersion pkg,
      List<CatalogDestination> destinations) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record PackageVersion(String name, String version, String core) {}

  private static final class Holder {
    static final ActionsCatalog INSTANCE = load();
  }

  private final String version;
  private final Map<String, CatalogDestination> bySlug = new LinkedHashMap<>();

  private ActionsCatalog(File file) {
    this.version = file.pkg().name() + "@" + file.pkg().version();
    for (CatalogDestination d : file.destinations()) {
      bySlug.put(d.slug(), d);
    }
  }

  /** The committed catalog. */
  public static ActionsCatalog get() {
    return Holder.INSTANCE;
  }

  /** Reads a catalog description (JSON, not gzip), e.g. one the generator just printed. */
  public static ActionsCatalog read(InputStream json) throws IOException {
    return new ActionsCatalog(mapper().readValue(json, File.class));
  }

  private static ActionsCatalog load() {
    try (InputStream in = ActionsCatalog.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      return read(new GZIPInputStream(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  private static ObjectMapper mapper() {
    return new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  }

  /** {@code @segment/action-destinations@3.497.0}. */
  public String version() {
    return version;
  }

  public Optional<CatalogDestination> destination(String slug) {
    return Optional.ofNullable(bySlug.get(slug));
  }

  public List<CatalogDestination> destinations() {
    return List.copyOf(bySlug.values());
  }
}
