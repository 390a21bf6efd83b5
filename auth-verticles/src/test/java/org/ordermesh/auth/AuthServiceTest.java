package org.ordermesh.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.auth.AuthNode.await;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("the auth service")
class AuthServiceTest {

  private static final String PROBLEM = "https://ordermesh.dev/problems/";

  private AuthNode auth;
  private int probePort;

  @BeforeAll
  void start() {
    auth = AuthNode.start(AuthNode.settings());
    await(auth.node.vertx().deployVerticle(new ProbeServiceVerticle(), new DeploymentOptions().setConfig(auth.node.settings())));
    probePort = await(auth.node.runtime().registry().lookupHttp(ProbeServiceVerticle.NAME)).port();
  }

  @AfterAll
  void stop() throws Exception {
    auth.close();
  }

  private HttpResponse<Buffer> probe(String path, String token) {
    return await(WebClient.create(auth.node.vertx()).get(probePort, "127.0.0.1", path).bearerTokenAuthentication(token).send());
  }

  private static String email() {
    return "u-" + UUID.randomUUID() + "@Test.Local";
  }

  @Nested
  @DisplayName("registration")
  class Registration {

    @Test
    @DisplayName("creates a customer with a normalised email and answers 201 with Location")
    void registers() {
      String email = "  " + email() + " ";
      HttpResponse<Buffer> response = auth.post("/api/v1/auth/register",
          new JsonObject().put("email", email.trim()).put("password", "long-enough-pw").put("name", "Ann"));
      assertThat(response.statusCode()).isEqualTo(201);
      JsonObject user = response.bodyAsJsonObject();
      assertThat(user.getString("email")).isEqualTo(email.trim().toLowerCase());
      assertThat(user.getJsonArray("roles")).containsExactly("customer");
      assertThat(user.containsKey("passwordHash")).isFalse();
      assertThat(response.getHeader("Location")).isEqualTo("/api/v1/users/" + user.getString("id"));
    }

    @Test
    @DisplayName("refuses a second account for the same email in another case with 409")
    void duplicate() {
      String email = email();
      assertThat(auth.register(email, "long-enough-pw").statusCode()).isEqualTo(201);
      HttpResponse<Buffer> again = auth.register(email.toUpperCase(), "long-enough-pw");
      assertThat(again.statusCode()).isEqualTo(409);
      assertThat(again.bodyAsJsonObject().getString("type")).isEqualTo(PROBLEM + "email-taken");
    }

    @Test
    @DisplayName("lists every invalid field: short password, bad email, missing name")
    void invalid() {
      HttpResponse<Buffer> response = auth.post("/api/v1/auth/register", new JsonObject().put("email", "nope").put("password", "short"));
      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(response.bodyAsJsonObject().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")))
          .contains("email", "password", "name");
    }

    @Test
    @DisplayName("refuses a password equal to the email")
    void passwordIsEmail() {
      String email = email();
      HttpResponse<Buffer> response = auth.register(email, email.toUpperCase());
      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.bodyAsString()).contains("must not be the email");
    }

    @Test
    @DisplayName("answers problem+json to $ keys and malformed JSON")
    void hostileBodies() {
      HttpResponse<Buffer> operator = auth.post("/api/v1/auth/register",
          new JsonObject().put("email", new JsonObject().put("$gt", "")).put("password", "long-enough-pw").put("name", "x"));
      assertThat(operator.statusCode()).isEqualTo(400);
      assertThat(operator.bodyAsJsonObject().getString("type")).isEqualTo(PROBLEM + "invalid-request");
      HttpResponse<Buffer> malformed = await(auth.request(HttpMethod.POST, "/api/v1/auth/token")
          .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"grant_type\":")));
      assertThat(malformed.statusCode()).isEqualTo(400);
      assertThat(malformed.bodyAsJsonObject().getString("type")).isEqualTo(PROBLEM + "malformed-json");
    }
  }

  @Nested
  @DisplayName("login")
  class Login {

    @Test
    @DisplayName("with the right password answers an access token, a refresh token and no-store")
    void rightPassword() {
      String email = email();
      auth.register(email, "long-enough-pw");
      HttpResponse<Buffer> response = auth.login(email, "long-enough-pw", "10.1.0.1");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
      JsonObject tokens = response.bodyAsJsonObject();
      assertThat(tokens.getString("token_type")).isEqualTo("Bearer");
      assertThat(tokens.getLong("expires_in")).isEqualTo(900L);
      assertThat(tokens.getString("refresh_token")).hasSize(43);
      HttpResponse<Buffer> me = auth.get("/api/v1/auth/me", tokens.getString("access_token"));
      assertThat(me.statusCode()).isEqualTo(200);
      assertThat(me.bodyAsJsonObject().getString("email")).isEqualTo(email.toLowerCase());
    }

    @Test
    @DisplayName("with a wrong password or an unknown email answers 400 invalid-grant alike")
    void wrongPassword() {
      String email = email();
      auth.register(email, "long-enough-pw");
      HttpResponse<Buffer> wrong = auth.login(email, "not-the-password", "10.1.0.2");
      HttpResponse<Buffer> unknown = auth.login(email(), "not-the-password", "10.1.0.2");
      assertThat(wrong.statusCode()).isEqualTo(400);
      assertThat(wrong.bodyAsJsonObject().getString("type")).isEqualTo(PROBLEM + "invalid-grant");
      assertThat(unknown.bodyAsJsonObject().getString("detail")).isEqualTo(wrong.bodyAsJsonObject().getString("detail"));
    }

    @Test
    @DisplayName("takes form-encoded OAuth2 bodies")
    void formEncoded() {
      String email = email();
      auth.register(email, "long-enough-pw");
      var form = io.vertx.core.MultiMap.caseInsensitiveMultiMap()
          .add("grant_type", "password").add("username", email).add("password", "long-enough-pw");
      HttpResponse<Buffer> response = await(auth.request(HttpMethod.POST, "/api/v1/auth/token").sendForm(form));
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.bodyAsJsonObject().getString("access_token")).isNotBlank();
    }

    @Test
    @DisplayName("after 5 failures for one account answers 429 with Retry-After, even with the right password")
    void throttlesAccount() {
      String email = email();
      auth.register(email, "long-enough-pw");
      for (int i = 0; i < 5; i++) {
        assertThat(auth.login(email, "wrong-password", "10.2.0." + i).statusCode()).isEqualTo(400);
      }
      HttpResponse<Buffer> throttled = auth.login(email, "long-enough-pw", "10.2.0.9");
      assertThat(throttled.statusCode()).isEqualTo(429);
      assertThat(Long.parseLong(throttled.getHeader("Retry-After"))).isBetween(1L, 901L);
      assertThat(throttled.bodyAsJsonObject().getString("type")).isEqualTo(PROBLEM + "too-many-requests");
    }

    @Test
    @DisplayName("after 20 failures from one address answers 429 to that address only")
    void throttlesAddress() {
      for (int i = 0; i < 20; i++) {
        auth.login(email(), "wrong-password", "10.3.0.1");
      }
      assertThat(auth.login(email(), "wrong-password", "10.3.0.1").statusCode()).isEqualTo(429);
      assertThat(auth.login(email(), "wrong-password", "10.3.0.2").statusCode()).isEqualTo(400);
    }
  }

  @Nested
  @DisplayName("refresh tokens")
  class Refresh {

    private HttpResponse<Buffer> refresh(String token) {
      return auth.post("/api/v1/auth/token", new JsonObject().put("grant_type", "refresh_token").put("refresh_token", token));
    }

    @Test
    @DisplayName("rotate on every use, and reusing a rotated one revokes the whole family")
    void rotationAndReuse() {
      String first = auth.customerTokens().getString("refresh_token");
      HttpResponse<Buffer> rotated = refresh(first);
      assertThat(rotated.statusCode()).isEqualTo(200);
      String second = rotated.bodyAsJsonObject().getString("refresh_token");
      assertThat(second).isNotEqualTo(first);

      HttpResponse<Buffer> reuse = refresh(first);
      assertThat(reuse.statusCode()).isEqualTo(400);
      assertThat(reuse.bodyAsJsonObject().getString("type")).isEqualTo(PROBLEM + "invalid-grant");
      assertThat(refresh(second).statusCode()).as("the family is revoked").isEqualTo(400);
    }

    @Test
    @DisplayName("stop working once revoked")
    void revoke() {
      String token = auth.customerTokens().getString("refresh_token");
      assertThat(auth.post("/api/v1/auth/revoke", new JsonObject().put("refresh_token", token)).statusCode()).isEqualTo(200);
      assertThat(refresh(token).statusCode()).isEqualTo(400);
    }
  }

  @Nested
  @DisplayName("roles")
  class Roles {

    @Test
    @DisplayName("a customer is refused with 403 on an admin route of another service; an admin passes")
    void customerRefusedElsewhere() {
      HttpResponse<Buffer> refused = probe("/api/v1/probe/admin", auth.customerTokens().getString("access_token"));
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(refused.getHeader("WWW-Authenticate")).contains("insufficient_scope");
      assertThat(probe("/api/v1/probe/admin", auth.adminTokens().getString("access_token")).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("without a token another service answers 401 with WWW-Authenticate")
    void noToken() {
      HttpResponse<Buffer> response = await(WebClient.create(auth.node.vertx()).get(probePort, "127.0.0.1", "/api/v1/probe/anyone").send());
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    @DisplayName("an admin lists users by cursor pages and grants roles, which end the user's sessions")
    void adminManagesRoles() {
      String admin = auth.adminTokens().getString("access_token");
      JsonObject customer = auth.customerTokens();
      String userId = auth.get("/api/v1/auth/me", customer.getString("access_token")).bodyAsJsonObject().getString("id");

      HttpResponse<Buffer> page = auth.get("/api/v1/users?limit=1", admin);
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.bodyAsJsonObject().getJsonArray("items")).hasSize(1);
      String next = page.bodyAsJsonObject().getString("nextCursor");
      assertThat(page.getHeader("Link")).contains("rel=\"next\"");
      assertThat(auth.get("/api/v1/users?limit=1&cursor=" + next, admin).statusCode()).isEqualTo(200);
      assertThat(auth.get("/api/v1/users", customer.getString("access_token")).statusCode()).isEqualTo(403);

      HttpResponse<Buffer> granted = await(auth.request(HttpMethod.PUT, "/api/v1/users/" + userId + "/roles")
          .bearerTokenAuthentication(admin).sendJsonObject(new JsonObject().put("roles", new io.vertx.core.json.JsonArray().add("customer").add("admin"))));
      assertThat(granted.statusCode()).isEqualTo(200);
      HttpResponse<Buffer> refreshed = auth.post("/api/v1/auth/token", new JsonObject().put("grant_type", "refresh_token")
          .put("refresh_token", customer.getString("refresh_token")));
      assertThat(refreshed.statusCode()).as("a session from before the change").isEqualTo(400);
      String email = auth.get("/api/v1/users/" + userId, admin).bodyAsJsonObject().getString("email");
      String relogged = auth.login(email, "customer-password", "10.0.0.1").bodyAsJsonObject().getString("access_token");
      assertThat(probe("/api/v1/probe/admin", relogged).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("a service client gets a scoped token by client_credentials, and a wrong secret gets 401")
    void clientCredentials() {
      HttpResponse<Buffer> granted = await(auth.request(HttpMethod.POST, "/api/v1/auth/token")
          .basicAuthentication("order", "order-secret-value")
          .sendJsonObject(new JsonObject().put("grant_type", "client_credentials").put("scope", "catalog.inventory")));
      assertThat(granted.statusCode()).isEqualTo(200);
      assertThat(granted.bodyAsJsonObject().containsKey("refresh_token")).isFalse();
      JsonObject principal = probe("/api/v1/probe/inventory", granted.bodyAsJsonObject().getString("access_token")).bodyAsJsonObject();
      assertThat(principal.getString("clientId")).isEqualTo("order");

      HttpResponse<Buffer> wrong = auth.post("/api/v1/auth/token", new JsonObject().put("grant_type", "client_credentials")
          .put("client_id", "order").put("client_secret", "guess"));
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(wrong.bodyAsJsonObject().getString("type")).isEqualTo(PROBLEM + "invalid-client");
    }
  }
}
