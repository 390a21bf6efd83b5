package org.ordermesh.auth.user;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.ordermesh.auth.api.AuthEvents;
import org.ordermesh.platform.outbox.OutboxEvent;

/** The events an account's changes cause; their data never carries the password hash. */
final class UserEvents {

  private UserEvents() {
  }

  static OutboxEvent registered(User user) {
    return OutboxEvent.of(AuthEvents.USER_REGISTERED, user.id(), new JsonObject()
        .put("userId", user.id())
        .put("email", user.email())
        .put("roles", new JsonArray(user.roles()))
        .put("registeredAt", user.createdAt().toString()));
  }

  static OutboxEvent rolesChanged(User before, List<String> roles) {
    return OutboxEvent.of(AuthEvents.USER_ROLES_CHANGED, before.id(), new JsonObject()
        .put("userId", before.id())
        .put("roles", new JsonArray(roles))
        .put("previousRoles", new JsonArray(before.roles())));
  }
}
