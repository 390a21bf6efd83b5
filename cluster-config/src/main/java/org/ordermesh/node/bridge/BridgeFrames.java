package org.ordermesh.node.bridge;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * The frames the bridges write, in the Vert.x bridge protocol: {@code {type, address, replyAddress?, headers, body}}
 * for messages, {@code {type:"err", code, failureCode, failureType, message, address?}} for refusals. A refusal
 * of a request is addressed to its {@code replyAddress} and of a register to its address, so the official
 * clients hand it to the callback or handler that waits for it.
 */
final class BridgeFrames {

  /** The 4-byte big-endian length before each TCP frame. */
  static final int LENGTH_PREFIX = 4;

  private BridgeFrames() {
  }

  static JsonObject refusal(Refusal refusal, String detail, JsonObject refusedFrame) {
    var frame = new JsonObject().put("type", "err").put("code", refusal.name())
      .put("failureCode", refusal.failureCode()).put("failureType", refusal.name()).put("message", detail);
    if (refusedFrame != null) {
      var address = refusedFrame.getValue("address") instanceof String a ? a : null;
      var replyAddress = refusedFrame.getValue("replyAddress") instanceof String r ? r : null;
      if (replyAddress != null) {
        frame.put("address", replyAddress).put("sourceAddress", address);
      } else if (address != null) {
        frame.put("address", address);
      }
    }
    return frame;
  }

  static JsonObject message(String address, Message<?> message) {
    var frame = new JsonObject().put("type", "message").put("address", address).put("send", message.isSend())
      .put("headers", headers(message));
    if (message.replyAddress() != null) {
      frame.put("replyAddress", message.replyAddress());
    }
    if (message.body() != null) {
      frame.put("body", message.body());
    }
    return frame;
  }

  static JsonObject replyFailure(String replyAddress, String sourceAddress, int failureCode, String failureType, String message) {
    return new JsonObject().put("type", "err").put("address", replyAddress).put("sourceAddress", sourceAddress)
      .put("failureCode", failureCode).put("failureType", failureType).put("message", message);
  }

  static Buffer tcp(JsonObject frame) {
    var json = frame.toBuffer();
    return Buffer.buffer(LENGTH_PREFIX + json.length()).appendInt(json.length()).appendBuffer(json);
  }

  /** The frame's string headers as delivery headers; {@code timeout} is the bridge's to set, not the client's. */
  static DeliveryOptions delivery(JsonObject frame, long timeoutMs) {
    var options = new DeliveryOptions().setSendTimeout(timeoutMs);
    if (frame.getValue("headers") instanceof JsonObject headers) {
      headers.forEach(entry -> {
        if (entry.getValue() instanceof String value && !"timeout".equals(entry.getKey())) {
          options.addHeader(entry.getKey(), value);
        }
      });
    }
    return options;
  }

  private static JsonObject headers(Message<?> message) {
    var headers = new JsonObject();
    message.headers().forEach(entry -> {
      // a token a sender put on the message is not the receiver's to see
      if (!BridgeSession.AUTHORIZATION.equalsIgnoreCase(entry.getKey())) {
        headers.put(entry.getKey(), entry.getValue());
      }
    });
    return headers;
  }
}
