package org.ordermesh.auth;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.ordermesh.auth.client.ServiceClients;
import org.ordermesh.auth.keys.KeyRing;
import org.ordermesh.auth.password.CryptoWorkers;
import org.ordermesh.auth.password.PasswordHasher;
import org.ordermesh.auth.throttle.ClientAddress;
import org.ordermesh.auth.throttle.LoginThrottle;
import org.ordermesh.auth.token.AccessTokens;
import org.ordermesh.auth.token.RefreshTokens;
import org.ordermesh.auth.token.TokenGrants;
import org.ordermesh.auth.token.TokenGrants.ClientCredentials;
import org.ordermesh.auth.user.AdminSeeder;
import org.ordermesh.auth.user.CursorKey;
import org.ordermesh.auth.user.User;
import org.ordermesh.auth.user.UserRepository;
import org.ordermesh.platform.health.HealthRoutes;
import org.ordermesh.platform.http.ApiException;
import org.ordermesh.platform.http.ApiRouter;
import org.ordermesh.platform.http.Endpoints;
import org.ordermesh.platform.http.RequestSchemas;
import org.ordermesh.platform.http.page.CursorCodec;
import org.ordermesh.platform.http.page.PageRequest;
import org.ordermesh.platform.http.page.Pages;
import org.ordermesh.platform.mongo.MongoClients;
import org.ordermesh.platform.security.Authentication;
import org.ordermesh.platform.security.Authorization;
import org.ordermesh.platform.security.Principal;
import org.ordermesh.platform.service.ServiceHttpServer;

/** The auth service's HTTP API: accounts, tokens, signing keys, and the operational routes. */
public class AuthHttpVerticle extends VerticleBase {

  private static final String USERS = "/api/v1/users";

  private AuthConfig config;
  private CryptoWorkers workers;
  private UserRepository users;
  private PasswordHasher hasher;
  private KeyRing keyRing;
  private RefreshTokens refreshTokens;
  private TokenGrants grants;
  private LoginThrottle throttle;
  private CursorCodec cursors;
  private RequestSchemas schemas;
  private ServiceHttpServer server;

  @Override
  public Future<?> start() {
    config = AuthConfig.from(config());
    MongoClient mongo = MongoClients.shared(vertx, config.service().platform().mongoUri(), config.service().database());
    workers = new CryptoWorkers(vertx, config.cryptoQueue());
    hasher = new PasswordHasher(workers, config.argon2());
    users = new UserRepository(vertx, mongo);
    keyRing = new KeyRing(vertx, mongo, workers, config);
    refreshTokens = new RefreshTokens(mongo, config.refreshTokenTtl());
    throttle = new LoginThrottle(mongo, config.registrationsPerAddress());
    ServiceClients clients = new ServiceClients(mongo, hasher);
    grants = new TokenGrants(users, hasher, throttle, refreshTokens, new AccessTokens(vertx, keyRing, workers, config), clients);
    return Future.all(users.ensureIndexes(), throttle.ensureIndexes(), refreshTokens.ensureIndexes())
        .compose(v -> keyRing.start())
        .compose(v -> clients.sync(config.clients()))
        .compose(v -> new AdminSeeder(users, hasher).seed(config.adminEmail(), config.adminPassword()))
        .compose(v -> new CursorKey(mongo).codec())
        .compose(codec -> {
          cursors = codec;
          return RequestSchemas.load(vertx, AuthService.NAME);
        })
        .compose(loaded -> {
          schemas = loaded;
          return ServiceHttpServer.start(vertx, config.service(), routes(mongo));
        })
        .onSuccess(started -> server = started);
  }

  private Router routes(MongoClient mongo) {
    Router router = ApiRouter.create(vertx, AuthService.NAME);
    Handler<RoutingContext> authenticated = Authentication.required(vertx, config());
    Handler<RoutingContext> admin = Authorization.role(User.ADMIN);

    router.get("/.well-known/jwks.json").handler(Endpoints.handler(this::getJwks));
    router.post("/api/v1/auth/register").handler(Endpoints.handler(this::registerUser));
    ApiRouter.acceptForm(router, HttpMethod.POST, "/api/v1/auth/token");
    router.post("/api/v1/auth/token").handler(Endpoints.handler(this::issueToken));
    ApiRouter.acceptForm(router, HttpMethod.POST, "/api/v1/auth/revoke");
    router.post("/api/v1/auth/revoke").handler(Endpoints.handler(this::revokeToken));
    router.get("/api/v1/auth/me").handler(authenticated).handler(Endpoints.handler(this::getMe));
    router.post("/api/v1/auth/keys/rotate").handler(authenticated).handler(admin).handler(Endpoints.handler(this::rotateKeys));
    router.delete("/api/v1/auth/keys/:kid").handler(authenticated).handler(admin).handler(Endpoints.handler(this::retireKey));

    router.get(USERS).handler(authenticated).handler(admin).handler(Endpoints.handler(this::listUsers));
    router.get(USERS + "/:id").handler(authenticated).handler(admin).handler(Endpoints.handler(this::getUser));
    router.put(USERS + "/:id/roles").handler(authenticated).handler(admin).handler(Endpoints.handler(this::putRoles));
    router.delete(USERS + "/:id/sessions").handler(authenticated).handler(admin).handler(Endpoints.handler(this::deleteSessions));

    HealthRoutes.mount(router, vertx, Optional.of(mongo));
    return router;
  }

  @Override
  public Future<?> stop() {
    if (keyRing != null) {
      keyRing.stop();
    }
    Future<Void> closed = workers == null ? Future.succeededFuture() : workers.close();
    return server == null ? closed : server.stop().eventually(() -> closed);
  }

  private Future<?> getJwks(RoutingContext ctx) {
    // verifiers must see a new key before it signs, so caches may not outlive the activation delay
    long maxAge = Math.min(300, config.keyActivation().toSeconds());
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=" + maxAge);
    return ctx.json(keyRing.jwks());
  }

  private Future<?> registerUser(RoutingContext ctx) {
    JsonObject body = schemas.validBody(ctx, "registerUser");
    String email = User.normalizeEmail(body.getString("email"));
    if (email.equals(User.normalizeEmail(body.getString("password")))) {
      throw ApiException.invalid("password", "must not be the email");
    }
    String address = ClientAddress.of(ctx, config.trustedProxies());
    return throttle.beginRegistration(address)
        .compose(v -> hasher.hash(body.getString("password"))
            .recover(error -> throttle.registrationNotAttempted(address).transform(ignored -> Future.failedFuture(error))))
        .compose(hash -> users.insert(User.create(email, body.getString("name"), List.of(User.CUSTOMER), hash)))
        .compose(user -> ctx.response().setStatusCode(201).putHeader(HttpHeaders.LOCATION, USERS + "/" + user.id())
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(user.toJson().toBuffer()));
  }

  private Future<?> issueToken(RoutingContext ctx) {
    JsonObject body = schemas.validJsonOrForm(ctx, "issueToken");
    Future<JsonObject> granted = switch (body.getString("grant_type")) {
      case "password" -> grants.password(body.getString("email", body.getString("username")), body.getString("password"),
          ClientAddress.of(ctx, config.trustedProxies()));
      case "refresh_token" -> grants.refresh(body.getString("refresh_token"));
      default -> grants.clientCredentials(clientCredentials(ctx, body), body.getString("scope"),
          ClientAddress.of(ctx, config.trustedProxies()));
    };
    // token responses must not be cached (RFC 6749 section 5.1)
    return granted.compose(tokens -> {
      ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
      return ctx.json(tokens);
    });
  }

  private Future<?> revokeToken(RoutingContext ctx) {
    JsonObject body = schemas.validJsonOrForm(ctx, "revokeToken");
    return refreshTokens.revoke(body.getString("refresh_token")).compose(v -> ctx.response().setStatusCode(200).end());
  }

  private Future<?> getMe(RoutingContext ctx) {
    return users.findById(Principal.of(ctx).subject()).compose(user -> ctx.json(found(user).toJson()));
  }

  private Future<?> rotateKeys(RoutingContext ctx) {
    return keyRing.rotate().compose(key -> ctx.response().setStatusCode(201).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(new JsonObject().put("kid", key.kid()).put("activatesAt", key.activatesAt().toString()).toBuffer()));
  }

  private Future<?> retireKey(RoutingContext ctx) {
    return keyRing.retire(ctx.pathParam("kid")).compose(retired -> {
      if (!retired) {
        throw ApiException.notFound("no such signing key");
      }
      return ctx.response().setStatusCode(204).end();
    });
  }

  private Future<?> listUsers(RoutingContext ctx) {
    return users.page(PageRequest.from(ctx, cursors), cursors).compose(page -> Pages.send(ctx, page));
  }

  private Future<?> getUser(RoutingContext ctx) {
    return users.findById(ctx.pathParam("id")).compose(user -> ctx.json(found(user).toJson()));
  }

  private Future<?> putRoles(RoutingContext ctx) {
    List<String> roles = schemas.validBody(ctx, "putRoles").getJsonArray("roles").stream().map(String::valueOf).toList();
    // sessions carry the old roles into every refresh: the user logs in again under the new ones
    return users.setRoles(ctx.pathParam("id"), roles)
        .compose(user -> refreshTokens.revokeAllOf(found(user).id()).compose(v -> ctx.json(user.toJson())));
  }

  private Future<?> deleteSessions(RoutingContext ctx) {
    return users.findById(ctx.pathParam("id"))
        .compose(user -> refreshTokens.revokeAllOf(found(user).id()))
        .compose(v -> ctx.response().setStatusCode(204).end());
  }

  private static User found(User user) {
    if (user == null) {
      throw ApiException.notFound("no such user");
    }
    return user;
  }

  // client_secret_post or client_secret_basic (RFC 6749 section 2.3.1)
  private static ClientCredentials clientCredentials(RoutingContext ctx, JsonObject body) {
    if (body.getString("client_id") != null) {
      return body.getString("client_secret") == null ? null
          : new ClientCredentials(body.getString("client_id"), body.getString("client_secret"));
    }
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? null : new ClientCredentials(decoded.substring(0, colon), decoded.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  // runs an endpoint and sends whatever it fails with, thrown or returned, to the problem handler
}
