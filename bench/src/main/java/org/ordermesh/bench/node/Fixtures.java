package org.ordermesh.bench.node;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Test data made through the API, as a client would: products in a few categories, stock, customers. */
public final class Fixtures {

  public static final List<String> CATEGORIES = List.of("books", "garden", "kitchen", "music", "sports", "toys",
      "tools", "games");
  private static final String CUSTOMER_PASSWORD = "Bench-customer-password-1";

  private final Api api;
  private final String runId = UUID.randomUUID().toString().substring(0, 8);
  private final String adminEmail;
  private final String adminPassword;
  private String adminToken;
  private long adminTokenAt;
  private final List<String> customerEmails = new ArrayList<>();
  private volatile List<String> customerTokens = List.of();
  private long tokensAt;

  private Fixtures(Api api, String adminEmail, String adminPassword) {
    this.api = api;
    this.adminEmail = adminEmail;
    this.adminPassword = adminPassword;
    this.adminToken = api.token(adminEmail, adminPassword).await();
    this.adminTokenAt = System.nanoTime();
  }

  public static Fixtures as(Api api, String adminEmail, String adminPassword) {
    return new Fixtures(api, adminEmail, adminPassword);
  }

  /** The admin's access token, taken again when it is 10 minutes old (they last 15; a growth sweep runs longer). */
  public String adminToken() {
    if (System.nanoTime() - adminTokenAt > TimeUnit.MINUTES.toNanos(10)) {
      adminToken = api.token(adminEmail, adminPassword).await();
      adminTokenAt = System.nanoTime();
    }
    return adminToken;
  }

  /** Creates {@code count} products, {@code concurrency} requests at a time; returns their ids. */
  public List<String> products(int count, int concurrency) {
    Random random = new Random(42);
    return inParallel(count, concurrency, i -> api.createProduct(adminToken, new JsonObject()
        .put("name", "Bench product " + i)
        .put("description", "A product the load harness made, number " + i)
        .put("category", CATEGORIES.get(i % CATEGORIES.size()))
        .put("price", BigDecimal.valueOf(100 + random.nextInt(50_000), 2).setScale(2, RoundingMode.UNNECESSARY))
        .put("currency", "EUR")
        .put("sku", "bench-" + runId + "-" + i)
        .put("attributes", new JsonObject().put("colour", i % 2 == 0 ? "red" : "blue"))));
  }

  public void stock(List<String> productIds, long delta, int concurrency) {
    inParallel(productIds.size(), concurrency, i -> api.addStock(adminToken, productIds.get(i), delta).map(v -> ""));
  }

  /** Registers customers (Argon2 makes each one slow, by design) and logs them in. */
  public void customers(int count, int concurrency) {
    int base = customerEmails.size();
    List<String> emails = inParallel(count, concurrency, i -> {
      String email = "bench-" + runId + "-" + (base + i) + "@example.com";
      return api.register(email, CUSTOMER_PASSWORD, "Bench Customer " + (base + i)).map(v -> email);
    });
    customerEmails.addAll(emails);
    refreshTokens(concurrency);
  }

  /** Access tokens last 15 minutes: a phase that starts after 10 calls this first. */
  public void refreshTokensIfOld(int concurrency) {
    if (System.nanoTime() - tokensAt > TimeUnit.MINUTES.toNanos(10)) {
      refreshTokens(concurrency);
    }
  }

  public List<String> customerTokens() {
    return customerTokens;
  }

  private void refreshTokens(int concurrency) {
    customerTokens = List.copyOf(inParallel(customerEmails.size(), concurrency,
        i -> api.token(customerEmails.get(i), CUSTOMER_PASSWORD)));
    tokensAt = System.nanoTime();
  }

  /** Runs {@code count} calls with at most {@code concurrency} in flight; results in index order. */
  public static <T> List<T> inParallel(int count, int concurrency, IntFunction<Future<T>> call) {
    List<T> results = new ArrayList<>(Collections.nCopies(count, null));
    ConcurrentLinkedQueue<Integer> todo = new ConcurrentLinkedQueue<>();
    for (int i = 0; i < count; i++) {
      todo.add(i);
    }
    List<Future<Void>> workers = new ArrayList<>();
    for (int w = 0; w < Math.min(concurrency, Math.max(1, count)); w++) {
      workers.add(drain(todo, call, results));
    }
    Future.all(workers).await();
    return results;
  }

  private static <T> Future<Void> drain(ConcurrentLinkedQueue<Integer> todo, IntFunction<Future<T>> call, List<T> results) {
    Integer next = todo.poll();
    if (next == null) {
      return Future.succeededFuture();
    }
    return call.apply(next).compose(result -> {
      synchronized (results) {
        results.set(next, result);
      }
      return drain(todo, call, results);
    });
  }
}
