package org.ordermesh.bench;

/** Waits on the harness's own threads (setup, polling and drain loops, never an event loop). */
public final class Pause {

  private Pause() {
  }

  /** Sleeps {@code millis}; interrupted, it gives up the run. */
  public static void millis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
