package org.ordermesh.auth.user;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.ordermesh.platform.mongo.MongoDates;

/** An account: the API shows {id, email, name, roles}; the password hash never leaves the service. */
public record User(String id, String email, String name, List<String> roles, String passwordHash, Instant createdAt) {

  public static final String CUSTOMER = "customer";
  public static final String ADMIN = "admin";
  public static final Set<String> ROLES = Set.of(CUSTOMER, ADMIN);

  public User {
    roles = List.copyOf(roles);
  }

  public static User create(String email, String name, List<String> roles, String passwordHash) {
    return new User(UUID.randomUUID().toString(), normalizeEmail(email), name, roles, passwordHash, Instant.now());
  }

  /** Emails compare case-insensitively and without surrounding blanks, so one address is one account. */
  public static String normalizeEmail(String email) {
    return email.trim().toLowerCase(Locale.ROOT);
  }

  public static User fromDocument(JsonObject doc) {
    return new User(doc.getString("_id"), doc.getString("email"), doc.getString("name"),
        doc.getJsonArray("roles", new JsonArray()).stream().map(String::valueOf).toList(),
        doc.getString("passwordHash"), MongoDates.read(doc, "createdAt"));
  }

  public User withRoles(List<String> newRoles) {
    return new User(id, email, name, newRoles, passwordHash, createdAt);
  }

  public JsonObject toDocument() {
    return new JsonObject()
        .put("_id", id)
        .put("email", email)
        .put("name", name)
        .put("roles", new JsonArray(roles))
        .put("passwordHash", passwordHash)
        .put("createdAt", MongoDates.of(createdAt));
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("email", email).put("name", name).put("roles", new JsonArray(roles));
  }
}
