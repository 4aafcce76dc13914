package dev.sluice.console;

import dev.sluice.api.config.SourceConfig;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.console.http.ApiException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The latest snapshot, and the open views that want to hear when it changes. */
public final class ConsoleState {
  private volatile ConsoleSnapshot snapshot;
  private final List<Consumer<ConsoleSnapshot>> listeners = new CopyOnWriteArrayList<>();

  ConsoleState(ConsoleSnapshot initial) {
    this.snapshot = initial;
  }

  public ConsoleSnapshot snapshot() {
    return snapshot;
  }

  void update(ConsoleSnapshot next) {
    snapshot = next;
    listeners.forEach(listener -> listener.accept(next));
  }

  /** Registers a listener; the returned action removes it (a view closing). */
  public Runnable listen(Consumer<ConsoleSnapshot> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  public int listenerCount() {
    return listeners.size();
  }

  public SourceConfig source(String namespace, String name) {
    return snapshot.compilation().gateway().sources().stream()
        .filter(s -> s.namespace().equals(namespace) && s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> ApiException.notFound("Source " + namespace + "/" + name));
  }

  public WorkerConfig destination(String namespace, String name) {
    return snapshot.compilation().workers().stream()
        .filter(w -> w.namespace().equals(namespace) && w.destination().equals(name))
        .findFirst()
        .orElseThrow(() -> ApiException.notFound("Destination " + namespace + "/" + name));
  }
}
