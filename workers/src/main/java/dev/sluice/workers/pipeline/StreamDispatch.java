package dev.sluice.workers.pipeline;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * For a connector that keeps arrival order itself and completes a send only once the message is
 * durable later (an archive rolls a file): every unit goes at once, counts against no concurrency
 * limit and holds no key back, or the connector could never fill a file.
 */
final class StreamDispatch implements Dispatch {
  private final Function<Unit, Future<Void>> attempt;

  /** Nothing waits here (a drain may still look, and remove from it). */
  private final Collection<Unit> nothingQueued = new ArrayList<>(0);

  /**
   * @param attempt sends a unit and settles its outcome
   */
  StreamDispatch(Function<Unit, Future<Void>> attempt) {
    this.attempt = attempt;
  }

  @Override
  public void submit(Tracked t) {
    attempt.apply(Unit.of(t));
  }

  @Override
  public void retry(Unit unit) {
    attempt.apply(unit);
  }

  @Override
  public void settled(Tracked t) {}

  @Override
  public List<Tracked> abandoned(Tracked t) {
    return List.of();
  }

  @Override
  public void closeBatch() {}

  @Override
  public Collection<Unit> ready() {
    return nothingQueued;
  }

  @Override
  public List<Tracked> releaseWaiting() {
    return List.of();
  }

  @Override
  public void pump() {}
}
