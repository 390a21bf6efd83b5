package org.ordermesh.embedded;

import de.bwaldvogel.mongo.backend.KeyValue;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;

/**
 * A unique index's key: its values' count, then each value as {@link BsonValueType} stores it; ordered
 * value by value in that type's order, a shorter key first. H2's default type compared these keys by
 * Java-serializing both sides at every step of a lookup (KeyValue is not Comparable). A secondary index's
 * key ({@link IndexKeyType}) is stored the same way, in another order.
 */
public class KeyValueType extends BsonDataType<KeyValue> {

  public static final KeyValueType INSTANCE = new KeyValueType();

  private static final int KEY_HEAP_BYTES = 32;

  KeyValueType() {
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
      int order = BsonValueType.order(a.get(i), b.get(i));
      if (order != 0) {
        return order;
      }
    }
    return Integer.compare(a.size(), b.size());
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
