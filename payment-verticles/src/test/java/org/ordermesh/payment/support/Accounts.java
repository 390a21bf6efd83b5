package org.ordermesh.payment.support;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.ordermesh.auth.AuthService;
import org.ordermesh.platform.testing.TestNode;

import java.util.UUID;

import static org.ordermesh.payment.support.PaymentNode.await;

/**
 * Customers and the seeded admin of the real auth service {@link PaymentNode} runs (so payment verifies the
 * tokens it signs): registers customers and logs them and the admin in.
 */
public final class Accounts {

  static final String ADMIN_EMAIL = "admin@payment.test";
  static final String ADMIN_PASSWORD = "admin-password-1";
  private static final String PASSWORD = "customer-password-1";

  /** A registered customer: its id is the subject of its token, and so the customerId of its payments. */
  public record Account(String id, String token) {
  }

  private final WebClient http;

  private Accounts(WebClient http) {
    this.http = http;
  }

  public static Accounts deploy(TestNode node) {
    var port = await(node.runtime().registry().lookupHttp(AuthService.NAME)).port();
    return new Accounts(WebClient.create(node.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)));
  }

  public Account customer() {
    var email = "c-" + UUID.randomUUID() + "@payment.test";
    var registered = await(http.post("/api/v1/auth/register")
      .sendJsonObject(new JsonObject().put("email", email).put("password", PASSWORD).put("name", "Customer")));
    return new Account(registered.bodyAsJsonObject().getString("id"), token(email, PASSWORD));
  }

  public String admin() {
    return token(ADMIN_EMAIL, ADMIN_PASSWORD);
  }

  private String token(String email, String password) {
    var response = await(http.post("/api/v1/auth/token")
      .sendJsonObject(new JsonObject().put("grant_type", "password").put("email", email).put("password", password)));
    return response.bodyAsJsonObject().getString("access_token");
  }
}
