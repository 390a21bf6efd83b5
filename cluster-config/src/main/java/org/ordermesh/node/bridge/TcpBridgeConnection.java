package org.ordermesh.node.bridge;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import org.ordermesh.platform.security.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One TCP bridge connection. Each frame, in the order sent: size checked from its length prefix, rate,
 * JSON, its token, then the {@link BridgePolicy}, and only then delivered. Each message out: the
 * connection's token still valid, the policy's outbound check, and room in the write queue (a reader
 * that does not read is closed, not buffered for).
 */
final class TcpBridgeConnection {

  private static final Logger log = LoggerFactory.getLogger(TcpBridgeConnection.class);
  private static final Set<String> ADDRESSED_TYPES = Set.of("send", "publish", "register", "unregister");

  private final Vertx vertx;
  private final NetSocket socket;
  private final BridgeSession session;
  private final BridgeSettings settings;
  private final BridgeMeters meters;
  private final Map<String, MessageConsumer<Object>> consumers = new HashMap<>();
  // bus messages this client received and owes an answer to, by their reply address
  private final Map<String, Message<Object>> awaitingReply = new HashMap<>();
  private final ArrayDeque<JsonObject> queued = new ArrayDeque<>();
  private boolean busy;
  private boolean closed;

  TcpBridgeConnection(Vertx vertx, NetSocket socket, BridgeSession session, BridgeSettings settings, BridgeMeters meters) {
    this.vertx = vertx;
    this.socket = socket;
    this.session = session;
    this.settings = settings;
    this.meters = meters;
  }

  void start() {
    meters.connectionOpened();
    socket.setWriteQueueMaxSize(settings.writeQueueBytes());
    socket.handler(new FrameReader(BridgeSettings.MAX_FRAME_BYTES, this::onFrame, this::onOversizeFrame));
    socket.exceptionHandler(failure -> {
      log.debug("bridge connection from {} failed: {}", socket.remoteAddress(), failure.getMessage());
      socket.close();
    });
    socket.closeHandler(v -> cleanUp());
  }

  private void onOversizeFrame(int length) {
    meters.frameIn();
    refuse(Refusal.FRAME_TOO_LARGE, "a frame may hold at most " + BridgeSettings.MAX_FRAME_BYTES + " bytes, this one declared "
      + Integer.toUnsignedString(length), null);
    socket.close();
  }

  private void onFrame(Buffer data) {
    meters.frameIn();
    if (closed) {
      return;
    }
    var limited = session.admitFrame();
    if (limited.isPresent()) {
      refuse(limited.get(), "at most " + settings.framesPerSecond() + " frames a second", null);
      return;
    }
    JsonObject frame;
    try {
      frame = new JsonObject(data);
    } catch (DecodeException | ClassCastException e) {
      refuse(Refusal.NOT_JSON, "a frame is a JSON object", null);
      return;
    }
    if (!(frame.getValue("type") instanceof String type)) {
      refuse(Refusal.BAD_FRAME, "a frame needs a type", frame);
      return;
    }
    if ("ping".equals(type)) {
      write(new JsonObject().put("type", "pong"));
      return;
    }
    if (!ADDRESSED_TYPES.contains(type) || !(frame.getValue("address") instanceof String)) {
      refuse(Refusal.BAD_FRAME, "a frame is send, publish, register, unregister or ping, with an address", frame);
      return;
    }
    queued.add(frame);
    drain();
  }

  // one frame at a time, so a frame whose token needs a key fetch does not let later ones overtake it
  private void drain() {
    while (!busy && !closed && !queued.isEmpty()) {
      var frame = queued.poll();
      var handled = handle(frame);
      if (!handled.isComplete()) {
        busy = true;
        socket.pause();
        handled.onComplete(v -> {
          busy = false;
          socket.resume();
          drain();
        });
      }
    }
  }

  private Future<Void> handle(JsonObject frame) {
    return session.authenticate(frame)
      .compose(caller -> dispatch(caller, frame))
      .recover(failure -> {
        if (failure instanceof RefusedFrame refused) {
          refuse(refused.refusal(), refused.getMessage(), frame);
        } else {
          log.warn("bridge frame failed", failure);
        }
        return Future.succeededFuture();
      });
  }

  private Future<Void> dispatch(Principal caller, JsonObject frame) {
    var type = frame.getString("type");
    var address = frame.getString("address");
    if ("send".equals(type) && awaitingReply.containsKey(address)) {
      answer(awaitingReply.remove(address), frame);
      return Future.succeededFuture();
    }
    var forbidden = BridgePolicy.inbound(caller, type, address);
    if (forbidden.isPresent()) {
      return Future.failedFuture(new RefusedFrame(forbidden.get(), "not allowed to " + type + " on " + address));
    }
    return switch (type) {
      case "send" -> send(frame, address);
      case "register" -> register(address);
      default -> unregister(address);
    };
  }

  private Future<Void> send(JsonObject frame, String address) {
    var options = BridgeFrames.delivery(frame, settings.requestTimeoutMs());
    var body = frame.getValue("body");
    if (!(frame.getValue("replyAddress") instanceof String replyAddress)) {
      vertx.eventBus().send(address, body, options);
      return Future.succeededFuture();
    }
    vertx.eventBus().request(address, body, options).onComplete(replied -> {
      if (replied.succeeded()) {
        var reply = replied.result();
        expectAnswer(reply);
        write(BridgeFrames.message(replyAddress, reply));
      } else if (replied.cause() instanceof ReplyException failure) {
        write(BridgeFrames.replyFailure(replyAddress, address, failure.failureCode(), failure.failureType().name(),
          failure.getMessage()));
      } else {
        write(BridgeFrames.replyFailure(replyAddress, address, -1, ReplyFailure.RECIPIENT_FAILURE.name(),
          replied.cause().getMessage()));
      }
    });
    return Future.succeededFuture();
  }

  private Future<Void> register(String address) {
    var refused = session.admitRegistration(address);
    if (refused.isPresent()) {
      return Future.failedFuture(new RefusedFrame(refused.get(), refused.get() == Refusal.ALREADY_REGISTERED
        ? "already registered on " + address : "at most " + BridgeSettings.MAX_REGISTRATIONS + " registrations a connection"));
    }
    session.registered(address);
    var consumer = vertx.eventBus().consumer(address, (Message<Object> message) -> deliver(address, message));
    consumers.put(address, consumer);
    return consumer.completion();
  }

  private Future<Void> unregister(String address) {
    var consumer = consumers.remove(address);
    session.unregistered(address);
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  private void deliver(String address, Message<Object> message) {
    if (closed) {
      return;
    }
    if (!session.mayReceive()) {
      expire();
      return;
    }
    if (!BridgePolicy.outbound(session.principal(), address, message.body())) {
      return;
    }
    if (socket.writeQueueFull()) {
      slowReader();
      return;
    }
    if (message.replyAddress() != null && !expectAnswer(message)) {
      message.fail(ReplyFailure.RECIPIENT_FAILURE.toInt(), "the bridged client holds too many unanswered messages");
      return;
    }
    meters.frameOut();
    write(BridgeFrames.message(address, message));
  }

  /** Keeps a message the client may answer; false when it already owes too many answers. */
  private boolean expectAnswer(Message<Object> message) {
    if (message.replyAddress() == null) {
      return true;
    }
    if (awaitingReply.size() >= BridgeSettings.MAX_PENDING_REPLIES) {
      return false;
    }
    awaitingReply.put(message.replyAddress(), message);
    vertx.setTimer(settings.requestTimeoutMs(), id -> awaitingReply.remove(message.replyAddress()));
    return true;
  }

  private void answer(Message<Object> message, JsonObject frame) {
    if (frame.getValue("failureCode") instanceof Number code) {
      message.fail(code.intValue(), frame.getValue("message") instanceof String text ? text : "failed");
    } else {
      message.reply(frame.getValue("body"), BridgeFrames.delivery(frame, settings.requestTimeoutMs()));
    }
  }

  // the token ran out: nothing more goes out until the client registers again with a fresh one
  private void expire() {
    consumers.values().forEach(MessageConsumer::unregister);
    consumers.keySet().forEach(session::unregistered);
    consumers.clear();
    refuse(Refusal.TOKEN_EXPIRED, "the connection's token expired; register again with a fresh one", null);
  }

  private void slowReader() {
    meters.refused(Refusal.SLOW_READER);
    log.info("closing bridge connection from {}: it does not read what it is sent", socket.remoteAddress());
    socket.close();
    cleanUp();
  }

  private void refuse(Refusal refusal, String detail, JsonObject frame) {
    meters.refused(refusal);
    write(BridgeFrames.refusal(refusal, detail, frame));
  }

  private void write(JsonObject frame) {
    if (!closed) {
      socket.write(BridgeFrames.tcp(frame));
    }
  }

  private void cleanUp() {
    if (closed) {
      return;
    }
    closed = true;
    queued.clear();
    consumers.values().forEach(MessageConsumer::unregister);
    consumers.clear();
    awaitingReply.values().forEach(message -> message.fail(ReplyFailure.RECIPIENT_FAILURE.toInt(), "the bridged client left"));
    awaitingReply.clear();
    meters.connectionClosed();
  }
}
