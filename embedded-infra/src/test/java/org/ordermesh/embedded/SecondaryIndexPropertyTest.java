package org.ordermesh.embedded;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random documents, random queries: the store with secondary indexes answers exactly what it answers
 * without them, and what mongo-java-server's memory backend answers; in the same order wherever the
 * query sorts (every sort ends with _id, so the order is total). Then again after random updates and
 * deletes, which move index entries. Some of the indexes are partial: a query reads one only when its filter
 * implies the index's, and the answers show whether it held every document it should. Seeded, so a failure repeats.
 */
@ExtendWith(VertxExtension.class)
class SecondaryIndexPropertyTest {

  private static final String COLLECTION = "things";
  private static final int DOCUMENTS = 400;
  private static final int QUERIES = 250;
  private static final List<String> WORDS = List.of("red", "green", "blue", "cyan", "teal");
  private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  private final Random random = new Random(20261203L);
  private int partialScans;
  private EmbeddedMongo indexed;
  private EmbeddedMongo plain;
  private MongoServer memory;
  private List<MongoClient> clients;

  @BeforeEach
  void start(Vertx vertx) {
    indexed = EmbeddedMongo.startInMemory("127.0.0.1", 0);
    plain = EmbeddedMongo.startInMemory("127.0.0.1", 0);
    memory = new MongoServer(new MemoryBackend());
    memory.bind(new InetSocketAddress("127.0.0.1", 0));
    InetSocketAddress address = memory.getLocalAddress();
    clients = List.of(client(vertx, indexed.connectionString()), client(vertx, plain.connectionString()),
        client(vertx, "mongodb://127.0.0.1:" + address.getPort()));
  }

  @AfterEach
  void stop() {
    clients.forEach(client -> Await.result(client.close()));
    indexed.close();
    plain.close();
    memory.shutdownNow();
  }

  @Test
  @DisplayName("queries answer the same with secondary indexes, without them and on the memory backend")
  void indexesChangeNoAnswer() {
    MongoClient withIndexes = clients.get(0);
    // some indexes exist before the data (kept as written), some are built over it
    createIndex(withIndexes, new JsonObject().put("tags", 1).put("a", 1).put("_id", 1), false);
    createIndex(withIndexes, new JsonObject().put("c", -1).put("_id", -1), false);
    for (int i = 0; i < DOCUMENTS; i++) {
      JsonObject document = randomDocument(i);
      clients.forEach(client -> Await.result(client.insert(COLLECTION, document.copy())));
    }
    createIndex(withIndexes, new JsonObject().put("a", 1).put("b", 1), false);
    createIndex(withIndexes, new JsonObject().put("b", 1).put("c", -1), true);
    createIndex(withIndexes, new JsonObject().put("n.x", -1), false);
    createPartialIndex(withIndexes, new JsonObject().put("b", 1).put("a", -1), new JsonObject().put("a", new JsonObject().put("$gt", 2)));
    createPartialIndex(withIndexes, new JsonObject().put("tags", 1).put("c", 1), new JsonObject().put("b", "red"));
    createPartialIndex(withIndexes, new JsonObject().put("c", 1).put("a", 1),
        new JsonObject().put("c", new JsonObject().put("$gte", date(6)).put("$lt", date(16))));
    createPartialIndex(withIndexes, new JsonObject().put("n.x", 1).put("b", 1), new JsonObject().put("n.x", new JsonObject().put("$exists", true)));

    int indexScans = compareQueries();
    for (int i = 0; i < DOCUMENTS / 2; i++) {
      JsonObject filter = new JsonObject().put("_id", "d" + random.nextInt(DOCUMENTS));
      JsonObject change = randomChange();
      clients.forEach(client -> Await.result(change == null
          ? client.removeDocument(COLLECTION, filter.copy()).mapEmpty()
          : client.updateCollectionWithOptions(COLLECTION, filter.copy(), change.copy(), new UpdateOptions()).mapEmpty()));
    }
    indexScans += compareQueries();

    assertThat(indexScans).as("queries the indexes served").isGreaterThan(QUERIES / 2);
    assertThat(partialScans).as("queries partial indexes served").isGreaterThan(QUERIES / 20);
  }

  private int compareQueries() {
    int indexScans = 0;
    for (int i = 0; i < QUERIES; i++) {
      JsonObject query = randomQuery();
      JsonObject sort = random.nextInt(4) == 0 ? null : randomSort();
      FindOptions options = new FindOptions();
      if (sort != null) {
        options.setSort(sort).setLimit(random.nextBoolean() ? 0 : 1 + random.nextInt(15)).setSkip(random.nextInt(5) == 0 ? 2 : 0);
      }
      List<List<JsonObject>> answers = new ArrayList<>();
      for (MongoClient client : clients) {
        List<JsonObject> found = Await.result(client.findWithOptions(COLLECTION, query.copy(), options));
        answers.add(sort == null ? byId(found) : found);
      }
      String description = query.encode() + " sort " + (sort == null ? "none" : sort.encode()) + " limit " + options.getLimit();
      assertThat(answers.get(0)).as("indexed: %s", description).isEqualTo(answers.get(1));
      assertThat(answers.get(1)).as("memory backend: %s", description).isEqualTo(answers.get(2));
      JsonObject explain = Await.result(clients.get(0).runCommand("explain", new JsonObject()
          .put("explain", new JsonObject().put("find", COLLECTION).put("filter", query).put("sort", sort))));
      if (Explained.usesIndex(explain)) {
        indexScans++;
        if (explain.encode().contains("\"isPartial\":true")) {
          partialScans++;
        }
      }
    }
    return indexScans;
  }

  private static List<JsonObject> byId(List<JsonObject> found) {
    return found.stream().sorted(Comparator.comparing(document -> document.getString("_id"))).toList();
  }

  private static void createIndex(MongoClient client, JsonObject keys, boolean sparse) {
    Await.result(client.createIndexWithOptions(COLLECTION, keys, new IndexOptions().sparse(sparse)));
  }

  private static void createPartialIndex(MongoClient client, JsonObject keys, JsonObject filter) {
    Await.result(client.createIndexWithOptions(COLLECTION, keys, new IndexOptions().partialFilterExpression(filter)));
  }

  private JsonObject randomDocument(int i) {
    JsonObject document = new JsonObject().put("_id", "d" + i);
    maybe(() -> document.put("a", randomNumber()));
    if (random.nextInt(10) == 0) {
      document.putNull("a");
    }
    maybe(() -> document.put("b", WORDS.get(random.nextInt(WORDS.size()))));
    maybe(() -> document.put("c", new JsonObject().put("$date", EPOCH.plusSeconds(random.nextInt(20) * 3600L).toString())));
    maybe(() -> document.put("tags", randomTags()));
    maybe(() -> document.put("n", new JsonObject().put("x", random.nextInt(6))));
    return document;
  }

  private void maybe(Runnable put) {
    if (random.nextInt(5) != 0) {
      put.run();
    }
  }

  private Object randomNumber() {
    int value = random.nextInt(8);
    return switch (random.nextInt(3)) {
      case 0 -> value;
      case 1 -> (long) value;
      default -> value + (random.nextBoolean() ? 0.5 : 0.0);
    };
  }

  private JsonArray randomTags() {
    JsonArray tags = new JsonArray();
    int count = random.nextInt(4);
    for (int i = 0; i < count; i++) {
      tags.add(WORDS.get(random.nextInt(WORDS.size())));
    }
    return tags;
  }

  // null: delete the document
  private JsonObject randomChange() {
    return switch (random.nextInt(5)) {
      case 0 -> null;
      case 1 -> new JsonObject().put("$set", new JsonObject().put("a", randomNumber()).put("b", WORDS.get(random.nextInt(WORDS.size()))));
      case 2 -> new JsonObject().put("$unset", new JsonObject().put("b", ""));
      case 3 -> new JsonObject().put("$push", new JsonObject().put("tags", WORDS.get(random.nextInt(WORDS.size()))));
      default -> new JsonObject().put("$set", new JsonObject().put("c", new JsonObject().put("$date", EPOCH.plusSeconds(random.nextInt(20) * 3600L).toString())));
    };
  }

  private JsonObject randomQuery() {
    JsonObject query = new JsonObject();
    int terms = 1 + random.nextInt(3);
    for (int i = 0; i < terms; i++) {
      switch (random.nextInt(11)) {
        case 0 -> query.put("a", randomNumber());
        case 1 -> query.put("a", new JsonObject().put("$in", new JsonArray().add(randomNumber()).add(randomNumber())));
        case 2 -> query.put("a", randomRange(randomNumber(), randomNumber()));
        case 3 -> query.put("b", WORDS.get(random.nextInt(WORDS.size())));
        case 4 -> query.put("b", new JsonObject().put("$in", new JsonArray().add(WORDS.get(random.nextInt(WORDS.size()))).add("nothing")));
        case 5 -> query.put("tags", WORDS.get(random.nextInt(WORDS.size())));
        case 6 -> query.put("c", randomRange(date(), date()));
        case 7 -> query.put("n.x", randomRange(random.nextInt(6), random.nextInt(6)));
        case 8 -> query.put("n.x", new JsonObject().put("$exists", random.nextBoolean()));
        case 9 -> query.put("c", new JsonObject().put(random.nextBoolean() ? "$gt" : "$gte", date()).put("$lt", date()));
        default -> query.put("$or", new JsonArray()
            .add(new JsonObject().put("a", new JsonObject().put("$gt", randomNumber())))
            .add(new JsonObject().put("a", randomNumber()).put("_id", new JsonObject().put("$gt", "d" + random.nextInt(DOCUMENTS)))));
      }
    }
    return query;
  }

  private JsonObject date() {
    return date(random.nextInt(20));
  }

  private static JsonObject date(int hours) {
    return new JsonObject().put("$date", EPOCH.plusSeconds(hours * 3600L).toString());
  }

  private JsonObject randomRange(Object low, Object high) {
    JsonObject range = new JsonObject();
    if (random.nextInt(3) != 0) {
      range.put(random.nextBoolean() ? "$gt" : "$gte", low);
    }
    if (range.isEmpty() || random.nextBoolean()) {
      range.put(random.nextBoolean() ? "$lt" : "$lte", high);
    }
    return range;
  }

  private JsonObject randomSort() {
    // not by tags: no index serves a sort on an array field, and mongo-java-server's own comparator orders
    // empty arrays by the order it meets them, so the backends would disagree on ties among those
    List<String> fields = new ArrayList<>(List.of("a", "b", "c", "n.x"));
    JsonObject sort = new JsonObject();
    int count = 1 + random.nextInt(2);
    for (int i = 0; i < count; i++) {
      sort.put(fields.remove(random.nextInt(fields.size())), random.nextBoolean() ? 1 : -1);
    }
    return sort.put("_id", random.nextBoolean() ? 1 : -1);
  }

  private static MongoClient client(Vertx vertx, String connectionString) {
    return MongoClient.create(vertx, new JsonObject().put("connection_string", connectionString).put("db_name", "property"));
  }
}
