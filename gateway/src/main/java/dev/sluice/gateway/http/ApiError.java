package dev.sluice.gateway.http;

/**
 * The one failure a handler reports: it becomes {@code {"success":false,"code":..,"message":..}}
 * with its status (and {@code Retry-After} when set), rendered the same way on every path.
 */
public final class ApiError extends Exception {
  private final int status;
  private final String code;
  private final int retryAfterSeconds;

  public ApiError(int status, String code, String message) {
    this(status, code, message, 0);
  }

  public ApiError(int status, String code, String message, int retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** 0 when the answer carries no {@code Retry-After}. */
  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public static ApiError badRequest(String code, String message) {
    return new ApiError(400, code, message);
  }

  public static ApiError tooLarge(String code, String message) {
    return new ApiError(413, code, message);
  }

  public static ApiError unauthorized(String code, String message) {
    return new ApiError(401, code, message);
  }

  public static ApiError unavailable(String code, String message, int retryAfterSeconds) {
    return new ApiError(503, code, message, retryAfterSeconds);
  }
}
