package org.ordermesh.auth.client;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.util.List;
import java.util.Set;
import org.ordermesh.auth.password.PasswordHasher;
import org.ordermesh.platform.mongo.IndexDeclaration;
import org.ordermesh.platform.mongo.MongoRepository;

/**
 * Service clients for the client_credentials grant. Secrets come from settings and are kept only as
 * Argon2id hashes in the {@code clients} collection; clients removed from the settings are removed here.
 */
public final class ServiceClients extends MongoRepository {

  private final PasswordHasher hasher;

  /** An authenticated client and the scopes it may ask for. */
  public record Client(String id, Set<String> scopes) {
  }

  public ServiceClients(MongoClient mongo, PasswordHasher hasher) {
    super(mongo, "clients");
    this.hasher = hasher;
  }

  @Override
  protected List<IndexDeclaration> indexes() {
    return List.of();
  }

  /** Makes the collection match the settings: each configured client with a fresh hash, no others. */
  public Future<Void> sync(List<ClientSpec> specs) {
    JsonArray ids = new JsonArray(specs.stream().map(ClientSpec::id).toList());
    return Future.all(specs.stream().map(this::save).toList())
        .compose(saved -> mongo.removeDocuments(collection(), new JsonObject().put("_id", new JsonObject().put("$nin", ids))))
        .mapEmpty();
  }

  /** The client when the secret is right; null otherwise (unknown clients cost a hash too). */
  public Future<Client> authenticate(String clientId, String secret) {
    return mongo.findOne(collection(), new JsonObject().put("_id", clientId), null)
        .compose(found -> hasher.verify(secret, found == null ? null : found.getString("secretHash"))
            .map(matches -> matches ? new Client(clientId, Set.copyOf(found.getJsonArray("scopes").stream()
                .map(String::valueOf).toList())) : null));
  }

  private Future<String> save(ClientSpec spec) {
    return hasher.hash(spec.secret()).compose(hash -> mongo.save(collection(), new JsonObject()
        .put("_id", spec.id())
        .put("secretHash", hash)
        .put("scopes", new JsonArray(List.copyOf(spec.scopes())))));
  }
}
