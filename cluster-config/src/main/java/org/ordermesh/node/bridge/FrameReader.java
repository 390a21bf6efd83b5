package org.ordermesh.node.bridge;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

/**
 * Splits a TCP stream into frames (4-byte big-endian length, then that many bytes) and refuses a length
 * over the cap from its prefix alone, before any of the frame is buffered or parsed.
 */
final class FrameReader implements Handler<Buffer> {

  private final int maxFrameBytes;
  private final Handler<Buffer> frameHandler;
  private final Handler<Integer> oversizeHandler;
  private Buffer pending = Buffer.buffer();
  private boolean refused;

  FrameReader(int maxFrameBytes, Handler<Buffer> frameHandler, Handler<Integer> oversizeHandler) {
    this.maxFrameBytes = maxFrameBytes;
    this.frameHandler = frameHandler;
    this.oversizeHandler = oversizeHandler;
  }

  @Override
  public void handle(Buffer data) {
    if (refused) {
      return;
    }
    pending.appendBuffer(data);
    var offset = 0;
    while (pending.length() - offset >= BridgeFrames.LENGTH_PREFIX) {
      var length = pending.getInt(offset);
      if (length < 0 || length > maxFrameBytes) {
        refused = true;
        pending = Buffer.buffer();
        oversizeHandler.handle(length);
        return;
      }
      if (pending.length() - offset - BridgeFrames.LENGTH_PREFIX < length) {
        break;
      }
      var start = offset + BridgeFrames.LENGTH_PREFIX;
      offset = start + length;
      frameHandler.handle(pending.getBuffer(start, offset));
    }
    pending = offset == 0 ? pending : pending.getBuffer(offset, pending.length());
  }
}
