package org.ordermesh.payment.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import org.ordermesh.auth.AuthService;
import org.ordermesh.payment.PaymentConfig;
import org.ordermesh.payment.PaymentService;
import org.ordermesh.payment.api.AuthorizePayment;
import org.ordermesh.payment.api.PaymentAddresses;
import org.ordermesh.payment.api.PaymentCommand;
import org.ordermesh.payment.api.PaymentErrorCode;
import org.ordermesh.payment.api.PaymentReply;
import org.ordermesh.payment.payment.Payment;
import org.ordermesh.payment.payment.PaymentRepository;
import org.ordermesh.payment.payment.PendingOperation;
import org.ordermesh.payment.provider.GuardedCardProvider;
import org.ordermesh.payment.provider.SimulatedCardProvider;
import org.ordermesh.platform.mongo.MongoClients;
import org.ordermesh.platform.outbox.Outbox;
import org.ordermesh.platform.security.BusAuthorization;
import org.ordermesh.platform.security.ServiceToken;
import org.ordermesh.platform.testing.TestNode;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A test node running the payment service with a quick provider: tok_slow answers after 300 ms, a provider
 * call times out after 150 ms and is not retried, three failures open the breaker for 400 ms.
 */
public final class PaymentNode implements AutoCloseable {

  public static final long AMOUNT = 12_50;
  private static final String ORDER_CLIENT_SECRET = "ORDERMESH_ORDER_CLIENT_SECRET";
  /** A service client whose tokens carry catalog.inventory only. */
  public static final String STOCK_CLIENT = "stock-only";
  public static final String STOCK_CLIENT_SECRET = "stock-only-secret";

  private final TestNode node;
  private final MongoClient mongo;
  private final PaymentRepository repository;

  private PaymentNode(TestNode node) {
    this.node = node;
    var config = PaymentConfig.from(node.settings());
    this.mongo = MongoClients.shared(node.vertx(), config.service().platform().mongoUri(), config.service().database());
    this.repository = new PaymentRepository(node.vertx(), mongo);
  }

  public static PaymentNode start() {
    var node = TestNode.start(new JsonObject()
      .put("ORDERMESH_PAYMENT_DATABASE", "payment_test_" + UUID.randomUUID().toString().substring(0, 8))
      .put(PaymentConfig.PROVIDER_DATABASE, "cardprovider_test_" + UUID.randomUUID().toString().substring(0, 8))
      .put(PaymentConfig.SLOW_MS, 300)
      .put(PaymentConfig.PROVIDER_TIMEOUT_MS, 150)
      .put(PaymentConfig.PROVIDER_RETRIES, 0)
      .put(PaymentConfig.BREAKER_FAILURES, 3)
      .put(PaymentConfig.BREAKER_RESET_MS, 400)
      .put("ORDERMESH_AUTH_DATABASE", "auth_test_" + UUID.randomUUID().toString().substring(0, 8))
      .put("ORDERMESH_ARGON2_MEMORY_KIB", 64)
      .put("ORDERMESH_ARGON2_ITERATIONS", 1)
      .put("ORDERMESH_KEY_ACTIVATION_SECONDS", 0)
      .put("ORDERMESH_ADMIN_EMAIL", Accounts.ADMIN_EMAIL)
      .put("ORDERMESH_ADMIN_PASSWORD", Accounts.ADMIN_PASSWORD)
      .put(ORDER_CLIENT_SECRET, "payment-test-order-secret")
      .put("ORDERMESH_AUTH_CLIENT_SECRETS", new JsonObject().put(STOCK_CLIENT, new JsonObject()
        .put("secret", STOCK_CLIENT_SECRET).put("scopes", new JsonArray().add("catalog.inventory"))).encode()));
    // the first deployment in a JVM also starts the shared embedded servers: slow on a loaded machine;
    // auth issues the order service's token the commands carry
    await(new AuthService().deploy(node.vertx(), node.settings())
      .compose(v -> new PaymentService().deploy(node.vertx(), node.settings())), 60);
    return new PaymentNode(node);
  }

  public Vertx vertx() {
    return node.vertx();
  }

  public TestNode testNode() {
    return node;
  }

  /** The service's database, for tests that build their own {@code Payments}. */
  public MongoClient mongo() {
    return mongo;
  }

  public static String newOrderId() {
    return "ord_" + UUID.randomUUID();
  }

  public static AuthorizePayment authorization(String orderId, String customerId, String paymentMethod) {
    return new AuthorizePayment(orderId, customerId, AMOUNT, "EUR", paymentMethod, 1);
  }

  /** Sends the command to payment.payments, as the order saga does. */
  public Future<PaymentReply> send(PaymentCommand command) {
    return send(command.toJson()).map(PaymentReply::fromJson);
  }

  public Future<JsonObject> send(JsonObject body) {
    return serviceToken().compose(token -> sendAuthorized(body, "Bearer " + token));
  }

  /** Sends {@code body} with {@code authorization} as its header (null: none), as any process on the bus could. */
  public Future<JsonObject> sendAuthorized(JsonObject body, String authorization) {
    var options = new DeliveryOptions();
    if (authorization != null) {
      options.addHeader(BusAuthorization.HEADER, authorization);
    }
    return node.vertx().eventBus().<JsonObject>request(PaymentAddresses.PAYMENTS, body, options).map(reply -> reply.body());
  }

  /** The order service's token by client_credentials, scope payment.payments. */
  public Future<String> serviceToken() {
    return ServiceToken.forNode(node.vertx(), "order", node.settings().getString(ORDER_CLIENT_SECRET),
      Set.of(PaymentAddresses.SCOPE)).current();
  }

  public PaymentReply reply(PaymentCommand command) {
    return await(send(command));
  }

  /** The error code the command is refused with; AssertionError if it succeeds. */
  public PaymentErrorCode refusal(PaymentCommand command) {
    return refusal(command.toJson());
  }

  public PaymentErrorCode refusal(JsonObject body) {
    return refused(send(body));
  }

  /** The error code the command sent with {@code authorization} (null: none) is refused with. */
  public PaymentErrorCode refusal(PaymentCommand command, String authorization) {
    return refused(sendAuthorized(command.toJson(), authorization));
  }

  /** A token of the client holding catalog.inventory, not payment.payments. */
  public String stockClientToken() {
    return await(ServiceToken.forNode(node.vertx(), STOCK_CLIENT, STOCK_CLIENT_SECRET, Set.of("catalog.inventory")).current());
  }

  private static PaymentErrorCode refused(Future<JsonObject> sent) {
    var outcome = await(sent.map(reply -> (Throwable) new AssertionError("expected a refusal, got " + reply))
      .recover(Future::succeededFuture));
    return PaymentErrorCode.of(outcome).orElseThrow(() -> new AssertionError("not a payment error", outcome));
  }

  public Payment stored(String orderId) {
    return await(repository.findByOrderId(orderId));
  }

  /** How many of the payment's events wait in its document's outbox for the relay. */
  public int pendingEvents(String orderId) {
    var document = await(mongo.findOne(PaymentRepository.COLLECTION, new JsonObject().put("_id", orderId), null));
    return document.getJsonArray(Outbox.FIELD, new JsonArray()).size();
  }

  /** The node's simulated card provider (the service's, on its own database). */
  public SimulatedCardProvider provider() {
    return SimulatedCardProvider.forNode(node.vertx(), PaymentConfig.from(node.settings()));
  }

  /** The simulated provider's own database. */
  public MongoClient providerMongo() {
    var config = PaymentConfig.from(node.settings());
    return MongoClients.shared(node.vertx(), config.service().platform().mongoUri(), config.providerDatabase());
  }

  /** What the simulated provider's ledger holds for the order's authorization, oldest first. */
  public List<SimulatedCardProvider.LedgerEntry> ledger(String orderId) {
    return await(provider().entriesFor(PendingOperation.authorizationKey(orderId)));
  }

  public List<SimulatedCardProvider.LedgerEntry> ledger(String orderId, String operation) {
    return ledger(orderId).stream().filter(entry -> entry.operation().equals(operation)).toList();
  }

  /** {@code ordermesh_circuit_breaker_state{breaker="card-provider"}}: 0 closed, 1 half-open, 2 open. */
  public double breakerState() {
    return node.runtime().meters().find("ordermesh_circuit_breaker_state")
      .tag("breaker", GuardedCardProvider.BREAKER).gauge().value();
  }

  /** The future's value, waiting at most 10 s. */
  public static <T> T await(Future<T> future) {
    return await(future, 10);
  }

  private static <T> T await(Future<T> future, int seconds) {
    try {
      return future.await(seconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within " + seconds + " s", e);
    }
  }

  @Override
  public void close() throws Exception {
    node.close();
  }
}
