package org.ordermesh.payment;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.RoutingContext;
import org.ordermesh.payment.api.RefundPayment;
import org.ordermesh.payment.http.PaymentProblems;
import org.ordermesh.payment.http.PaymentView;
import org.ordermesh.payment.http.RefundRequest;
import org.ordermesh.payment.payment.Payment;
import org.ordermesh.payment.payment.PaymentCache;
import org.ordermesh.payment.payment.PaymentRepository;
import org.ordermesh.payment.payment.Payments;
import org.ordermesh.platform.health.HealthRoutes;
import org.ordermesh.platform.http.ApiException;
import org.ordermesh.platform.http.ApiRouter;
import org.ordermesh.platform.http.QueryParams;
import org.ordermesh.platform.mongo.MongoClients;
import org.ordermesh.platform.security.Authentication;
import org.ordermesh.platform.security.Authorization;
import org.ordermesh.platform.security.Principal;
import org.ordermesh.platform.service.ServiceHttpServer;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The payment service's HTTP face: owners and admins read payments, admins refund them. A customer
 * asking for another customer's payment is told it does not exist.
 */
public class PaymentHttpVerticle extends VerticleBase {

  private static final String ADMIN = "admin";
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

  private ServiceHttpServer server;
  private Payments payments;

  @Override
  public Future<?> start() {
    var config = PaymentConfig.from(config());
    var mongo = MongoClients.shared(vertx, config.service().platform().mongoUri(), config.service().database());
    return PaymentService.cardProvider(vertx, config).compose(provider -> {
      payments = new Payments(new PaymentRepository(vertx, mongo), provider, PaymentCache.forNode(vertx));
      return listen(config, mongo);
    });
  }

  private Future<ServiceHttpServer> listen(PaymentConfig config, MongoClient mongo) {
    var router = ApiRouter.create(vertx, PaymentService.NAME);
    var authenticated = Authentication.required(vertx, config());

    // payments
    router.get("/api/v1/payments").handler(authenticated).respond(this::listPayments);
    router.get("/api/v1/payments/:id").handler(authenticated).respond(this::getPayment);
    // refunds
    router.post("/api/v1/payments/:id/refunds").handler(authenticated).handler(Authorization.role(ADMIN))
      .respond(this::createRefund);

    // every route verifies tokens with the auth service's keys
    HealthRoutes.mount(router, vertx, Optional.of(mongo), List.of("auth"));
    return ServiceHttpServer.start(vertx, config.service(), router).onSuccess(started -> server = started);
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.stop();
  }

  /** {@code ?orderId=} (required): the order's payment in a one-page list, empty when the caller may not see it. */
  private Future<JsonObject> listPayments(RoutingContext ctx) {
    var orderId = QueryParams.read(ctx, q -> q.optionalString("orderId", 128, ID));
    if (orderId == null) {
      throw ApiException.invalid("orderId", "is required");
    }
    var caller = Principal.of(ctx);
    return payments.findByOrderId(orderId).map(payment -> new JsonObject()
      .put("items", visibleTo(caller, payment) ? new JsonArray().add(PaymentView.of(payment)) : new JsonArray())
      .putNull("nextCursor"));
  }

  private Future<JsonObject> getPayment(RoutingContext ctx) {
    var caller = Principal.of(ctx);
    return findVisible(ctx.pathParam("id"), caller).map(PaymentView::of);
  }

  private Future<JsonObject> createRefund(RoutingContext ctx) {
    var request = RefundRequest.from(ctx);
    return findVisible(ctx.pathParam("id"), Principal.of(ctx)).compose(payment -> {
      var amountMinor = request.amountMinor(payment.currency());
      return payments.handle(new RefundPayment(payment.orderId(), amountMinor, request.refundId(), 1)).map(reply -> {
        ctx.response().setStatusCode(201).putHeader("Location", "/api/v1/payments/" + payment.paymentId());
        return PaymentView.refund(payment, request.refundId(), amountMinor, reply);
      });
    })
      .recover(failure -> Future.failedFuture(PaymentProblems.toProblem(failure)));
  }

  private Future<Payment> findVisible(String paymentId, Principal caller) {
    return payments.findByPaymentId(paymentId).map(payment -> {
      if (!visibleTo(caller, payment)) {
        throw ApiException.notFound("no payment " + paymentId);
      }
      return payment;
    });
  }

  // a payment the caller may not see answers exactly like one that does not exist
  private static boolean visibleTo(Principal caller, Payment payment) {
    return payment != null && (caller.hasRole(ADMIN) || caller.subject().equals(payment.customerId()));
  }
}
