package org.ordermesh.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.auth.AuthNode.await;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The throttles under concurrency: parallel requests, as an attacker sends them, not one after another. */
@DisplayName("the auth throttles under parallel requests")
class ThrottleTest {

  private static final int PARALLEL = 200;

  private AuthNode auth;
  private WebClient client;

  @AfterEach
  void stop() throws Exception {
    client.close();
    auth.close();
  }

  private void start(JsonObject overrides) {
    auth = AuthNode.start(AuthNode.settings().mergeIn(overrides));
    // enough connections that every request is in flight at once
    client = WebClient.create(auth.node.vertx(), new WebClientOptions(), new PoolOptions().setHttp1MaxSize(PARALLEL));
  }

  private Future<HttpResponse<Buffer>> post(String path, String address, JsonObject body) {
    return client.request(HttpMethod.POST, auth.port, "127.0.0.1", path).putHeader("X-Forwarded-For", address)
        .sendJsonObject(body);
  }

  private Future<HttpResponse<Buffer>> login(String email, String address) {
    return post("/api/v1/auth/token", address,
        new JsonObject().put("grant_type", "password").put("email", email).put("password", "wrong-password"));
  }

  /** Status code to count, once every request has been answered. */
  private static Map<Integer, Long> statuses(IntFunction<Future<HttpResponse<Buffer>>> request, int count) {
    List<Future<HttpResponse<Buffer>>> sent = IntStream.range(0, count).mapToObj(request).toList();
    await(Future.join(sent));
    return sent.stream().collect(Collectors.groupingBy(f -> f.result().statusCode(), Collectors.counting()));
  }

  private static String email() {
    return "t-" + UUID.randomUUID() + "@test.local";
  }

  @Test
  @DisplayName("200 parallel wrong passwords for one account check at most 5, the rest answer 429")
  void accountUnderParallelGuesses() {
    start(new JsonObject());
    String email = email();
    auth.register(email, "long-enough-pw");

    Map<Integer, Long> statuses = statuses(i -> login(email, "10.20." + (i / 250) + "." + (i % 250)), PARALLEL);

    assertThat(statuses.getOrDefault(400, 0L)).isBetween(1L, 5L);
    assertThat(statuses.get(429)).isEqualTo(PARALLEL - statuses.get(400));
  }

  @Test
  @DisplayName("200 parallel wrong passwords from one address, each for another account, check at most 20")
  void addressUnderParallelGuesses() {
    start(new JsonObject());

    Map<Integer, Long> statuses = statuses(i -> login(email(), "10.21.0.1"), PARALLEL);

    assertThat(statuses.getOrDefault(400, 0L)).isBetween(1L, 20L);
    assertThat(statuses.get(429)).isEqualTo(PARALLEL - statuses.get(400));
    assertThat(auth.login(email(), "wrong-password", "10.21.0.2").statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("a right password gives its slot back: logins that succeed never lock an account")
  void successGivesTheSlotBack() {
    start(new JsonObject());
    String email = email();
    auth.register(email, "long-enough-pw");

    for (int i = 0; i < 8; i++) {
      assertThat(auth.login(email, "long-enough-pw", "10.22.0.1").statusCode()).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("client_credentials with wrong secrets are throttled per client like password logins")
  void clientCredentials() {
    start(new JsonObject());
    JsonObject guess = new JsonObject().put("grant_type", "client_credentials").put("client_id", "order")
        .put("client_secret", "guess");

    Map<Integer, Long> statuses = statuses(i -> post("/api/v1/auth/token", "10.23." + (i / 250) + "." + (i % 250), guess),
        PARALLEL);

    assertThat(statuses.getOrDefault(401, 0L)).isBetween(1L, 5L);
    assertThat(statuses.get(429)).isEqualTo(PARALLEL - statuses.get(401));
    HttpResponse<Buffer> throttled = await(post("/api/v1/auth/token", "10.23.9.9", guess.copy().put("client_secret", "order-secret-value")));
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.getHeader("Retry-After")).isNotBlank();
  }

  @Test
  @DisplayName("registrations are limited per address, in parallel too")
  void registrations() {
    start(new JsonObject().put("ORDERMESH_AUTH_REGISTRATIONS_PER_ADDRESS", 3));

    Map<Integer, Long> statuses = statuses(i -> post("/api/v1/auth/register", "10.24.0.1",
        new JsonObject().put("email", email()).put("password", "long-enough-pw").put("name", "Reg")), 50);

    assertThat(statuses.get(201)).isEqualTo(3L);
    assertThat(statuses.get(429)).isEqualTo(47L);
    assertThat(await(post("/api/v1/auth/register", "10.24.0.2",
        new JsonObject().put("email", email()).put("password", "long-enough-pw").put("name", "Reg"))).statusCode()).isEqualTo(201);
  }

  @Test
  @DisplayName("when the crypto pool's queue is full a request answers 503 with Retry-After and changes nothing")
  void cryptoQueueFull() {
    // the real OWASP cost, so hashes take long enough for requests to queue behind them
    start(new JsonObject().put("ORDERMESH_AUTH_CRYPTO_QUEUE", 1).put("ORDERMESH_ARGON2_MEMORY_KIB", 19456)
        .put("ORDERMESH_ARGON2_ITERATIONS", 2).put("ORDERMESH_AUTH_REGISTRATIONS_PER_ADDRESS", 1000));
    List<String> emails = IntStream.range(0, 40).mapToObj(i -> email()).toList();

    List<Future<HttpResponse<Buffer>>> sent = emails.stream().map(email -> post("/api/v1/auth/register", "10.25.0.1",
        new JsonObject().put("email", email).put("password", "long-enough-pw").put("name", "Reg"))).toList();
    await(Future.join(sent));

    List<HttpResponse<Buffer>> refused = sent.stream().map(Future::result).filter(r -> r.statusCode() == 503).toList();
    assertThat(refused).isNotEmpty();
    assertThat(refused.get(0).getHeader("Retry-After")).isNotBlank();
    assertThat(refused.get(0).getHeader("Content-Type")).startsWith("application/problem+json");
    // a refused registration left no account: the same email registers now
    int first = sent.indexOf(sent.stream().filter(f -> f.result().statusCode() == 503).findFirst().orElseThrow());
    assertThat(await(post("/api/v1/auth/register", "10.25.0.2", new JsonObject().put("email", emails.get(first))
        .put("password", "long-enough-pw").put("name", "Reg"))).statusCode()).isEqualTo(201);
  }
}
