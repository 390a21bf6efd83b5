package org.ordermesh.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.catalog.CatalogFixtures.commit;
import static org.ordermesh.catalog.CatalogFixtures.productWithStock;
import static org.ordermesh.catalog.CatalogFixtures.release;
import static org.ordermesh.catalog.CatalogFixtures.reserve;
import static org.ordermesh.catalog.CatalogFixtures.stock;

import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.catalog.api.CatalogAddresses;
import org.ordermesh.catalog.inventory.InventoryRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bursts of orders through {@code catalog.inventory}, a fixed number in flight (closed loop), as a flash sale sends
 * them. Sizes can be raised to measure ({@code -Dcatalog.burst.orders=3000}); the rate is logged, never asserted.
 */
@DisplayName("a burst of orders on one product")
class StockBurstTest {

  private static final Logger log = LoggerFactory.getLogger(StockBurstTest.class);
  private static final int ORDERS = Integer.getInteger("catalog.burst.orders", 300);
  private static final int IN_FLIGHT = Integer.getInteger("catalog.burst.inFlight", 32);

  private static CatalogNode node;

  /** What one order's messages were answered: the reserve's status or error code, then the follow-up's. */
  private record Answers(String reserve, String followUp) {
  }

  @BeforeAll
  static void start() throws Exception {
    node = CatalogNode.start(new JsonObject(), true);
    // a cold node compiles for its first bursts: warm it up, so the logged rates compare
    String warmUp = productWithStock(node, 1_000_000);
    burst("warm-up", (order, i) -> reserve(order, warmUp, 1), true);
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  @Test
  @DisplayName("every reserve, commit and release is answered, and available + reserved + sold stays what it was")
  void hotProductAddsUp() throws Exception {
    String product = productWithStock(node, 1_000_000);
    long versionBefore = stockRecord(product).getLong("version");

    Map<Integer, Answers> answers = burst("one product", (order, i) -> reserve(order, product, 1 + i % 3), true);

    assertThat(answers).hasSize(ORDERS);
    assertThat(answers.values()).allSatisfy(answer -> assertThat(answer.reserve()).isEqualTo("RESERVED"));
    assertThat(answers.values()).allSatisfy(answer -> assertThat(answer.followUp()).isIn("COMMITTED", "RELEASED"));
    long sold = IntStream.range(0, ORDERS).filter(StockBurstTest::commits).map(i -> 1 + i % 3).sum();
    JsonObject after = stockRecord(product);
    assertThat(after.getLong("reserved")).isZero();
    assertThat(after.getLong("unitsSold")).isEqualTo(sold);
    assertThat(after.getLong("available") + after.getLong("reserved") + after.getLong("unitsSold")).isEqualTo(1_000_000);
    // every write moves the version once: the moves of concurrent orders shared writes
    long writes = after.getLong("version") - versionBefore;
    log.info("burst 'one product': {} stock moves in {} stock writes", 2 * ORDERS, writes);
    assertThat(writes).isLessThan(2L * ORDERS);
  }

  @Test
  @DisplayName("when the product runs out mid-burst, what was granted is exactly what left the shelf, and nothing is oversold")
  void runsOutMidBurst() throws Exception {
    int units = ORDERS / 2;
    String product = productWithStock(node, units);

    Map<Integer, Answers> answers = burst("running out", (order, i) -> reserve(order, product, 1 + i % 3), false);

    long granted = IntStream.range(0, ORDERS).filter(i -> "RESERVED".equals(answers.get(i).reserve())).map(i -> 1 + i % 3).sum();
    List<String> refusals = answers.values().stream().map(Answers::reserve).filter(status -> !"RESERVED".equals(status)).toList();
    int smallestRefused = IntStream.range(0, ORDERS).filter(i -> !"RESERVED".equals(answers.get(i).reserve()))
        .map(i -> 1 + i % 3).min().orElseThrow();
    JsonObject after = stock(node, product);
    assertThat(refusals).isNotEmpty().containsOnly("OUT_OF_STOCK");
    assertThat(after.getLong("reserved")).isEqualTo(granted);
    assertThat(after.getLong("available")).isEqualTo(units - granted).isNotNegative();
    // stock only went down in this burst, so a refused order asked for more than was left at the end
    assertThat(after.getLong("available")).isLessThan(smallestRefused);
  }

  @Test
  @DisplayName("orders of two lines in the burst hold both lines or neither")
  void severalLinesAllOrNothing() throws Exception {
    int hotUnits = ORDERS / 3;
    String hot = productWithStock(node, hotUnits);
    List<String> others = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      others.add(productWithStock(node, ORDERS));
    }

    // the other line first, so a refusal of the hot line must give it back
    Map<Integer, Answers> answers = burst("two lines", (order, i) -> reserve(order, others.get(i % 4), 1, hot, 1), false);

    long granted = answers.values().stream().filter(answer -> "RESERVED".equals(answer.reserve())).count();
    assertThat(granted).isEqualTo(hotUnits);
    assertThat(answers.values()).allSatisfy(answer -> assertThat(answer.reserve()).isIn("RESERVED", "OUT_OF_STOCK"));
    assertThat(stock(node, hot).getLong("available")).isZero();
    assertThat(stock(node, hot).getLong("reserved")).isEqualTo(hotUnits);
    long othersReserved = 0;
    for (String other : others) {
      JsonObject stock = stock(node, other);
      othersReserved += stock.getLong("reserved");
      assertThat(stock.getLong("available") + stock.getLong("reserved")).isEqualTo(ORDERS);
    }
    assertThat(othersReserved).isEqualTo(granted);
  }

  @Test
  @DisplayName("the same burst spread over 100 products adds up too (the rate to compare the hot product's with)")
  void spreadAddsUp() throws Exception {
    List<String> products = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      products.add(productWithStock(node, 10_000));
    }

    Map<Integer, Answers> answers = burst("100 products", (order, i) -> reserve(order, products.get(i % 100), 1 + i % 3), true);

    assertThat(answers.values()).allSatisfy(answer -> assertThat(answer.followUp()).isIn("COMMITTED", "RELEASED"));
    long sold = 0;
    for (String product : products) {
      JsonObject after = stockRecord(product);
      assertThat(after.getLong("reserved")).isZero();
      assertThat(after.getLong("available") + after.getLong("unitsSold")).isEqualTo(10_000);
      sold += after.getLong("unitsSold");
    }
    assertThat(sold).isEqualTo(IntStream.range(0, ORDERS).filter(StockBurstTest::commits).map(i -> 1 + i % 3).sum());
  }

  /** Sends ORDERS reserves, IN_FLIGHT at a time, each followed (if asked) by its commit, or for every fourth its release. */
  private static Map<Integer, Answers> burst(String name, Orders orders, boolean followUp) throws Exception {
    // this burst's order ids, apart from the other tests' bursts
    String run = UUID.randomUUID().toString().substring(0, 8);
    Map<Integer, Answers> answers = new ConcurrentHashMap<>();
    AtomicInteger next = new AtomicInteger();
    long started = System.nanoTime();
    Future.all(IntStream.range(0, IN_FLIGHT).mapToObj(w -> worker(run, next, orders, followUp, answers)).toList())
        .await(120, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - started) / 1e9;
    log.info("burst '{}': {} orders, {} in flight, {} s, {} orders/s", name, ORDERS, IN_FLIGHT,
        String.format("%.2f", seconds), String.format("%.0f", ORDERS / seconds));
    return answers;
  }

  private static Future<Void> worker(String run, AtomicInteger next, Orders orders, boolean followUp, Map<Integer, Answers> answers) {
    int i = next.getAndIncrement();
    if (i >= ORDERS) {
      return Future.succeededFuture();
    }
    String orderId = "burst-" + run + "-" + i;
    return ask(orders.reserve(orderId, i))
        .compose(reserved -> !followUp || !"RESERVED".equals(reserved)
            ? Future.succeededFuture(new Answers(reserved, null))
            : ask(commits(i) ? commit(orderId) : release(orderId)).map(done -> new Answers(reserved, done)))
        .compose(answer -> {
          answers.put(i, answer);
          return worker(run, next, orders, followUp, answers);
        });
  }

  /** The reserve of the burst's i-th order. */
  private interface Orders {
    JsonObject reserve(String orderId, int i);
  }

  // the reply's status, or the refusal's error code: every message must be answered one way or the other
  private static Future<String> ask(JsonObject message) {
    return node.command(CatalogAddresses.INVENTORY, message)
        .map(reply -> reply.body().getString("status"))
        .recover(failure -> failure instanceof ReplyException refusal && refusal.failureCode() > 0
            ? Future.succeededFuture(refusal.getMessage())
            : Future.failedFuture(failure));
  }

  private static boolean commits(int i) {
    return i % 4 != 0;
  }

  private static JsonObject stockRecord(String product) throws Exception {
    return node.mongo().findOne(InventoryRepository.COLLECTION, new JsonObject().put("_id", product), null).await(20, TimeUnit.SECONDS);
  }
}
