package org.ordermesh.embedded;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.BsonConstants;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.time.Instant;
import java.util.Arrays;

/**
 * One BSON value: the key of a collection's data map (a document's _id, Missing for a null one, a random
 * UUID where a collection has no _id) and the value of a unique index's map (that key again). Stored as
 * its BSON type byte and BSON body; Missing, which BSON has no type for, as a byte of its own.
 *
 * <p>As a key it must be ordered the same way before a write and after a read, or the B-tree would be
 * out of order once read back: values are ordered by type byte, then by value for the types that are
 * compared often (strings, numbers of one type, ObjectIds, booleans, dates to the millisecond BSON
 * keeps, timestamps), and by their encoded bytes, unsigned, otherwise (documents, arrays, binaries, decimals).
 * Two keys are the same when their encodings are the same, as they were under H2's default type (equal
 * Java serializations): 1 and 1L are two keys, as are {a, b} and {b, a}.
 */
public final class BsonValueType extends BsonDataType<Object> {

  public static final BsonValueType INSTANCE = new BsonValueType();

  // not a BSON type: 0x00 ends a BSON document
  private static final byte MISSING = 0;
  // a small key as a heap object, for MVStore's page and cache sizes
  private static final int VALUE_HEAP_BYTES = 48;

  private BsonValueType() {
  }

  @Override
  void encode(Object value, ByteBuf out) {
    write(value, out);
  }

  @Override
  Object decode(ByteBuf in) {
    return read(in);
  }

  static void write(Object value, ByteBuf out) {
    if (value instanceof Missing) {
      out.writeByte(MISSING);
      return;
    }
    byte type = BsonEncoder.determineType(value);
    out.writeByte(type);
    BsonEncoder.encodeValue(type, value, out);
  }

  static Object read(ByteBuf in) {
    byte type = in.readByte();
    return type == MISSING ? Missing.getInstance() : BsonDecoder.decodeValue(type, in);
  }

  // the order of the keys in existing files: changing it makes them unreadable, so it goes with a new StoreFormat
  static int order(Object a, Object b) {
    if (a == b) {
      return 0;
    }
    int type = Integer.compare(typeOf(a), typeOf(b));
    if (type != 0) {
      return type;
    }
    return switch (typeOf(a)) {
      case BsonConstants.TYPE_UTF8_STRING -> ((String) a).compareTo((String) b);
      case BsonConstants.TYPE_INT32 -> Integer.compare((Integer) a, (Integer) b);
      case BsonConstants.TYPE_INT64 -> Long.compare((Long) a, (Long) b);
      case BsonConstants.TYPE_DOUBLE -> Double.compare((Double) a, (Double) b);
      case BsonConstants.TYPE_OBJECT_ID -> Arrays.compareUnsigned(((ObjectId) a).toByteArray(), ((ObjectId) b).toByteArray());
      case BsonConstants.TYPE_BOOLEAN -> Boolean.compare((Boolean) a, (Boolean) b);
      case BsonConstants.TYPE_UTC_DATETIME -> Long.compare(((Instant) a).toEpochMilli(), ((Instant) b).toEpochMilli());
      case BsonConstants.TYPE_TIMESTAMP -> Long.compareUnsigned(((BsonTimestamp) a).getValue(), ((BsonTimestamp) b).getValue());
      default -> Arrays.compareUnsigned(encoded(a), encoded(b));
    };
  }

  private static byte typeOf(Object value) {
    return value instanceof Missing ? MISSING : BsonEncoder.determineType(value);
  }

  private static byte[] encoded(Object value) {
    ByteBuf out = Unpooled.buffer();
    try {
      write(value, out);
      return ByteBufUtil.getBytes(out);
    } finally {
      out.release();
    }
  }

  @Override
  public int compare(Object a, Object b) {
    return order(a, b);
  }

  @Override
  public int getMemory(Object value) {
    return value instanceof String text ? VALUE_HEAP_BYTES + 2 * text.length() : VALUE_HEAP_BYTES;
  }

  @Override
  public Object[] createStorage(int size) {
    return new Object[size];
  }
}
