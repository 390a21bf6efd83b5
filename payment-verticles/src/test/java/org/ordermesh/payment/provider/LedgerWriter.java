package org.ordermesh.payment.provider;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import org.ordermesh.embedded.EmbeddedMongo;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child process of the provider's kill -9 test: a simulated provider on a file-backed store, authorizing and
 * capturing orders from several concurrent callers until killed, printing each answer once it is given.
 */
public final class LedgerWriter {

  static final String DATABASE = "ordermesh_cardprovider";
  static final String AUTHORIZED = "authorized ";
  static final String CAPTURED = "captured ";
  // ends every line, so a line cut short by the kill is not mistaken for an answer
  static final String END = ";";
  static final long AMOUNT = 12_50;

  private static final int CALLERS = 8;
  private static final AtomicLong NEXT = new AtomicLong();

  private LedgerWriter() {
  }

  public static void main(String[] args) {
    var mongo = EmbeddedMongo.startFile(Path.of(args[0]), "127.0.0.1", 0);
    var vertx = Vertx.vertx();
    var provider = new SimulatedCardProvider(vertx, MongoClient.create(vertx, new JsonObject()
      .put("connection_string", mongo.connectionString()).put("db_name", DATABASE)), 0);
    provider.ensureIndexes().onSuccess(v -> {
      for (int caller = 0; caller < CALLERS; caller++) {
        payForever(provider);
      }
    });
  }

  private static Future<Void> payForever(SimulatedCardProvider provider) {
    var order = "ord_" + NEXT.incrementAndGet();
    return provider.authorize(order + ":authorize", SimulatedCardProvider.APPROVE, AMOUNT, "EUR")
      .onSuccess(answer -> System.out.println(AUTHORIZED + order + " " + answer.reference() + END))
      .compose(answer -> provider.capture(order + ":capture", order + ":authorize", AMOUNT))
      .onSuccess(answer -> System.out.println(CAPTURED + order + " " + answer.reference() + END))
      .compose(answer -> payForever(provider));
  }
}
