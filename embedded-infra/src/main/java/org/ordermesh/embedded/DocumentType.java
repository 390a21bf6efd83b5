package org.ordermesh.embedded;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A collection's documents, as BSON documents. Every document the server stores has been BSON-encoded
 * already (it sizes each added or updated document by encoding it), so a commit cannot meet one it fails
 * to write. What BSON does not keep is what the wire does not either: an Instant's sub-millisecond part
 * (only server-made dates have one) and a binary's user-defined subtype (read back as generic).
 */
public final class DocumentType extends BsonDataType<Document> {

  public static final DocumentType INSTANCE = new DocumentType();

  // the heap a decoded document takes, per byte of its BSON (maps, entries, boxed values): MVStore
  // sizes its pages and its cache by this estimate, which it samples rather than computes for each value
  private static final int HEAP_BYTES_PER_BSON_BYTE = 3;

  private DocumentType() {
  }

  @Override
  void encode(Document document, ByteBuf out) {
    BsonEncoder.encodeDocument(document, out);
  }

  @Override
  Document decode(ByteBuf in) {
    return BsonDecoder.decodeBson(in);
  }

  @Override
  public int getMemory(Document document) {
    ByteBuf out = Unpooled.buffer();
    try {
      encode(document, out);
      return out.readableBytes() * HEAP_BYTES_PER_BSON_BYTE;
    } finally {
      out.release();
    }
  }

  @Override
  public Document[] createStorage(int size) {
    return new Document[size];
  }
}
