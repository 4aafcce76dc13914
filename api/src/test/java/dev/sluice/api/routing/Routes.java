package dev.sluice.api.routing;

import dev.sluice.api.config.ConnectionConfig;
import dev.sluice.api.v1alpha1.ConnectionSpec.EventNames;
import dev.sluice.api.v1alpha1.ConnectionSpec.Filter;
import dev.sluice.api.v1alpha1.ConnectionSpec.TransformStep;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helper: builds filters, transform steps and routers tersely. */
final class Routes {
  static final String INTEGRATION = "Webhook";

  private Routes() {}

  static ConnectionRouter router(Filter filter, TransformStep... steps) {
    return router(true, filter, steps);
  }

  static ConnectionRouter router(boolean enabled, Filter filter, TransformStep... steps) {
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

  static Filter types(String... types) {
    return new Filter(List.of(types), null, null, null);
  }

  static Filter include(String... events) {
    return new Filter(null, new EventNames(List.of(events), null), null, null);
  }

  static Filter exclude(String... events) {
    return new Filter(null, new EventNames(null, List.of(events)), null, null);
  }

  static Filter sample(int percent) {
    return new Filter(null, null, null, percent);
  }

  static Filter condition(String expression) {
    return new Filter(null, null, expression, null);
  }

  static TransformStep drop(String... paths) {
    return new TransformStep(Arrays.asList(paths), null, null, null);
  }

  static TransformStep allow(String... paths) {
    return new TransformStep(null, Arrays.asList(paths), null, null);
  }

  /** from, to, from, to, ... in order */
  static TransformStep rename(String... pairs) {
    return new TransformStep(null, null, pairs(pairs), null);
  }

  /** path, expression, path, expression, ... in order */
  static TransformStep set(String... pairs) {
    return new TransformStep(null, null, null, pairs(pairs));
  }

  private static Map<String, String> pairs(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }
}
