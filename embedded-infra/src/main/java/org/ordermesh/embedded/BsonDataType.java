package org.ordermesh.embedded;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

import java.nio.ByteBuffer;

/**
 * An MVStore data type that stores its values in BSON through mongo-java-server's own encoder and
 * decoder. H2's default type writes mongo-java-server's objects with Java serialization, which took
 * about half of the store's CPU under writes (and, for unique index keys, also serialized both sides
 * of every comparison). A page's values go through one buffer.
 */
abstract class BsonDataType<T> extends BasicDataType<T> {

  abstract void encode(T value, ByteBuf out);

  abstract T decode(ByteBuf in);

  @Override
  public final void write(WriteBuffer buff, T value) {
    ByteBuf out = Unpooled.buffer();
    try {
      encode(value, out);
      buff.put(out.nioBuffer());
    } finally {
      out.release();
    }
  }

  @Override
  public final void write(WriteBuffer buff, Object storage, int len) {
    T[] values = cast(storage);
    ByteBuf out = Unpooled.buffer();
    try {
      for (int i = 0; i < len; i++) {
        encode(values[i], out);
      }
      buff.put(out.nioBuffer());
    } finally {
      out.release();
    }
  }

  @Override
  public final T read(ByteBuffer buff) {
    // slice(): big-endian whatever the page buffer's order; the encodings name their byte order themselves
    ByteBuf in = Unpooled.wrappedBuffer(buff.slice());
    T value = decode(in);
    buff.position(buff.position() + in.readerIndex());
    return value;
  }

  @Override
  public final void read(ByteBuffer buff, Object storage, int len) {
    T[] values = cast(storage);
    ByteBuf in = Unpooled.wrappedBuffer(buff.slice());
    for (int i = 0; i < len; i++) {
      values[i] = decode(in);
    }
    buff.position(buff.position() + in.readerIndex());
  }
}
