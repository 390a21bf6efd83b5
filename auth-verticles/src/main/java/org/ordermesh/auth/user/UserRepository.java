package org.ordermesh.auth.user;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.UpdateOptions;
import java.util.List;
import org.ordermesh.platform.http.ApiException;
import org.ordermesh.platform.http.page.CursorCodec;
import org.ordermesh.platform.http.page.CursorQuery;
import org.ordermesh.platform.http.page.Page;
import org.ordermesh.platform.http.page.PageRequest;
import org.ordermesh.platform.http.page.Pages;
import org.ordermesh.platform.mongo.IndexDeclaration;
import org.ordermesh.platform.mongo.MongoErrors;
import org.ordermesh.platform.mongo.MongoRepository;
import io.vertx.ext.mongo.MongoClient;

/** Accounts in {@code users}: one per normalised email (unique index), listed by creation time. */
public final class UserRepository extends MongoRepository {

  private static final String SORT_FIELD = "createdAt";

  public UserRepository(MongoClient mongo) {
    super(mongo);
  }

  @Override
  protected String collection() {
    return "users";
  }

  @Override
  protected List<IndexDeclaration> indexes() {
    return List.of(IndexDeclaration.unique("email_unique", new JsonObject().put("email", 1)));
  }

  /** Stores a new account; 409 email-taken when the email already has one. */
  public Future<User> insert(User user) {
    return mongo.insert(collection(), user.toDocument()).map(id -> user).recover(UserRepository::registrationError);
  }

  public Future<User> findByEmail(String normalizedEmail) {
    return mongo.findOne(collection(), new JsonObject().put("email", normalizedEmail), null).map(UserRepository::toUser);
  }

  public Future<User> findById(String id) {
    return mongo.findOne(collection(), new JsonObject().put("_id", id), null).map(UserRepository::toUser);
  }

  public Future<Page> page(PageRequest request, CursorCodec cursors) {
    FindOptions options = CursorQuery.findOptions(SORT_FIELD, true, request).setFields(new JsonObject().put("passwordHash", 0));
    return mongo.findWithOptions(collection(), CursorQuery.after(SORT_FIELD, true, request.cursor()), options)
        .map(found -> Pages.of(found, request, SORT_FIELD, cursors).map(doc -> User.fromDocument(doc).toJson()));
  }

  /** The account with its new roles; null when there is no such account. */
  public Future<User> setRoles(String id, List<String> roles) {
    return mongo.findOneAndUpdateWithOptions(collection(), new JsonObject().put("_id", id),
            new JsonObject().put("$set", new JsonObject().put("roles", new JsonArray(roles))),
            new FindOptions(), new UpdateOptions().setReturningNewDocument(true))
        .map(UserRepository::toUser);
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
