package org.ordermesh.catalog.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoClientSettings;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.impl.config.MongoClientOptionsParser;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.catalog.api.CommitStock;
import org.ordermesh.catalog.api.ReserveStock;
import org.ordermesh.catalog.api.StockLine;
import org.ordermesh.embedded.SharedInfra;

/**
 * What a reservation costs the store, counted by the driver's command listener: the shortcuts of the order path
 * (no read before a write whose state is known, the decision written settled) must not quietly come back.
 */
@DisplayName("store round trips of a reservation")
class StoreRoundTripsTest {

  private static final Set<String> DATA_COMMANDS = Set.of("find", "insert", "update", "delete", "findAndModify", "aggregate");

  private static Vertx vertx;
  private static MongoClient mongo;
  private static Context context;
  private static Reservations reservations;
  private static final Map<String, Integer> commands = new TreeMap<>();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    CommandListener counter = new CommandListener() {
      @Override
      public void commandStarted(CommandStartedEvent event) {
        if (DATA_COMMANDS.contains(event.getCommandName())) {
          synchronized (commands) {
            commands.merge(event.getCommandName(), 1, Integer::sum);
          }
        }
      }
    };
    JsonObject config = new JsonObject().put("connection_string", SharedInfra.mongoConnectionString())
        .put("db_name", "catalog_trips_" + UUID.randomUUID().toString().substring(0, 8));
    // the client's own settings (its JSON codecs among them), plus the listener
    MongoClientSettings settings = MongoClientSettings.builder(new MongoClientOptionsParser(vertx, config).settings())
        .addCommandListener(counter)
        .build();
    mongo = MongoClient.createWithMongoSettings(vertx, config, "round-trips", settings);
    var reservationRepository = new ReservationRepository(mongo, Duration.ofHours(1));
    var inventory = new InventoryRepository(vertx, mongo, 5);
    context = vertx.getOrCreateContext();
    reservations = new Reservations(reservationRepository, inventory, Duration.ofMinutes(10));
    Future.all(reservationRepository.ensureIndexes(), inventory.ensureIndexes()).await(20, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    mongo.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("a one-line reserve and its commit, sale counted, cost four writes and no read once this node knows the stock")
  void oneLineOrder() throws Exception {
    String product = "trips-" + UUID.randomUUID();
    mongo.insert(InventoryRepository.COLLECTION, new JsonObject().put("_id", product).put("available", 100).put("reserved", 0)
        .put("holds", new JsonArray()).put("adjustments", new JsonArray()).put("version", 1)).await(10, TimeUnit.SECONDS);
    reserveAndCommit(product); // the first move of a product reads its stock

    synchronized (commands) {
      commands.clear();
    }
    reserveAndCommit(product);

    synchronized (commands) {
      assertThat(commands).isEqualTo(Map.of("insert", 1, "update", 3));
    }
    // the sale is counted by the commit's stock update: no write of its own
    JsonObject stock = mongo.findOne(InventoryRepository.COLLECTION, new JsonObject().put("_id", product), null).await(10, TimeUnit.SECONDS);
    assertThat(stock.getLong("unitsSold")).isEqualTo(4L);
    assertThat(stock.getLong("ordersSold")).isEqualTo(2L);
  }

  private static void reserveAndCommit(String product) throws Exception {
    String order = "order-" + UUID.randomUUID();
    onContext(() -> reservations.reserve(new ReserveStock(order, List.of(new StockLine(product, 2)), 1))
        .compose(reserved -> reservations.commit(new CommitStock(order, 1))));
  }

  private static <T> T onContext(Supplier<Future<T>> work) throws Exception {
    return Future.<T>future(promise -> context.runOnContext(v -> work.get().onComplete(promise))).await(20, TimeUnit.SECONDS);
  }
}
