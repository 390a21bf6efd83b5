package org.ordermesh.embedded;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A secondary index's key: the indexed values, then the document's record (its position in the collection) so that every
 * entry is a key of its own. Ordered field by field as MongoDB orders values (numbers by value whatever
 * their type, then strings, documents...: mongo-java-server's ValueComparator), each field ascending or
 * descending as declared, then by position; keys that are still equal (the same document under 1 and
 * 1.0) by their stored encodings, so that two keys are one exactly when they encode the same.
 *
 * <p>That order must be the same before a write and after a read, so a key is stored as it reads back
 * ({@link #stored}): a server-made date loses its sub-millisecond part before it goes in, not after.
 */
public final class IndexKeyType extends KeyValueType {

  private static final ValueComparator VALUES = ValueComparator.ascWithoutListHandling();

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
    return super.compare(a, b);
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
}
