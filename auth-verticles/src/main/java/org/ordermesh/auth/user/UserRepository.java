package org.ordermesh.auth.user;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import java.util.List;
import java.util.Set;
import org.ordermesh.auth.AuthService;
import org.ordermesh.platform.http.ApiException;
import org.ordermesh.platform.http.page.CursorCodec;
import org.ordermesh.platform.http.page.CursorQuery;
import org.ordermesh.platform.http.page.Page;
import org.ordermesh.platform.http.page.PageRequest;
import org.ordermesh.platform.http.page.Pages;
import org.ordermesh.platform.mongo.IndexDeclaration;
import org.ordermesh.platform.mongo.MongoErrors;
import org.ordermesh.platform.mongo.MongoRepository;
import org.ordermesh.platform.outbox.Outbox;
import org.ordermesh.platform.outbox.OutboxIndex;

/**
 * Accounts in {@code users}: one per normalised email (unique index), listed by creation time (with {@code _id}
 * as the tie-break, one index in that order). Each change
 * writes its event into the account's outbox in the same single-document write, and only through insert
 * or update operators: a whole-document replace would drop events not yet published.
 */
public final class UserRepository extends MongoRepository {

  public static final String COLLECTION = "users";
  static final String BY_CREATION = "users_by_created";
  private static final String SORT_FIELD = "createdAt";

  private final Vertx vertx;

  public UserRepository(Vertx vertx, MongoClient mongo) {
    super(mongo, COLLECTION);
    this.vertx = vertx;
  }

  @Override
  protected List<IndexDeclaration> indexes() {
    return List.of(
        IndexDeclaration.unique("email_unique", new JsonObject().put("email", 1)),
        IndexDeclaration.of(BY_CREATION, new JsonObject().put(SORT_FIELD, 1).put("_id", 1)),
        OutboxIndex.pending());
  }

  /** Stores a new account with its UserRegistered event; 409 email-taken when the email already has one. */
  public Future<User> insert(User user) {
    return mongo.insert(collection(), Outbox.attach(user.toDocument(), List.of(UserEvents.registered(user))))
        .map(id -> nudgeRelay(user))
        .recover(UserRepository::registrationError);
  }

  public Future<User> findByEmail(String normalizedEmail) {
    return mongo.findOne(collection(), new JsonObject().put("email", normalizedEmail), Outbox.hidden()).map(UserRepository::toUser);
  }

  public Future<User> findById(String id) {
    return mongo.findOne(collection(), new JsonObject().put("_id", id), Outbox.hidden()).map(UserRepository::toUser);
  }

  public Future<Page> page(PageRequest request, CursorCodec cursors) {
    FindOptions options = CursorQuery.findOptions(SORT_FIELD, true, request)
        .setFields(Outbox.hidden().put("passwordHash", 0));
    return mongo.findWithOptions(collection(), CursorQuery.after(SORT_FIELD, true, request.cursor()), options)
        .map(found -> Pages.of(found, request, SORT_FIELD, cursors).map(doc -> User.fromDocument(doc).toJson()));
  }

  /** The account with its new roles, changed with its UserRolesChanged event; null when there is no such account. */
  public Future<User> setRoles(String id, List<String> roles) {
    return findById(id).compose(user -> user == null ? Future.succeededFuture() : changeRoles(user, roles));
  }

  // filtered on the roles just read, so the event's previousRoles are what it replaced; a concurrent change reads again
  private Future<User> changeRoles(User user, List<String> roles) {
    if (Set.copyOf(user.roles()).equals(Set.copyOf(roles))) {
      return Future.succeededFuture(user);
    }
    JsonObject filter = new JsonObject().put("_id", user.id()).put("roles", new JsonArray(user.roles()));
    JsonObject update = Outbox.push(new JsonObject().put("$set", new JsonObject().put("roles", new JsonArray(roles))),
        List.of(UserEvents.rolesChanged(user, roles)));
    return mongo.updateCollection(collection(), filter, update).compose(result -> result.getDocMatched() == 1
        ? Future.succeededFuture(nudgeRelay(user.withRoles(roles)))
        : setRoles(user.id(), roles));
  }

  // the relay publishes at once rather than at its next scan
  private User nudgeRelay(User user) {
    Outbox.nudge(vertx, AuthService.NAME, COLLECTION, user.id());
    return user;
  }

  private static User toUser(JsonObject doc) {
    return doc == null ? null : User.fromDocument(doc);
  }

  private static Future<User> registrationError(Throwable error) {
    return Future.failedFuture(MongoErrors.isDuplicateKey(error)
        ? ApiException.conflict("an account with this email exists").withType("email-taken")
        : error);
  }
}
