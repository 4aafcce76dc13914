package dev.sluice.api.routing;

import dev.sluice.api.config.FilterConfig;
import dev.sluice.api.config.TransformConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks a filter and transform list, collecting every problem, and builds the compiled parts. */
final class RouteCompiler {
  /** Segment's message types. */
  static final Set<String> MESSAGE_TYPES =
      Set.of("track", "identify", "page", "screen", "group", "alias");

  private static final String FILTER = "spec.filter";
  private static final String TRANSFORM = "spec.transform";

  private final List<RouteProblem> problems = new ArrayList<>();
  private final FilterStages filter;
  private final List<Transform> transforms = new ArrayList<>();

  RouteCompiler(FilterConfig filter, List<TransformConfig> steps) {
    this.filter = filter == null ? FilterStages.NONE : compileFilter(filter);
    for (int i = 0; i < steps.size(); i++) {
      Transform step = compileStep(steps.get(i), TRANSFORM + "[" + i + "]");
      if (step != null) {
        transforms.add(step);
      }
    }
  }

  List<RouteProblem> problems() {
    return List.copyOf(problems);
  }

  FilterStages filter() {
    return filter;
  }

  List<Transform> transforms() {
    return List.copyOf(transforms);
  }

  private FilterStages compileFilter(FilterConfig spec) {
    Set<String> types = null;
    if (spec.types() != null && !spec.types().isEmpty()) {
      types = new LinkedHashSet<>();
      for (int i = 0; i < spec.types().size(); i++) {
        String type = spec.types().get(i);
        if (MESSAGE_TYPES.contains(type)) {
          types.add(type);
        } else {
          problems.add(
              new RouteProblem(
                  FILTER + ".types[" + i + "]",
                  "unknown message type '"
                      + type
                      + "'; expected one of track, identify, page, screen, group, alias"));
        }
      }
      // keeps the written order for details like "not in filter.types [track, page]"
      types = Collections.unmodifiableSet(types);
    }
    EventPatterns include = null;
    EventPatterns exclude = null;
    if (spec.events() != null) {
      List<String> in = spec.events().include();
      List<String> out = spec.events().exclude();
      boolean hasIn = in != null && !in.isEmpty();
      boolean hasOut = out != null && !out.isEmpty();
      if (hasIn && hasOut) {
        problems.add(
            new RouteProblem(
                FILTER + ".events",
                "set include or exclude, not both (include already drops the rest)"));
      }
      if (hasIn) {
        include = EventPatterns.compile(in, FILTER + ".events.include", problems);
      }
      if (hasOut) {
        exclude = EventPatterns.compile(out, FILTER + ".events.exclude", problems);
      }
    }
    Sampler sampler = null;
    if (spec.samplePercent() != null) {
      int percent = spec.samplePercent();
      if (percent < 0 || percent > 100) {
        problems.add(
            new RouteProblem(
                FILTER + ".samplePercent", "must be between 0 and 100, not " + percent));
      } else if (percent < 100) {
        sampler = new Sampler(percent);
      }
    }
    MessageCondition condition = null;
    if (spec.condition() != null) {
      condition = MessageCondition.compile(spec.condition(), FILTER + ".condition", problems);
    }
    return new FilterStages(types, include, exclude, sampler, condition);
  }

  private Transform compileStep(TransformConfig step, String field) {
    if (step == null) {
      problems.add(new RouteProblem(field, "a transform step must not be empty"));
      return null;
    }
    List<String> set = new ArrayList<>();
    if (step.drop() != null) set.add("drop");
    if (step.allow() != null) set.add("allow");
    if (step.rename() != null) set.add("rename");
    if (step.set() != null) set.add("set");
    if (set.size() != 1) {
      problems.add(
          new RouteProblem(
              field,
              "a transform step needs exactly one of drop, allow, rename, set; "
                  + (set.isEmpty() ? "it has none" : "it has " + String.join(" and ", set))));
      return null;
    }
    return switch (set.get(0)) {
      case "drop" -> new Transform.Drop(paths(step.drop(), field + ".drop"));
      case "allow" -> new Transform.Allow(paths(step.allow(), field + ".allow"));
      case "rename" -> rename(step.rename(), field + ".rename");
      default -> assignments(step.set(), field + ".set");
    };
  }

  private List<FieldPath> paths(List<String> texts, String field) {
    List<FieldPath> paths = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      FieldPath path = path(texts.get(i), field + "[" + i + "]");
      if (path != null) {
        paths.add(path);
      }
    }
    return List.copyOf(paths);
  }

  private Transform rename(Map<String, String> moves, String field) {
    Map<FieldPath, FieldPath> compiled = new LinkedHashMap<>();
    moves.forEach(
        (from, to) -> {
          String at = field + "[" + from + "]";
          FieldPath source = path(from, at);
          FieldPath target = path(to, at);
          if (source != null && target != null) {
            compiled.put(source, target);
          }
        });
    return new Transform.Rename(compiled);
  }

  private Transform assignments(Map<String, String> set, String field) {
    Map<FieldPath, CelEngine.Expression> compiled = new LinkedHashMap<>();
    set.forEach(
        (target, expression) -> {
          String at = field + "[" + target + "]";
          FieldPath path = path(target, at);
          CelEngine.Expression value = CelEngine.compile(expression, false, at, problems);
          if (path != null && value != null) {
            compiled.put(path, value);
          }
        });
    return new Transform.Set(compiled);
  }

  private FieldPath path(String text, String field) {
    try {
      return FieldPath.parse(text);
    } catch (IllegalArgumentException e) {
      problems.add(new RouteProblem(field, e.getMessage()));
      return null;
    }
  }
}
