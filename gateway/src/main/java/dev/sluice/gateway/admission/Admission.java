package dev.sluice.gateway.admission;

import java.util.function.BooleanSupplier;

/**
 * Admission for one event loop, so its counter is only ever touched by that loop's thread.
 *
 * <p>Why at the headers: a request's body is read and parsed on an event loop before the Kafka
 * in-flight bound can be consulted, so with far more connections than the CPU can parse, the
 * parsing work waiting for a loop grows with the load and even the 503s wait behind it. Refusing at
 * the headers costs no JSON parsing, so refusals stay fast however many clients there are.
 *
 * <p>A request holds a slot from its headers until its records are handed to Kafka (or it is
 * answered, whichever comes first): what waits for Kafka is bounded by the in-flight bound, not
 * here.
 */
public final class Admission {
  /** Why a request was refused, as the metric's label says it. */
  public enum Refusal {
    /** Kafka's in-flight bound is reached: parsing the body would only end in a 503. */
    IN_FLIGHT,
    /** This event loop is already reading and parsing its bound of requests. */
    READING;

    public String label() {
      return this == IN_FLIGHT ? "in_flight" : "reading";
    }
  }

  private final int maxReading;
  private final BooleanSupplier logFull;
  // Written by this loop only; volatile for the gauge read from the metrics thread.
  private volatile int reading;

  /**
   * @param maxReading requests read or parsed at once on this loop, at most
   * @param logFull whether Kafka's in-flight bound is reached now
   */
  public Admission(int maxReading, BooleanSupplier logFull) {
    if (maxReading < 1) {
      throw new IllegalArgumentException("maxReading must be at least 1");
    }
    this.maxReading = maxReading;
    this.logFull = logFull;
  }

  /** Null and a slot taken (give it back with {@link #release}), or why not. */
  public Refusal tryAdmit() {
    if (reading >= maxReading) {
      return Refusal.READING;
    }
    if (logFull.getAsBoolean()) {
      return Refusal.IN_FLIGHT;
    }
    reading++;
    return null;
  }

  public void release() {
    reading--;
  }

  /** Requests being read or parsed on this loop now. */
  public int reading() {
    return reading;
  }
}
