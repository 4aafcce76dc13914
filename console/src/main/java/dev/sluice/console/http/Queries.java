package dev.sluice.console.http;

import io.vertx.ext.web.RoutingContext;

/** Query parameters, checked: a bad one is a 400 that names it. */
public final class Queries {
  private Queries() {}

  public static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
    String text = ctx.queryParams().get(name);
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text.strip());
      if (value < min || value > max) {
        throw ApiException.badRequest(name + " must be between " + min + " and " + max);
      }
      return value;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name + " must be a number, not '" + text + "'");
    }
  }
}
