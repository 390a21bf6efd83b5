package org.ordermesh.embedded;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.LegacyUUID;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class BsonDataTypesTest {

  private static final Instant MILLIS = Instant.ofEpochMilli(1_767_225_600_123L);

  @TempDir
  Path dir;

  @Test
  @DisplayName("a document with every value type the server keeps reads back equal")
  void documentRoundTrips() {
    Document document = new Document("_id", new ObjectId())
        .append("text", "zwölf €").append("int", 12).append("long", 1L << 40).append("double", -0.5)
        .append("decimal", Decimal128.fromNumber(new BigDecimal("19.99"))).append("flag", true).append("nothing", null)
        .append("at", MILLIS).append("ts", new BsonTimestamp(1_767_225_600L << 32 | 7))
        .append("bytes", new BinData(new byte[] {1, 2, 3})).append("uuid", UUID.randomUUID())
        .append("legacyUuid", new LegacyUUID(UUID.randomUUID()))
        .append("min", MinKey.getInstance()).append("max", MaxKey.getInstance())
        .append("lines", List.of(new Document("sku", "A").append("qty", 2), List.of(1, "two"), new ArrayList<>()))
        .append("nested", new Document("deeper", new Document("empty", new Document())));

    assertThat(roundTrip(DocumentType.INSTANCE, document)).isEqualTo(document);
    // no equals of its own
    assertThat(roundTrip(DocumentType.INSTANCE, new Document("pattern", new BsonRegularExpression("^a", "i"))).get("pattern"))
        .usingRecursiveComparison().isEqualTo(new BsonRegularExpression("^a", "i"));
  }

  @Test
  @DisplayName("keys and positions read back equal, Missing included")
  void valuesRoundTrip() {
    for (Object value : values()) {
      Object read = roundTrip(BsonValueType.INSTANCE, value);
      if (value instanceof BsonRegularExpression) {
        assertThat(read).usingRecursiveComparison().isEqualTo(value);
      } else {
        assertThat(read).as("%s", value).isEqualTo(value);
      }
    }
    KeyValue key = new KeyValue("order-1", 3.0, null, new Document("a", 1.0));
    assertThat(roundTrip(KeyValueType.INSTANCE, key)).isEqualTo(key);
  }

  @Test
  @DisplayName("a key is the same key only when it encodes the same, as under H2's default type")
  void equalKeysAreEqualEncodings() {
    assertThat(BsonValueType.order(1, 1L)).isNotZero();
    assertThat(BsonValueType.order(new Document("a", 1).append("b", 2), new Document("b", 2).append("a", 1))).isNotZero();
    assertThat(BsonValueType.order(List.of(1, 2), List.of(1, 3))).isNotZero();
    assertThat(BsonValueType.order(Missing.getInstance(), null)).isNotZero();
    assertThat(BsonValueType.order(new Document("a", List.of(1, 2)), new Document("a", List.of(1, 2)))).isZero();
  }

  @Test
  @DisplayName("data and index maps find every key again after the file is reopened, in the same order")
  void keysKeepTheirOrderInTheFile() {
    Path file = dir.resolve("keys.mv.db");
    List<Object> keys = values();
    List<KeyValue> indexKeys = keys.stream().map(value -> new KeyValue(value, "v")).toList();
    List<Object> written;
    try (MVStore store = MVStore.open(file.toString())) {
      MVMap<Object, Object> data = dataMap(store);
      MVMap<KeyValue, Object> index = indexMap(store);
      for (int i = 0; i < keys.size(); i++) {
        data.put(keys.get(i), i);
        // as H2UniqueIndex does: MVMap holds no null
        index.put(indexKeys.get(i), Missing.ofNullable(keys.get(i)));
      }
      written = new ArrayList<>(data.keySet());
    }
    try (MVStore store = MVStore.open(file.toString())) {
      MVMap<Object, Object> data = dataMap(store);
      MVMap<KeyValue, Object> index = indexMap(store);

      assertThat(new ArrayList<>(data.keySet())).usingElementComparator(BsonValueType::order).isEqualTo(written);
      for (int i = 0; i < keys.size(); i++) {
        assertThat(data.get(keys.get(i))).as("data key %s", keys.get(i)).isEqualTo(i);
        assertThat(index.get(indexKeys.get(i))).as("index key %s", indexKeys.get(i)).usingComparator(BsonValueType::order).isEqualTo(Missing.ofNullable(keys.get(i)));
      }
    }
  }

  private static MVMap<Object, Object> dataMap(MVStore store) {
    return store.openMap("data", new MVMap.Builder<>().keyType(BsonValueType.INSTANCE).valueType(BsonValueType.INSTANCE));
  }

  private static MVMap<KeyValue, Object> indexMap(MVStore store) {
    return store.openMap("index", new MVMap.Builder<KeyValue, Object>().keyType(KeyValueType.INSTANCE).valueType(BsonValueType.INSTANCE));
  }

  /** One of each type a key can hold, several of the often-compared ones; more keys than an MVStore page holds. */
  private static List<Object> values() {
    List<Object> values = new ArrayList<>(Arrays.asList(Missing.getInstance(), null, MinKey.getInstance(), MaxKey.getInstance(),
        true, false, 1, -1, 1L, Long.MIN_VALUE, 1.0, -0.0, 0.0, Double.NaN, Decimal128.fromNumber(new BigDecimal("1.10")),
        MILLIS, MILLIS.plusMillis(1), new BsonTimestamp(5L), new BsonTimestamp(-1L), UUID.randomUUID(), new LegacyUUID(UUID.randomUUID()),
        new BinData(new byte[] {(byte) 0xff}), new BinData(new byte[] {1}), new BsonRegularExpression("x", ""),
        new Document("a", 1), new Document("a", List.of(1, 2)), new Document("b", new Document()), List.of(), List.of("a", 2)));
    for (int i = 0; i < 200; i++) {
      values.add("order-" + i);
      values.add(new ObjectId());
      values.add((long) i * 1_000_003);
    }
    return values;
  }

  private static <T> T roundTrip(BsonDataType<T> type, T value) {
    WriteBuffer buffer = new WriteBuffer();
    type.write(buffer, value);
    ByteBuffer written = buffer.getBuffer().flip();
    T read = type.read(written);
    assertThat(written.remaining()).as("bytes left after reading").isZero();
    return read;
  }
}
