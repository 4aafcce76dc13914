package dev.sluice.gateway.http;

import dev.sluice.api.message.ErrorCode;
import dev.sluice.api.message.IngestException;

/**
 * The one failure a handler reports: it becomes {@code {"success":false,"code":..,"message":..}}
 * with the status of its code (and {@code Retry-After} when set), rendered the same way on every
 * path. {@link #statusOf} is the one place where codes become HTTP statuses.
 */
public final class ApiError extends Exception {
  private final ErrorCode code;
  private final int retryAfterSeconds;

  public ApiError(ErrorCode code, String message) {
    this(code, message, 0);
  }

  public ApiError(ErrorCode code, String message, int retryAfterSeconds) {
    super(message, null, false, false);
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The answer to a body that cannot be ingested. */
  public static ApiError of(IngestException e) {
    return new ApiError(e.code(), e.getMessage());
  }

  public int status() {
    return statusOf(code.kind());
  }

  public ErrorCode code() {
    return code;
  }

  /** 0 when the answer carries no {@code Retry-After}. */
  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** Segment's statuses: clients retry 408, 429 and 5xx, and drop the other 4xx. */
  public static int statusOf(ErrorCode.Kind kind) {
    return switch (kind) {
      case BAD_INPUT -> 400;
      case UNAUTHORIZED -> 401;
      case FORBIDDEN -> 403;
      case NOT_FOUND -> 404;
      case METHOD_NOT_ALLOWED -> 405;
      case TOO_LARGE -> 413;
      case UNSUPPORTED_ENCODING -> 415;
      case RATE_LIMITED -> 429;
      case INTERNAL -> 500;
      case UNAVAILABLE -> 503;
    };
  }
}
