package org.ordermesh.embedded;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.ArrayList;
import java.util.List;

/**
 * A secondary index's key: the indexed values, then the document's position (its _id) so that every
 * entry is a key of its own. Ordered field by field as MongoDB orders values (numbers by value whatever
 * their type, then strings, documents...: mongo-java-server's ValueComparator), each field ascending or
 * descending as declared, then by position; keys that are still equal (the same document under 1 and
 * 1.0) by their stored encodings, so that two keys are one exactly when they encode the same.
 *
 * <p>That order must be the same before a write and after a read, so a key is stored as it reads back
 * ({@link #stored}): a server-made date loses its sub-millisecond part before it goes in, not after.
 */
public final class IndexKeyType extends BsonDataType<KeyValue> {

  private static final ValueComparator VALUES = ValueComparator.ascWithoutListHandling();
  private static final int KEY_HEAP_BYTES = 32;

  private final boolean[] descending;

  /** {@code descending[i]} for the index's i-th field; the position after them is always ascending. */
  public IndexKeyType(boolean[] descending) {
    this.descending = descending.clone();
  }

  /** The key as the file gives it back. */
  public KeyValue stored(KeyValue key) {
    ByteBuf buffer = Unpooled.buffer();
    try {
      encode(key, buffer);
      return decode(buffer);
    } finally {
      buffer.release();
    }
  }

  @Override
  void encode(KeyValue key, ByteBuf out) {
    out.writeIntLE(key.size());
    for (Object value : key) {
      BsonValueType.write(value, out);
    }
  }

  @Override
  KeyValue decode(ByteBuf in) {
    int size = in.readIntLE();
    List<Object> values = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      values.add(BsonValueType.read(in));
    }
    return new KeyValue(values);
  }

  @Override
  public int compare(KeyValue a, KeyValue b) {
    int common = Math.min(a.size(), b.size());
    for (int i = 0; i < common; i++) {
      Object x = a.get(i);
      Object y = b.get(i);
      if (x instanceof KeyBound || y instanceof KeyBound) {
        return bounded(x, y);
      }
      int order = VALUES.compare(x, y);
      if (order != 0) {
        return i < descending.length && descending[i] ? -order : order;
      }
    }
    if (a.size() != b.size()) {
      return Integer.compare(a.size(), b.size());
    }
    for (int i = 0; i < common; i++) {
      int order = BsonValueType.order(a.get(i), b.get(i));
      if (order != 0) {
        return order;
      }
    }
    return 0;
  }

  private static int bounded(Object x, Object y) {
    if (x instanceof KeyBound bx && y instanceof KeyBound by) {
      return bx.compareTo(by);
    }
    if (x instanceof KeyBound bx) {
      return bx == KeyBound.BEFORE ? -1 : 1;
    }
    return y == KeyBound.BEFORE ? 1 : -1;
  }

  @Override
  public int getMemory(KeyValue key) {
    int memory = KEY_HEAP_BYTES;
    for (Object value : key) {
      memory += BsonValueType.INSTANCE.getMemory(value);
    }
    return memory;
  }

  @Override
  public KeyValue[] createStorage(int size) {
    return new KeyValue[size];
  }
}
