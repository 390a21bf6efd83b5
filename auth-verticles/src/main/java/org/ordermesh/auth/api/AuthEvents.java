package org.ordermesh.auth.api;

/** The auth service's domain events, as other services read them; docs/events.md has their data. */
public final class AuthEvents {

  /** Keyed by user id. */
  public static final String TOPIC = "auth.events.v1";
  public static final String SOURCE = "/ordermesh/auth";

  /** An account was created, by registration or as the seeded admin: {userId, email, roles, registeredAt}. */
  public static final String USER_REGISTERED = "org.ordermesh.auth.UserRegistered.v1";
  /** An admin changed an account's roles: {userId, roles, previousRoles}. */
  public static final String USER_ROLES_CHANGED = "org.ordermesh.auth.UserRolesChanged.v1";

  private AuthEvents() {
  }
}
