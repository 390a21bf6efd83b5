package org.ordermesh.node.bridge;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import org.ordermesh.catalog.api.CatalogAddresses;
import org.ordermesh.order.api.OrderAddresses;
import org.ordermesh.payment.api.PaymentAddresses;
import org.ordermesh.platform.security.TokenVerifier;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The SockJS event bus bridge the gateway mounts at {@link #PATH}, for browsers and Node.js with
 * {@code @vertx/eventbus-bridge-client.js}. vertx-web checks its permitted addresses only after the bridge
 * event hook has approved a frame, so every check runs in the hook, before delivery: the frame's token,
 * the rate, the {@link BridgePolicy} inbound, the registration cap, and for each message out the policy's
 * outbound check and the socket's write queue. The permitted lists are kept to the same addresses, as a
 * second fence.
 */
public final class SockJsBridge {

  public static final String PATH = "/eventbus";

  private final BridgeSettings settings;
  private final TokenVerifier verifier;
  private final BridgeMeters meters;
  private final Map<SockJSSocket, BridgeSession> sessions = new HashMap<>();

  private SockJsBridge(Vertx vertx, JsonObject config) {
    this.settings = BridgeSettings.from(config);
    this.verifier = TokenVerifier.forNode(vertx, config);
    this.meters = BridgeMeters.of(vertx, "sockjs");
  }

  /** The router to mount at {@code PATH + "/*"}. */
  public static Router router(Vertx vertx, JsonObject config) {
    var bridge = new SockJsBridge(vertx, config);
    var options = new SockJSBridgeOptions()
      .addInboundPermitted(new PermittedOptions().setAddress(CatalogAddresses.PRODUCTS))
      .addInboundPermitted(new PermittedOptions().setAddress(CatalogAddresses.INVENTORY))
      .addInboundPermitted(new PermittedOptions().setAddress(PaymentAddresses.PAYMENTS))
      .addOutboundPermitted(new PermittedOptions().setAddress(OrderAddresses.ORDER_STATUS))
      // the hook refuses the 33rd with its code; this is only the bridge's own backstop
      .setMaxHandlersPerSocket(BridgeSettings.MAX_REGISTRATIONS + 1)
      .setReplyTimeout(bridge.settings.requestTimeoutMs());
    return SockJSHandler.create(vertx).bridge(options, bridge::handle);
  }

  private void handle(BridgeEvent event) {
    switch (event.type()) {
      case SOCKET_CREATED -> {
        sessions.put(event.socket(), new BridgeSession(verifier, settings.framesPerSecond(), Clock.systemUTC()));
        meters.connectionOpened();
        event.complete(true);
      }
      case SOCKET_CLOSED -> {
        if (sessions.remove(event.socket()) != null) {
          meters.connectionClosed();
        }
        event.complete(true);
      }
      case SEND, PUBLISH, REGISTER -> inbound(event);
      case UNREGISTER -> {
        Optional.ofNullable(sessions.get(event.socket()))
          .ifPresent(session -> session.unregistered(event.getRawMessage().getString("address")));
        event.complete(true);
      }
      case RECEIVE -> outbound(event);
      default -> event.complete(true);
    }
  }

  private void inbound(BridgeEvent event) {
    meters.frameIn();
    var frame = event.getRawMessage();
    var session = sessions.get(event.socket());
    if (session == null) {
      event.complete(false);
      return;
    }
    var limited = session.admitFrame();
    if (limited.isPresent()) {
      refuse(event, limited.get(), "at most " + settings.framesPerSecond() + " frames a second");
      return;
    }
    if (frame.toBuffer().length() > BridgeSettings.MAX_FRAME_BYTES) {
      refuse(event, Refusal.FRAME_TOO_LARGE, "a frame may hold at most " + BridgeSettings.MAX_FRAME_BYTES + " bytes");
      event.socket().close();
      return;
    }
    // vertx-web acts on each frame when its hook completes: one at a time keeps them in the order sent
    session.inTurn(() -> session.authenticate(frame)).onComplete(verified -> {
      if (verified.failed()) {
        var refused = (RefusedFrame) verified.cause();
        refuse(event, refused.refusal(), refused.getMessage());
        return;
      }
      var type = frame.getString("type");
      var address = frame.getString("address");
      var refusal = BridgePolicy.inbound(verified.result(), type, address)
        .or(() -> "register".equals(type) ? session.admitRegistration(address) : Optional.empty());
      if (refusal.isPresent()) {
        refuse(event, refusal.get(), refusal.get() == Refusal.FORBIDDEN ? "not allowed to " + type + " on " + address
          : refusal.get() == Refusal.ALREADY_REGISTERED ? "already registered on " + address
          : "at most " + BridgeSettings.MAX_REGISTRATIONS + " registrations a connection");
        return;
      }
      if ("register".equals(type)) {
        session.registered(address);
      }
      event.complete(true);
    });
  }

  private void outbound(BridgeEvent event) {
    var envelope = event.getRawMessage();
    var session = sessions.get(event.socket());
    if (session == null || !session.mayReceive()
      || !BridgePolicy.outbound(session.principal(), envelope.getString("address"), envelope.getValue("body"))) {
      event.complete(false);
      return;
    }
    if (event.socket().writeQueueFull()) {
      meters.refused(Refusal.SLOW_READER);
      event.complete(false);
      event.socket().close();
      return;
    }
    // a token a sender put on the message is not the receiver's to see
    if (envelope.getValue("headers") instanceof JsonObject headers) {
      headers.remove(BridgeSession.AUTHORIZATION);
    }
    meters.frameOut();
    event.complete(true);
  }

  private void refuse(BridgeEvent event, Refusal refusal, String detail) {
    meters.refused(refusal);
    event.socket().write(Buffer.buffer(BridgeFrames.refusal(refusal, detail, event.getRawMessage()).encode()));
    event.complete(false);
  }
}
