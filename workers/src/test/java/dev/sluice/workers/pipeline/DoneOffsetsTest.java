package dev.sluice.workers.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Done offsets above the committed one travel in the commit's metadata (decision 0058). */
class DoneOffsetsTest {
  final TopicPartition p0 = new TopicPartition("t", 0);

  @Test
  void rangesRoundTripRelativeToTheCommittedOffset() {
    List<DoneOffsets.Range> ranges =
        List.of(
            new DoneOffsets.Range(101, 196),
            new DoneOffsets.Range(198, 198),
            new DoneOffsets.Range(1_000_000, 1_000_500));
    String text = DoneOffsets.encode(100, ranges);
    assertThat(text).startsWith("s1:").hasSizeLessThan(40);
    assertThat(DoneOffsets.decode(100, text)).isEqualTo(ranges);
  }

  @Test
  void foreignOrBrokenMetadataMeansNothingIsSkipped() {
    assertThat(DoneOffsets.decode(0, null)).isEmpty();
    assertThat(DoneOffsets.decode(0, "")).isEmpty();
    assertThat(DoneOffsets.decode(0, "someone else's note")).isEmpty();
    assertThat(DoneOffsets.decode(0, "s1:zz")).isEmpty();
    assertThat(DoneOffsets.encode(5, List.of())).isEmpty();
  }

  @Test
  void aLongBacklogIsCutToFitTheBrokersMetadataLimit() {
    List<DoneOffsets.Range> ranges = new ArrayList<>();
    for (long i = 0; i < 5_000; i++) {
      ranges.add(new DoneOffsets.Range(i * 100 + 1, i * 100 + 98));
    }
    String text = DoneOffsets.encode(0, ranges);
    assertThat(text.length()).isLessThanOrEqualTo(DoneOffsets.MAX_CHARS);
    List<DoneOffsets.Range> back = DoneOffsets.decode(0, text);
    assertThat(back).isNotEmpty().isEqualTo(ranges.subList(0, back.size()));
  }

  @Test
  void aRestartSkipsWhatWasDoneAboveThePendingRecordAndKeepsItInLaterCommits() {
    OffsetTracker before = new OffsetTracker();
    List<OffsetTracker.Entry> entries = new ArrayList<>();
    for (long o = 10; o < 20; o++) {
      OffsetTracker.Entry e = before.add(p0, o);
      e.pending = 1;
      entries.add(e);
    }
    // 10 is done, 12 waits for its retry, 16 is on the wire; the rest is done.
    for (OffsetTracker.Entry e : entries) {
      if (e.offset != 12 && e.offset != 16) {
        before.partDone(e);
      }
    }
    OffsetTracker.Position position = before.positions().get(p0);
    assertThat(position.offset()).isEqualTo(12);

    OffsetTracker after = new OffsetTracker();
    after.resume(p0, position.offset(), position.metadata());
    List<Long> redelivered = new ArrayList<>();
    // The restarted worker has read up to 14 when it commits: 17-19 must still be remembered.
    for (long o = 12; o <= 14; o++) {
      OffsetTracker.Entry e = after.add(p0, o);
      e.pending = 1;
      if (after.doneBefore(p0, o)) {
        after.partDone(e);
      } else {
        redelivered.add(o);
      }
    }
    OffsetTracker.Position mid = after.positions().get(p0);
    OffsetTracker again = new OffsetTracker();
    again.resume(p0, mid.offset(), mid.metadata());
    for (long o = 15; o < 20; o++) {
      OffsetTracker.Entry e = again.add(p0, o);
      e.pending = 1;
      if (!again.doneBefore(p0, o)) {
        redelivered.add(o);
      }
    }
    assertThat(redelivered).containsExactly(12L, 16L);
  }
}
