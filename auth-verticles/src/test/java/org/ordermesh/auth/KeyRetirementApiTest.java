package org.ordermesh.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.auth.AuthNode.await;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("an admin retiring a signing key")
class KeyRetirementApiTest {

  private AuthNode auth;

  @BeforeAll
  void start() {
    // verifiers fetch the JWKS before every check, so a retirement shows at once rather than within a minute
    auth = AuthNode.start(AuthNode.settings().put("ORDERMESH_JWKS_MAX_AGE_SECONDS", 0));
  }

  @AfterAll
  void stop() throws Exception {
    auth.close();
  }

  private static String kid(String token) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
        StandardCharsets.UTF_8)).getString("kid");
  }

  private HttpResponse<Buffer> retire(String kid, String token) {
    return await(auth.request(HttpMethod.DELETE, "/api/v1/auth/keys/" + kid).bearerTokenAuthentication(token).send());
  }

  @Test
  @DisplayName("removes the signing key from the JWKS, its tokens stop being trusted, and a new key signs")
  void retiresTheSigningKey() {
    String admin = auth.adminTokens().getString("access_token");
    String customer = auth.customerTokens().getString("access_token");
    String stolen = kid(admin);
    assertThat(auth.get("/api/v1/auth/me", customer).statusCode()).isEqualTo(200);

    assertThat(retire(stolen, admin).statusCode()).isEqualTo(204);

    assertThat(await(auth.request(HttpMethod.GET, "/.well-known/jwks.json").send()).bodyAsJsonObject().getJsonArray("keys").stream()
        .map(key -> ((JsonObject) key).getString("kid"))).isNotEmpty().doesNotContain(stolen);
    assertThat(auth.get("/api/v1/auth/me", customer).statusCode()).isEqualTo(401);
    String fresh = auth.adminTokens().getString("access_token");
    assertThat(kid(fresh)).isNotEqualTo(stolen);
    assertThat(auth.get("/api/v1/auth/me", fresh).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("is for admins only, and a 404 for a key that is not there")
  void adminsOnly() {
    String customer = auth.customerTokens().getString("access_token");

    assertThat(retire(kid(customer), customer).statusCode()).isEqualTo(403);
    assertThat(retire("no-such-key", auth.adminTokens().getString("access_token")).statusCode()).isEqualTo(404);
    assertThat(auth.get("/api/v1/auth/me", customer).statusCode()).isEqualTo(200);
  }
}
