package org.ordermesh.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.auth.AuthNode.await;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ordermesh.auth.api.AuthEvents;
import org.ordermesh.platform.mongo.MongoClients;
import org.ordermesh.platform.outbox.Outbox;
import org.ordermesh.platform.outbox.TopicRecords;
import org.ordermesh.platform.testing.Await;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("auth.events.v1")
class UserEventsTest {

  private static final Duration WAIT = Duration.ofSeconds(15);

  private AuthNode auth;
  private MongoClient mongo;
  private TopicRecords kafka;

  @BeforeAll
  void start() {
    JsonObject settings = AuthNode.settings();
    auth = AuthNode.start(settings);
    mongo = MongoClients.shared(auth.node.vertx(), auth.node.runtime().config().mongoUri(),
        settings.getString("ORDERMESH_AUTH_DATABASE"));
    kafka = TopicRecords.of(auth.node.vertx(), AuthEvents.TOPIC);
  }

  @AfterAll
  void stop() throws Exception {
    kafka.close();
    auth.close();
  }

  @Test
  @DisplayName("a registration publishes UserRegistered as a CloudEvent, without the password, and empties the account's outbox")
  void registrationIsPublished() {
    String email = "e-" + UUID.randomUUID() + "@test.local";
    String userId = auth.register(email, "long-enough-pw").bodyAsJsonObject().getString("id");

    JsonObject event = published(AuthEvents.USER_REGISTERED, userId);
    assertThat(event.getString("specversion")).isEqualTo("1.0");
    assertThat(event.getString("source")).isEqualTo("/ordermesh/auth");
    assertThat(event.getString("datacontenttype")).isEqualTo("application/json");
    JsonObject data = event.getJsonObject("data");
    assertThat(data.fieldNames()).containsExactlyInAnyOrder("userId", "email", "roles", "registeredAt");
    assertThat(data.getString("email")).isEqualTo(email);
    assertThat(data.getJsonArray("roles")).containsExactly("customer");
    assertThat(Instant.parse(data.getString("registeredAt"))).isBefore(Instant.now());
    Await.until(WAIT, () -> pendingEvents(userId) == 0);
  }

  @Test
  @DisplayName("an admin's role change publishes UserRolesChanged with the roles before and after")
  void roleChangeIsPublished() {
    String userId = auth.get("/api/v1/auth/me", auth.customerTokens().getString("access_token")).bodyAsJsonObject().getString("id");

    int status = await(auth.request(HttpMethod.PUT, "/api/v1/users/" + userId + "/roles")
        .bearerTokenAuthentication(auth.adminTokens().getString("access_token"))
        .sendJsonObject(new JsonObject().put("roles", new JsonArray().add("customer").add("admin")))).statusCode();
    assertThat(status).isEqualTo(200);

    assertThat(published(AuthEvents.USER_ROLES_CHANGED, userId).getJsonObject("data")).isEqualTo(new JsonObject()
        .put("userId", userId).put("roles", new JsonArray().add("customer").add("admin"))
        .put("previousRoles", new JsonArray().add("customer")));
    Await.until(WAIT, () -> pendingEvents(userId) == 0);
  }

  private JsonObject published(String type, String userId) {
    Await.until(WAIT, () -> kafka.envelopes().stream().anyMatch(event -> isEvent(event, type, userId)));
    return kafka.envelopes().stream().filter(event -> isEvent(event, type, userId)).findFirst().orElseThrow();
  }

  private static boolean isEvent(JsonObject event, String type, String userId) {
    return type.equals(event.getString("type")) && userId.equals(event.getString("subject"));
  }

  private int pendingEvents(String userId) {
    return await(mongo.findOne("users", new JsonObject().put("_id", userId), null)).getJsonArray(Outbox.FIELD).size();
  }
}
