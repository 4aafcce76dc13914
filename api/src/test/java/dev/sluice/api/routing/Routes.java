package dev.sluice.api.routing;

import dev.sluice.api.config.ConnectionConfig;
import dev.sluice.api.config.FilterConfig;
import dev.sluice.api.config.TransformConfig;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helper: builds filters, transform steps and routers tersely. */
final class Routes {
  static final String INTEGRATION = "Webhook";

  private Routes() {}

  static ConnectionRouter router(FilterConfig filter, TransformConfig... steps) {
    return router(true, filter, steps);
  }

  static ConnectionRouter router(boolean enabled, FilterConfig filter, TransformConfig... steps) {
    try {
      return ConnectionRouter.compile(
          new ConnectionConfig(
              "shop-to-hook",
              "web-shop",
              "sluice.shop.web-shop",
              enabled,
              filter,
              List.of(steps),
              "latest"),
          INTEGRATION);
    } catch (RouteCompileException e) {
      throw new AssertionError(e.problems().toString(), e);
    }
  }

  static FilterConfig types(String... types) {
    return new FilterConfig(List.of(types), null, null, null);
  }

  static FilterConfig include(String... events) {
    return new FilterConfig(null, new FilterConfig.EventNames(List.of(events), null), null, null);
  }

  static FilterConfig exclude(String... events) {
    return new FilterConfig(null, new FilterConfig.EventNames(null, List.of(events)), null, null);
  }

  static FilterConfig sample(int percent) {
    return new FilterConfig(null, null, null, percent);
  }

  static FilterConfig condition(String expression) {
    return new FilterConfig(null, null, expression, null);
  }

  static TransformConfig drop(String... paths) {
    return new TransformConfig(Arrays.asList(paths), null, null, null);
  }

  static TransformConfig allow(String... paths) {
    return new TransformConfig(null, Arrays.asList(paths), null, null);
  }

  /** from, to, from, to, ... in order */
  static TransformConfig rename(String... pairs) {
    return new TransformConfig(null, null, pairs(pairs), null);
  }

  /** path, expression, path, expression, ... in order */
  static TransformConfig set(String... pairs) {
    return new TransformConfig(null, null, null, pairs(pairs));
  }

  private static Map<String, String> pairs(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }
}
