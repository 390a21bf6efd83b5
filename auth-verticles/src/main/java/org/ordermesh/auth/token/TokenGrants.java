package org.ordermesh.auth.token;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.ordermesh.auth.client.ServiceClients;
import org.ordermesh.auth.password.PasswordHasher;
import org.ordermesh.auth.throttle.LoginThrottle;
import org.ordermesh.auth.token.AccessTokens.Subject;
import org.ordermesh.auth.user.User;
import org.ordermesh.auth.user.UserRepository;
import org.ordermesh.platform.http.ApiException;

/** The three grants of {@code POST /auth/token}, each answering an OAuth2 token response. */
public final class TokenGrants {

  private final UserRepository users;
  private final PasswordHasher hasher;
  private final LoginThrottle throttle;
  private final RefreshTokens refreshTokens;
  private final AccessTokens accessTokens;
  private final ServiceClients clients;

  /** The client credentials of a request, from its body or its Basic authorization header. */
  public record ClientCredentials(String clientId, String secret) {
  }

  public TokenGrants(UserRepository users, PasswordHasher hasher, LoginThrottle throttle, RefreshTokens refreshTokens,
                     AccessTokens accessTokens, ServiceClients clients) {
    this.users = users;
    this.hasher = hasher;
    this.throttle = throttle;
    this.refreshTokens = refreshTokens;
    this.accessTokens = accessTokens;
    this.clients = clients;
  }

  /**
   * grant_type=password: a slot of the account's and the address's attempts is taken before the hash is
   * checked; unknown emails cost a hash like wrong passwords.
   */
  public Future<JsonObject> password(String email, String password, String address) {
    String normalized = User.normalizeEmail(email);
    return throttle.beginLogin(normalized, address)
        .compose(v -> users.findByEmail(normalized).compose(user -> hasher.verify(password, user == null ? null : user.passwordHash())
                .map(matches -> matches ? user : null))
            // no check was made (crypto pool full, store down): the slots go back
            .recover(error -> throttle.loginNotChecked(normalized, address).transform(ignored -> Future.failedFuture(error))))
        .compose(user -> user == null
            ? Future.failedFuture(badCredentials())
            : throttle.loginSucceeded(normalized, address).compose(ok -> userTokens(user, refreshTokens.startFamily(user.id()))));
  }

  /** grant_type=refresh_token: rotates the token and re-reads the user, so role changes apply from here on. */
  public Future<JsonObject> refresh(String refreshToken) {
    return refreshTokens.rotate(refreshToken).compose(issued -> users.findById(issued.subject())
        .compose(user -> user == null
            ? Future.failedFuture(RefreshTokens.invalidGrant())
            : userTokens(user, Future.succeededFuture(issued))));
  }

  /** grant_type=client_credentials: the granted scopes are those asked for (all the client's when none are). */
  public Future<JsonObject> clientCredentials(ClientCredentials credentials, String requestedScope, String address) {
    if (credentials == null) {
      return Future.failedFuture(badClient());
    }
    String clientId = credentials.clientId();
    return throttle.beginClientAuthentication(clientId, address)
        .compose(v -> clients.authenticate(clientId, credentials.secret())
            .recover(error -> throttle.giveBackClientAttempt(clientId, address).transform(ignored -> Future.failedFuture(error))))
        .compose(client -> client == null
            ? Future.failedFuture(badClient())
            : throttle.giveBackClientAttempt(clientId, address).compose(v -> scopedToken(client, requestedScope)));
  }

  private Future<JsonObject> scopedToken(ServiceClients.Client client, String requestedScope) {
    Set<String> scopes = requestedScope == null ? client.scopes() : split(requestedScope);
    if (!client.scopes().containsAll(scopes)) {
      return Future.failedFuture(ApiException.badRequest("the client may not ask for these scopes").withType("invalid-scope"));
    }
    Subject subject = new Subject("client:" + client.id(), null, List.of(), scopes, client.id());
    return accessTokens.issue(subject).map(token -> response(token, null, scopes));
  }

  private Future<JsonObject> userTokens(User user, Future<RefreshTokens.Issued> refresh) {
    Subject subject = new Subject(user.id(), user.email(), user.roles(), user.roles(), null);
    return refresh.compose(issued -> accessTokens.issue(subject).map(token -> response(token, issued.token(), Set.copyOf(user.roles()))));
  }

  private JsonObject response(String accessToken, String refreshToken, Set<String> scopes) {
    JsonObject body = new JsonObject()
        .put("access_token", accessToken)
        .put("token_type", "Bearer")
        .put("expires_in", accessTokens.lifetimeSeconds())
        .put("scope", String.join(" ", scopes.stream().sorted().toList()));
    if (refreshToken != null) {
      body.put("refresh_token", refreshToken);
    }
    return body;
  }

  private static Set<String> split(String scope) {
    return Arrays.stream(scope.split(" ")).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
  }

  private static ApiException badCredentials() {
    return ApiException.badRequest("wrong email or password").withType("invalid-grant");
  }

  private static ApiException badClient() {
    return ApiException.of(org.ordermesh.platform.http.ProblemType.UNAUTHORIZED, "unknown client or wrong secret")
        .withType("invalid-client").withHeader("WWW-Authenticate", "Basic realm=\"ordermesh\"");
  }
}
