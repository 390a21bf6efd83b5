package org.ordermesh.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.auth.AuthNode.await;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("an admin revoking a user's sessions")
class SessionRevocationTest {

  private AuthNode auth;

  @BeforeAll
  void start() {
    auth = AuthNode.start(AuthNode.settings());
  }

  @AfterAll
  void stop() throws Exception {
    auth.close();
  }

  private HttpResponse<Buffer> refresh(String token) {
    return auth.post("/api/v1/auth/token", new JsonObject().put("grant_type", "refresh_token").put("refresh_token", token));
  }

  private HttpResponse<Buffer> revokeSessions(String userId, String token) {
    return await(auth.request(HttpMethod.DELETE, "/api/v1/users/" + userId + "/sessions").bearerTokenAuthentication(token).send());
  }

  @Test
  @DisplayName("ends every refresh family of the user, and only that user's")
  void endsEveryFamily() {
    String email = "s-" + UUID.randomUUID() + "@test.local";
    auth.register(email, "customer-password");
    JsonObject phone = auth.login(email, "customer-password", "10.40.0.1").bodyAsJsonObject();
    JsonObject laptop = auth.login(email, "customer-password", "10.40.0.2").bodyAsJsonObject();
    JsonObject someoneElse = auth.customerTokens();
    String userId = auth.get("/api/v1/auth/me", phone.getString("access_token")).bodyAsJsonObject().getString("id");
    String admin = auth.adminTokens().getString("access_token");

    HttpResponse<Buffer> revoked = revokeSessions(userId, admin);

    assertThat(revoked.statusCode()).isEqualTo(204);
    assertThat(refresh(phone.getString("refresh_token")).statusCode()).isEqualTo(400);
    assertThat(refresh(laptop.getString("refresh_token")).statusCode()).isEqualTo(400);
    assertThat(refresh(someoneElse.getString("refresh_token")).statusCode()).isEqualTo(200);
    assertThat(auth.login(email, "customer-password", "10.40.0.1").statusCode()).as("a new login works").isEqualTo(200);
  }

  @Test
  @DisplayName("is for admins only, and a 404 for an unknown user")
  void adminsOnly() {
    JsonObject customer = auth.customerTokens();
    String userId = auth.get("/api/v1/auth/me", customer.getString("access_token")).bodyAsJsonObject().getString("id");

    assertThat(revokeSessions(userId, customer.getString("access_token")).statusCode()).isEqualTo(403);
    assertThat(revokeSessions("no-such-user", auth.adminTokens().getString("access_token")).statusCode()).isEqualTo(404);
    assertThat(refresh(customer.getString("refresh_token")).statusCode()).isEqualTo(200);
  }
}
