package org.ordermesh.payment.provider;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.ordermesh.embedded.EmbeddedMongo;
import org.ordermesh.embedded.SharedInfra;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The simulated card provider on its own database, as the external provider it stands for behaves. */
@DisplayName("the simulated card provider")
class SimulatedCardProviderTest {

  private static final long AMOUNT = 12_50;

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @DisplayName("answers each request key once")
  class RequestKeys {

    private Vertx vertx;
    private MongoClient mongo;
    private SimulatedCardProvider provider;

    @BeforeAll
    void start() {
      vertx = Vertx.vertx();
      mongo = client(vertx, SharedInfra.mongoConnectionString(), "cardprovider_test_" + UUID.randomUUID().toString().substring(0, 8));
      provider = new SimulatedCardProvider(vertx, mongo, 300);
      await(provider.ensureIndexes());
    }

    @AfterAll
    void stop() {
      await(vertx.close());
    }

    @Test
    @DisplayName("an authorization asked for again by its key is the same authorization, and a capture asked again captures once")
    void repeatsAnswerTheFirstOutcome() {
      var order = newOrder();

      var authorized = await(provider.authorize(authorize(order), SimulatedCardProvider.APPROVE, AMOUNT, "EUR"));
      var again = await(provider.authorize(authorize(order), SimulatedCardProvider.APPROVE, AMOUNT, "EUR"));
      var captured = await(provider.capture(order + ":capture", authorize(order), AMOUNT));
      var capturedAgain = await(provider.capture(order + ":capture", authorize(order), AMOUNT));

      assertThat(authorized.approved()).isTrue();
      assertThat(again).isEqualTo(authorized);
      assertThat(captured.approved()).isTrue();
      assertThat(capturedAgain).isEqualTo(captured);
      assertThat(await(provider.entriesFor(authorize(order)))).extracting(SimulatedCardProvider.LedgerEntry::operation)
        .containsExactly("authorize", "capture");
    }

    @Test
    @DisplayName("a second capture by another key, a void after the capture and a refund beyond it are refused")
    void moneyMovesOnce() {
      var order = newOrder();
      await(provider.authorize(authorize(order), SimulatedCardProvider.APPROVE, AMOUNT, "EUR"));
      await(provider.capture(order + ":capture", authorize(order), AMOUNT));

      assertThat(await(provider.capture(order + ":capture-2", authorize(order), AMOUNT)).reason()).isEqualTo("already_captured");
      assertThat(await(provider.voidAuthorization(order + ":void", authorize(order))).reason()).isEqualTo("already_captured");
      assertThat(await(provider.refund(order + ":refund:r1", authorize(order), 700)).approved()).isTrue();
      assertThat(await(provider.refund(order + ":refund:r2", authorize(order), 600)).reason()).isEqualTo("refund_exceeds_capture");
      assertThat(await(provider.refund(order + ":refund:r1", authorize(order), 700)).approved()).isTrue();
      assertThat(await(provider.entriesFor(authorize(order)))).extracting(SimulatedCardProvider.LedgerEntry::operation)
        .containsExactly("authorize", "capture", "refund");
    }

    @Test
    @DisplayName("a key asked again for something else is refused, and changes nothing")
    void reusedKeyIsRefused() {
      var order = newOrder();
      await(provider.authorize(authorize(order), SimulatedCardProvider.APPROVE, AMOUNT, "EUR"));
      await(provider.refund(order + ":refund:r1", authorize(order), 1));

      assertThat(await(provider.authorize(authorize(order), SimulatedCardProvider.APPROVE, AMOUNT + 1, "EUR")).reason())
        .isEqualTo("idempotency_key_reused");
      assertThat(await(provider.entriesFor(authorize(order)))).hasSize(1);
    }

    @Test
    @DisplayName("a void before its authorize holds nothing: the late authorize by that key is refused")
    void voidBeforeAuthorizeLeavesATombstone() {
      var order = newOrder();

      assertThat(await(provider.voidAuthorization(order + ":void", authorize(order))).approved()).isTrue();
      var late = await(provider.authorize(authorize(order), SimulatedCardProvider.SLOW, AMOUNT, "EUR"));

      assertThat(late.approved()).isFalse();
      assertThat(late.reason()).isEqualTo("authorization_voided");
      assertThat(await(provider.capture(order + ":capture", authorize(order), AMOUNT)).approved()).isFalse();
    }

    @Test
    @DisplayName("tok_declined declines and keeps declining; tok_error is unavailable and records nothing")
    void declinesAndErrors() {
      var declined = newOrder();
      var failing = newOrder();

      assertThat(await(provider.authorize(authorize(declined), SimulatedCardProvider.DECLINE, AMOUNT, "EUR")).reason())
        .isEqualTo("card_declined");
      assertThat(await(provider.authorize(authorize(declined), SimulatedCardProvider.DECLINE, AMOUNT, "EUR")).reason())
        .isEqualTo("card_declined");
      assertThatThrownBy(() -> await(provider.authorize(authorize(failing), SimulatedCardProvider.ERROR, AMOUNT, "EUR")))
        .isInstanceOf(CardProviderUnavailableException.class);
      assertThat(await(provider.entriesFor(authorize(failing)))).isEmpty();
    }

    @Test
    @DisplayName("a copy another node made stale is read again: a capture that node made is answered, not refused")
    void staleCopyIsReadAgain() {
      var order = newOrder();
      var otherNode = new SimulatedCardProvider(vertx, mongo, 300);
      await(provider.authorize(authorize(order), SimulatedCardProvider.APPROVE, AMOUNT, "EUR"));
      var captured = await(otherNode.capture(order + ":capture", authorize(order), AMOUNT));

      assertThat(await(provider.capture(order + ":capture", authorize(order), AMOUNT))).isEqualTo(captured);
      assertThat(await(provider.refund(order + ":refund:r1", authorize(order), AMOUNT)).approved()).isTrue();
    }
  }

  @Nested
  @DisplayName("keeps its ledger on disk")
  class Durability {

    @Test
    @DisplayName("what it answered before its store was closed it answers the same after the store reopens on the same file")
    void ledgerSurvivesARestart(@TempDir Path data) {
      var order = newOrder();
      List<ProviderAnswer> before;
      var vertx = Vertx.vertx();
      try (var store = EmbeddedMongo.startFile(data, "127.0.0.1", 0)) {
        var provider = new SimulatedCardProvider(vertx, client(vertx, store.connectionString(), "ordermesh_cardprovider"), 0);
        await(provider.ensureIndexes());
        before = List.of(
          await(provider.authorize(authorize(order), SimulatedCardProvider.SLOW, AMOUNT, "EUR")),
          await(provider.capture(order + ":capture", authorize(order), AMOUNT)));
      } finally {
        await(vertx.close());
      }

      var restarted = Vertx.vertx();
      try (var store = EmbeddedMongo.startFile(data, "127.0.0.1", 0)) {
        var provider = new SimulatedCardProvider(restarted, client(restarted, store.connectionString(), "ordermesh_cardprovider"), 0);

        assertThat(await(provider.authorize(authorize(order), SimulatedCardProvider.SLOW, AMOUNT, "EUR"))).isEqualTo(before.get(0));
        assertThat(await(provider.capture(order + ":capture", authorize(order), AMOUNT))).isEqualTo(before.get(1));
        assertThat(await(provider.voidAuthorization(order + ":void", authorize(order))).reason()).isEqualTo("already_captured");
        assertThat(await(provider.entriesFor(authorize(order)))).extracting(SimulatedCardProvider.LedgerEntry::operation)
          .containsExactly("authorize", "capture");
      } finally {
        await(restarted.close());
      }
    }
  }

  @Nested
  @DisplayName("survives a kill -9")
  class Kill {

    // answers to see before the kill: enough to be killed between answers, few enough for a loaded machine
    private static final int ANSWERS_BEFORE_KILL = 200;

    @Test
    @DisplayName("every authorization and capture it answered before the process was killed it answers the same after a restart")
    void answersSurviveKill(@TempDir Path data) throws Exception {
      var writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), LedgerWriter.class.getName(), data.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
      var answers = new ConcurrentHashMap<String, String>();
      var enough = new CountDownLatch(ANSWERS_BEFORE_KILL);
      var reader = new Thread(() -> collect(writer, answers, enough));
      reader.start();

      var reached = enough.await(60, TimeUnit.SECONDS);
      writer.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      reader.join(TimeUnit.SECONDS.toMillis(10));
      assertThat(reached).as("the provider answered %d requests in time", ANSWERS_BEFORE_KILL).isTrue();

      var vertx = Vertx.vertx();
      try (var store = EmbeddedMongo.startFile(data, "127.0.0.1", 0)) {
        var restarted = new SimulatedCardProvider(vertx, client(vertx, store.connectionString(), LedgerWriter.DATABASE), 0);
        answers.forEach((answered, reference) -> {
          var order = answered.substring(answered.indexOf(' ') + 1);
          var again = answered.startsWith(LedgerWriter.AUTHORIZED)
            ? await(restarted.authorize(authorize(order), SimulatedCardProvider.APPROVE, LedgerWriter.AMOUNT, "EUR"))
            : await(restarted.capture(order + ":capture", authorize(order), LedgerWriter.AMOUNT));
          assertThat(again.reference()).as(answered).isEqualTo(reference);
        });
        var captured = answers.keySet().stream().filter(answered -> answered.startsWith(LedgerWriter.CAPTURED)).findFirst()
          .map(answered -> answered.substring(answered.indexOf(' ') + 1)).orElseThrow();
        assertThat(await(restarted.entriesFor(authorize(captured)))).extracting(SimulatedCardProvider.LedgerEntry::operation)
          .containsExactly("authorize", "capture");
      } finally {
        await(vertx.close());
      }
    }

    // "authorized ord_7 auth_..;" -> {"authorized ord_7": "auth_.."}
    private static void collect(Process writer, Map<String, String> answers, CountDownLatch enough) {
      try (var lines = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          var parts = line.split(" ");
          if (line.endsWith(LedgerWriter.END) && parts.length == 3) {
            answers.put(parts[0] + " " + parts[1], parts[2].substring(0, parts[2].length() - 1));
            enough.countDown();
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static MongoClient client(Vertx vertx, String connectionString, String database) {
    return MongoClient.create(vertx, new JsonObject().put("connection_string", connectionString).put("db_name", database));
  }

  private static String newOrder() {
    return "ord_" + UUID.randomUUID();
  }

  private static String authorize(String order) {
    return order + ":authorize";
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.await(10, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within 10 s", e);
    }
  }
}
