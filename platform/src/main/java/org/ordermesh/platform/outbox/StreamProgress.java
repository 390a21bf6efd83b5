package org.ordermesh.platform.outbox;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;

/**
 * The resume token a relay may save: that of the newest change such that it and every change before it
 * has been handled (its aggregate's events published, or found to need nothing). Changes are handled
 * concurrently, several aggregates at once, so it trails the stream by the passes under way. On the relay's
 * event loop only.
 */
final class StreamProgress {

  private record Change(JsonObject token, Future<Void> handled) {
  }

  private final ArrayDeque<Change> pending = new ArrayDeque<>();
  private final Runnable onAdvance;
  private JsonObject safe;

  /** {@code start} is the token the stream resumed after (null for none); {@code onAdvance} runs when the safe token moves. */
  StreamProgress(JsonObject start, Runnable onAdvance) {
    this.safe = start;
    this.onAdvance = onAdvance;
  }

  void add(JsonObject token, Future<Void> handled) {
    var change = new Change(token, handled);
    pending.add(change);
    handled.onSuccess(done -> advance());
  }

  /** The newest token before which everything is handled, or null. */
  JsonObject safe() {
    return safe;
  }

  /** Changes seen and not yet known handled (or waiting behind one that is not). */
  int pending() {
    return pending.size();
  }

  private void advance() {
    boolean moved = false;
    while (!pending.isEmpty() && pending.peek().handled().succeeded()) {
      safe = pending.poll().token();
      moved = true;
    }
    if (moved) {
      onAdvance.run();
    }
  }
}
