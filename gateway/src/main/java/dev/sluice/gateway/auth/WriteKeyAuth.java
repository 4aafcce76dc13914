package dev.sluice.gateway.auth;

import dev.sluice.api.config.SourceConfig;
import dev.sluice.api.config.WriteKeys;
import dev.sluice.api.message.ErrorCode;
import dev.sluice.gateway.http.ApiError;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Finds the write key and the Source it opens. Segment's clients put the key in HTTP Basic (user
 * name, empty password), in {@code X-Write-Key}, or only in the JSON body (analytics-java); a
 * header wins over the body.
 */
public final class WriteKeyAuth {
  private WriteKeyAuth() {}

  /** The key from the headers, or null when none is given. */
  public static String fromHeaders(HttpServerRequest request) throws ApiError {
    String authorization = request.getHeader("Authorization");
    if (authorization != null && !authorization.isBlank()) {
      return fromBasic(authorization);
    }
    String header = request.getHeader("X-Write-Key");
    return header == null || header.isBlank() ? null : header.trim();
  }

  static String fromBasic(String authorization) throws ApiError {
    String value = authorization.trim();
    if (value.length() < 6 || !value.regionMatches(true, 0, "Basic ", 0, 6)) {
      throw new ApiError(
          ErrorCode.INVALID_WRITE_KEY,
          "Authorization must be Basic with the write key as user name");
    }
    String decoded;
    try {
      decoded =
          new String(Base64.getDecoder().decode(value.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ApiError(
          ErrorCode.INVALID_WRITE_KEY, "Authorization Basic credentials are not valid base64");
    }
    int colon = decoded.indexOf(':');
    String user = colon < 0 ? decoded : decoded.substring(0, colon);
    String password = colon < 0 ? "" : decoded.substring(colon + 1);
    // Some SDKs put the key in the password instead; accept that rather than reject a real key.
    String key = user.isEmpty() ? password : user;
    if (key.isEmpty()) {
      throw new ApiError(ErrorCode.MISSING_WRITE_KEY, "Authorization Basic carries no write key");
    }
    return key;
  }

  /** The Source for a key found in the headers (preferred) or the body. */
  public static Authenticated authenticate(String headerKey, String bodyKey, SourceIndex sources)
      throws ApiError {
    String key = headerKey != null ? headerKey : bodyKey;
    if (key == null || key.isEmpty()) {
      throw new ApiError(
          ErrorCode.MISSING_WRITE_KEY,
          "no write key: use HTTP Basic (key as user name), X-Write-Key or \"writeKey\" in the body");
    }
    String hash = WriteKeys.hash(key);
    Optional<SourceConfig> source = sources.byKeyHash(hash);
    if (source.isEmpty()) {
      throw new ApiError(ErrorCode.INVALID_WRITE_KEY, "the write key is not valid");
    }
    if (!source.get().enabled()) {
      throw new ApiError(ErrorCode.SOURCE_DISABLED, "the Source of this write key is disabled");
    }
    return new Authenticated(source.get(), hash);
  }
}
