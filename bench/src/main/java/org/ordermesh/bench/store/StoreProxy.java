package org.ordermesh.bench.store;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A TCP proxy in front of the store that reads the MongoDB wire protocol on the way in and counts each
 * command message by database and command name: one message is one store round trip. mongo-java-server
 * keeps no command counters ({@code serverStatus} has no {@code opcounters}) and vertx-mongo-client
 * exposes no driver command metrics, so the wire is where the count is exact.
 */
public final class StoreProxy implements AutoCloseable {

  private final Vertx vertx;
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private NetServer server;
  private NetClient client;

  public StoreProxy(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Listens on a free loopback port, forwarding to the store at {@code storePort}; returns the proxy's port. */
  public int start(int storePort) {
    client = vertx.createNetClient();
    server = vertx.createNetServer().connectHandler(inbound -> connect(inbound, storePort));
    return server.listen(0, "127.0.0.1").await().actualPort();
  }

  private void connect(NetSocket inbound, int storePort) {
    inbound.pause();
    client.connect(storePort, "127.0.0.1").onSuccess(outbound -> {
      WireFrames frames = new WireFrames(this::count);
      forward(inbound, outbound, frames);
      forward(outbound, inbound, null);
      inbound.closeHandler(v -> outbound.close());
      outbound.closeHandler(v -> inbound.close());
      inbound.resume();
    }).onFailure(failure -> inbound.close());
  }

  private static void forward(NetSocket from, NetSocket to, WireFrames frames) {
    from.handler(chunk -> {
      if (frames != null) {
        frames.feed(chunk);
      }
      to.write(chunk);
      if (to.writeQueueFull()) {
        from.pause();
        to.drainHandler(v -> from.resume());
      }
    });
  }

  private void count(String database, String command) {
    counts.computeIfAbsent(database + " " + command, k -> new LongAdder()).increment();
  }

  /** The counts so far, {@code "<database> <command>" -> messages}. */
  public Map<String, Long> snapshot() {
    Map<String, Long> copy = new TreeMap<>();
    counts.forEach((key, n) -> copy.put(key, n.sum()));
    return copy;
  }

  @Override
  public void close() {
    if (server != null) {
      server.close().await();
      client.close().await();
    }
  }

  /** Splits a client's byte stream into wire messages and names each OP_MSG's database and command. */
  static final class WireFrames {

    private static final int OP_MSG = 2013;
    private final CommandSink sink;
    private Buffer pending = Buffer.buffer();

    WireFrames(CommandSink sink) {
      this.sink = sink;
    }

    void feed(Buffer chunk) {
      pending.appendBuffer(chunk);
      int offset = 0;
      while (pending.length() - offset >= 16) {
        int length = pending.getIntLE(offset);
        if (pending.length() - offset < length) {
          break;
        }
        if (pending.getIntLE(offset + 12) == OP_MSG) {
          // header 16 bytes, flag bits 4, then section kind 0 (the command document) comes first
          int doc = offset + 21;
          if (pending.getByte(offset + 20) == 0) {
            sink.command(Bson.stringField(pending, doc, "$db"), Bson.firstKey(pending, doc));
          }
        } else {
          sink.command("?", "opcode " + pending.getIntLE(offset + 12));
        }
        offset += length;
      }
      pending = offset == pending.length() ? Buffer.buffer() : pending.getBuffer(offset, pending.length());
    }
  }

  @FunctionalInterface
  interface CommandSink {
    void command(String database, String command);
  }
}
