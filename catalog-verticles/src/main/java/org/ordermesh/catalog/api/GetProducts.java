package org.ordermesh.catalog.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** {@code {v:1, action:"get", ids:[...]}} (1..100 ids): the snapshots an order needs. Replies {@link ProductsReply}. */
public record GetProducts(List<String> ids) {

  public static final int MAX_IDS = 100;

  public GetProducts {
    if (ids.isEmpty() || ids.size() > MAX_IDS) {
      throw MessageFields.invalid("ids must hold 1 to " + MAX_IDS + " product ids");
    }
    ids.forEach(id -> MessageFields.id(id, "ids"));
    // asking twice for one product yields it once
    ids = List.copyOf(new LinkedHashSet<>(ids));
  }

  public static GetProducts fromJson(JsonObject json) {
    MessageFields.requireVersion(json);
    JsonArray array = MessageFields.array(json, "ids", 1, MAX_IDS);
    List<String> ids = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      ids.add(MessageFields.id(array.getValue(i), "ids." + i));
    }
    return new GetProducts(ids);
  }

  public JsonObject toJson() {
    return new JsonObject().put("v", CatalogAddresses.VERSION).put("action", CatalogAddresses.GET).put("ids", new JsonArray(ids));
  }
}
