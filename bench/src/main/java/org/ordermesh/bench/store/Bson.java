package org.ordermesh.bench.store;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;

/** Just enough BSON to read a command document's first key and one top-level string field. */
final class Bson {

  private Bson() {
  }

  static String firstKey(Buffer buf, int doc) {
    return cstring(buf, doc + 5);
  }

  /** The top-level string field {@code name} of the document at {@code doc}, or "?" when absent. */
  static String stringField(Buffer buf, int doc, String name) {
    int end = doc + buf.getIntLE(doc) - 1;
    int pos = doc + 4;
    while (pos < end) {
      byte type = buf.getByte(pos);
      String key = cstring(buf, pos + 1);
      int value = pos + 1 + key.getBytes(StandardCharsets.UTF_8).length + 1;
      if (type == 0x02 && key.equals(name)) {
        int length = buf.getIntLE(value);
        return buf.getString(value + 4, value + 4 + length - 1, "UTF-8");
      }
      int size = valueSize(buf, type, value);
      if (size < 0) {
        return "?";
      }
      pos = value + size;
    }
    return "?";
  }

  private static int valueSize(Buffer buf, byte type, int value) {
    return switch (type) {
      case 0x01, 0x09, 0x11, 0x12 -> 8;
      case 0x02, 0x0D, 0x0E -> 4 + buf.getIntLE(value);
      case 0x03, 0x04, 0x0F -> buf.getIntLE(value);
      case 0x05 -> 5 + buf.getIntLE(value);
      case 0x06, 0x0A, 0x7F, (byte) 0xFF -> 0;
      case 0x07 -> 12;
      case 0x08 -> 1;
      case 0x0B -> {
        int first = cstring(buf, value).length() + 1;
        yield first + cstring(buf, value + first).length() + 1;
      }
      case 0x0C -> 4 + buf.getIntLE(value) + 12;
      case 0x10 -> 4;
      case 0x13 -> 16;
      default -> -1;
    };
  }

  private static String cstring(Buffer buf, int at) {
    int end = at;
    while (buf.getByte(end) != 0) {
      end++;
    }
    return buf.getString(at, end, "UTF-8");
  }
}
