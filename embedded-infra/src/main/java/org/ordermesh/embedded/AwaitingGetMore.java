package org.ordermesh.embedded;

import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.CursorNotFoundException;
import de.bwaldvogel.mongo.wire.MongoDatabaseHandler;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds a change stream's {@code getMore} that would find nothing until the oplog has new entries of its
 * collection or its {@code maxTimeMS} (mongod's default, 1 s, when absent) has passed, as mongod's awaitData
 * cursors do. The driver re-sends an answered empty getMore at once, so without this one idle stream kept ~1.7
 * cores busy, and woken by every write to the store, each stream cost a round trip per write elsewhere.
 * It waits off the netty worker (a timer and a wake-up on the channel's event loop), so the other
 * connections of that worker are not held up.
 */
final class AwaitingGetMore extends ChannelInboundHandlerAdapter {

  private static final long DEFAULT_MAX_AWAIT_MILLIS = 1_000;

  private final OrderedOplog oplog;
  private final CursorRegistry cursors;

  private AwaitingGetMore(OrderedOplog oplog, CursorRegistry cursors) {
    this.oplog = oplog;
    this.cursors = cursors;
  }

  /**
   * Puts the handler in the channel's pipeline, before the command handler, unless it is there: mongo-java-server
   * builds the pipeline itself, so a channel gets it with its first getMore of a change stream (answered at once).
   */
  static void install(Channel channel, OrderedOplog oplog, CursorRegistry cursors) {
    var pipeline = channel.pipeline();
    var commands = pipeline.context(MongoDatabaseHandler.class);
    if (pipeline.get(AwaitingGetMore.class) == null && commands != null) {
      pipeline.addBefore(commands.name(), "ordermesh-awaiting-get-more", new AwaitingGetMore(oplog, cursors));
    }
  }

  static boolean isGetMore(String command) {
    return "getMore".equalsIgnoreCase(command);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    OrderedOplog.TailingCursor cursor = idleTailingCursor(message);
    if (cursor == null) {
      ctx.fireChannelRead(message);
      return;
    }
    AtomicBoolean answered = new AtomicBoolean();
    AtomicReference<ScheduledFuture<?>> timeout = new AtomicReference<>();
    Runnable answer = () -> {
      if (answered.compareAndSet(false, true)) {
        ScheduledFuture<?> timer = timeout.get();
        if (timer != null) {
          timer.cancel(false);
        }
        ctx.executor().execute(() -> ctx.fireChannelRead(message));
      }
    };
    Runnable cancelWake = oplog.whenBehind(cursor, answer);
    timeout.set(ctx.executor().schedule(() -> {
      cancelWake.run();
      answer.run();
    }, maxAwaitMillis(((MongoMessage) message).getDocument()), TimeUnit.MILLISECONDS));
  }

  private OrderedOplog.TailingCursor idleTailingCursor(Object message) {
    if (!(message instanceof MongoMessage request)) {
      return null;
    }
    Document command = request.getDocument();
    if (command.isEmpty() || !isGetMore(command.keySet().iterator().next())
        || !(command.get(command.keySet().iterator().next()) instanceof Number id)) {
      return null;
    }
    try {
      return cursors.getCursor(id.longValue()) instanceof OrderedOplog.TailingCursor tailing && !tailing.behind() ? tailing : null;
    } catch (CursorNotFoundException e) {
      // the server answers that itself
      return null;
    }
  }

  private static long maxAwaitMillis(Document getMore) {
    return getMore.get("maxTimeMS") instanceof Number max && max.longValue() > 0 ? max.longValue() : DEFAULT_MAX_AWAIT_MILLIS;
  }
}
