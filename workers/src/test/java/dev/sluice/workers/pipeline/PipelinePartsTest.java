package dev.sluice.workers.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.workers.delivery.Delivery;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PipelinePartsTest {
  final TopicPartition p0 = new TopicPartition("t", 0);

  @Test
  void offsetsAdvanceOnlyUpToTheFirstRecordNotDone() {
    OffsetTracker tracker = new OffsetTracker();
    OffsetTracker.Entry a = tracker.add(p0, 10);
    OffsetTracker.Entry b = tracker.add(p0, 11);
    OffsetTracker.Entry c = tracker.add(p0, 12);
    a.pending = 1;
    b.pending = 2;
    c.pending = 1;

    tracker.partDone(c);
    assertThat(tracker.committable()).isEmpty();
    tracker.partDone(a);
    assertThat(tracker.committable()).containsEntry(p0, 11L);
    tracker.partDone(b);
    assertThat(tracker.committable()).containsEntry(p0, 11L);
    tracker.partDone(b);
    assertThat(tracker.committable()).containsEntry(p0, 13L);
    assertThat(tracker.size()).isZero();
    assertThat(tracker.drained(List.of(p0))).isTrue();
  }

  @Test
  void revokedPartitionsAreForgotten() {
    OffsetTracker tracker = new OffsetTracker();
    OffsetTracker.Entry a = tracker.add(p0, 0);
    a.pending = 1;
    tracker.remove(List.of(p0));
    tracker.partDone(a);
    assertThat(tracker.committable()).isEmpty();
    assertThat(tracker.size()).isZero();
  }

  @Test
  void anAbandonedPartStopsTheOffsetButNotTheDrain() {
    OffsetTracker tracker = new OffsetTracker();
    OffsetTracker.Entry a = tracker.add(p0, 10);
    OffsetTracker.Entry b = tracker.add(p0, 11);
    OffsetTracker.Entry c = tracker.add(p0, 12);
    a.pending = 1;
    b.pending = 2;
    c.pending = 1;
    tracker.partDone(a);
    tracker.abandon(b);
    assertThat(tracker.drained(List.of(p0))).as("b's other part is still out").isFalse();
    tracker.partDone(b);
    tracker.partDone(c);
    assertThat(tracker.drained(List.of(p0))).isTrue();
    assertThat(tracker.committable()).as("never past the abandoned record").containsEntry(p0, 11L);
  }

  @Test
  void aDrainTakesOutRetriesOfItsPartitionsOnlyAndLetsFirstAttemptsGo() {
    TopicPartition p1 = new TopicPartition("t", 1);
    OffsetTracker tracker = new OffsetTracker();
    Draining draining = new Draining();
    Tracked a0 = delivery(tracker.add(p0, 0));
    Tracked a1 = delivery(tracker.add(p1, 0));
    Unit waiting = new Unit().add(a0).add(a1);
    waiting.attempted(503, "busy");
    draining.retryLater(waiting, 7);
    Tracked b0 = delivery(tracker.add(p0, 1));
    Unit dueRetry = new Unit().add(b0);
    dueRetry.attempted(503, "busy");
    Tracked c0 = delivery(tracker.add(p0, 2));
    Unit firstAttempt = new Unit().add(c0);
    ArrayDeque<Unit> ready = new ArrayDeque<>(List.of(dueRetry, firstAttempt));
    List<Long> cancelled = new ArrayList<>();

    List<Tracked> stopped = draining.start(List.of(p0), ready, cancelled::add);

    assertThat(stopped).containsExactlyInAnyOrder(a0, b0);
    assertThat(waiting.items).containsExactly(a1);
    assertThat(cancelled).as("the timer still has p1's delivery to retry").isEmpty();
    assertThat(ready).containsExactly(firstAttempt);
    assertThat(draining.stops(c0)).isTrue();
    assertThat(draining.stops(a1)).isFalse();

    draining.end(List.of(p0));
    assertThat(draining.stops(c0)).isFalse();
    tracker.remove(List.of(p1));
    assertThat(draining.stops(a1)).as("a forgotten partition is not retried").isTrue();
    assertThat(draining.start(List.of(), new ArrayDeque<>(), cancelled::add)).containsExactly(a1);
    assertThat(cancelled).containsExactly(7L);
  }

  private static Tracked delivery(OffsetTracker.Entry entry) {
    entry.pending = 1;
    return new Tracked(
        new Delivery("c", "web", "k", "m", "u", new byte[3], new byte[3], null, null), entry);
  }

  @Test
  void keyLanesHoldBackOnlyTheirOwnKey() {
    KeyLanes<String> lanes = new KeyLanes<>();
    assertThat(lanes.offer("a", "a1")).isTrue();
    assertThat(lanes.offer("a", "a2")).isFalse();
    assertThat(lanes.offer("b", "b1")).isTrue();
    assertThat(lanes.offer("a", "a3")).isFalse();
    assertThat(lanes.release("a")).isEqualTo("a2");
    assertThat(lanes.release("a")).isEqualTo("a3");
    assertThat(lanes.release("a")).isNull();
    assertThat(lanes.offer("a", "a4")).isTrue();
    assertThat(lanes.release("b")).isNull();
  }

  @Test
  void dedupRemembersWithinTheWindowAndTheBound() {
    DedupWindow window = new DedupWindow(Duration.ofSeconds(10), 2);
    long t = 0;
    assertThat(window.seenBefore("a", t)).isFalse();
    assertThat(window.seenBefore("a", t + 1)).isTrue();
    assertThat(window.seenBefore("a", t + Duration.ofSeconds(11).toNanos())).isFalse();
    window.seenBefore("b", t);
    window.seenBefore("c", t);
    assertThat(window.seenBefore("a", t)).as("evicted: least recently seen").isFalse();
    assertThat(new DedupWindow(Duration.ZERO, 10).seenBefore("x", 0)).isFalse();
  }

  @Test
  void theEarliestStartAmongConnectionsWins() {
    assertThat(RouteTable.earlier("latest", "earliest")).isEqualTo("earliest");
    assertThat(RouteTable.earlier("earliest", "2026-01-01T00:00:00Z")).isEqualTo("earliest");
    assertThat(RouteTable.earlier("latest", "2026-01-01T00:00:00Z"))
        .isEqualTo("2026-01-01T00:00:00Z");
    assertThat(RouteTable.earlier("2026-01-02T00:00:00Z", "2026-01-01T00:00:00+01:00"))
        .isEqualTo("2026-01-01T00:00:00+01:00");
    assertThat(RouteTable.earlier("latest", null)).isEqualTo("latest");
  }

  @Test
  void aCommitIsWorthSendingOnlyWhenSomethingBecameDone() {
    OffsetTracker tracker = new OffsetTracker();
    OffsetTracker.Entry a = tracker.add(p0, 10);
    a.pending = 1;
    assertThat(tracker.takeChanged()).isFalse();
    tracker.partDone(a);
    assertThat(tracker.takeChanged()).isTrue();
    assertThat(tracker.takeChanged()).as("asked once per change").isFalse();
  }

  @Test
  void theDedupLogHearsOfAMessageOnlyOnceEveryConnectionIsDoneWithIt() {
    OffsetTracker tracker = new OffsetTracker();
    List<String> logged = new ArrayList<>();
    tracker.onDoneKeys(logged::add);
    OffsetTracker.Entry a = tracker.add(p0, 10);
    a.pending = 2;
    a.dedupKey = "t\u0000m-1";
    tracker.partDone(a);
    assertThat(logged).isEmpty();
    tracker.partDone(a);
    assertThat(logged).containsExactly("t\u0000m-1");
  }

  @Test
  void anIdFromTheDedupLogIsADuplicateOnlyWithinTheWindow() {
    DedupWindow window = new DedupWindow(Duration.ofMinutes(5), 100);
    long now = System.nanoTime();
    window.remember("recent", now - Duration.ofMinutes(1).toNanos());
    window.remember("old", now - Duration.ofMinutes(6).toNanos());
    assertThat(window.seenBefore("recent", now)).isTrue();
    assertThat(window.seenBefore("old", now)).isFalse();
  }
}
