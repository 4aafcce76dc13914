package dev.sluice.bench.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each server's phases by round, and their ratios to the baseline's phase of the same kind in the
 * same round: on a shared machine only such same-run ratios mean anything.
 */
final class Summary {
  private record Row(
      int round, double eventsPerSecond, double usPerEvent, double p50, double load) {}

  private final Map<String, List<Row>> rows = new LinkedHashMap<>();
  private final String reference;

  /**
   * @param reference the server whose phases the others are divided by
   */
  Summary(String reference) {
    this.reference = reference;
  }

  void add(String phase, int round, LoadClient.Result result, double cores, double load) {
    double eps = result.eventsPerSecond();
    rows.computeIfAbsent(phase, k -> new ArrayList<>())
        .add(new Row(round, eps, cores / eps * 1e6, result.latencies().percentileMs(50), load));
  }

  void print() {
    System.out.printf(
        "%nsummary (median over rounds; ratios to %s in the same round)%n", reference);
    for (Map.Entry<String, List<Row>> e : rows.entrySet()) {
      String phase = e.getKey();
      List<Row> mine = e.getValue();
      String kind = phase.substring(phase.indexOf(' ') + 1);
      List<Row> base = rows.get(reference + " " + kind);
      List<Double> eps = new ArrayList<>();
      List<Double> cpu = new ArrayList<>();
      List<Double> epsRatio = new ArrayList<>();
      List<Double> cpuRatio = new ArrayList<>();
      List<Double> loads = new ArrayList<>();
      List<Double> p50 = new ArrayList<>();
      for (Row r : mine) {
        p50.add(r.p50());
        eps.add(r.eventsPerSecond());
        cpu.add(r.usPerEvent());
        loads.add(r.load());
        if (base != null) {
          for (Row b : base) {
            if (b.round() == r.round()) {
              epsRatio.add(r.eventsPerSecond() / b.eventsPerSecond());
              cpuRatio.add(r.usPerEvent() / b.usPerEvent());
            }
          }
        }
      }
      System.out.printf(
          "%-24s %9.0f events/s  p50 %6.2f ms  %6.2f us/event  events/s ratio %s"
              + "  CPU/event ratio %s  load %s%n",
          phase,
          median(eps),
          median(p50),
          median(cpu),
          base == null ? "-" : String.format("%.2f %s", median(epsRatio), fmt(epsRatio)),
          base == null ? "-" : String.format("%.2f %s", median(cpuRatio), fmt(cpuRatio)),
          fmt(loads));
    }
  }

  private static String fmt(List<Double> values) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      out.append(i > 0 ? " " : "").append(String.format("%.2f", values.get(i)));
    }
    return out.append(']').toString();
  }

  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
