package org.ordermesh.platform.mongo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ordermesh.platform.http.ApiException;
import org.ordermesh.platform.http.FieldError;

/**
 * Rejects client JSON whose keys Mongo would read as operators ({@code $...}) or paths ({@code a.b}), at any
 * depth, so no client value reaches a query or update as anything but data.
 */
public final class KeyGuard {

  static final String MESSAGE = "keys must not start with '$' or contain '.'";

  private KeyGuard() {
  }

  /** Throws ApiException 400 with one field error per offending key, named by its dotted path. */
  public static void check(JsonObject json) {
    List<FieldError> errors = new ArrayList<>();
    checkObject(json, "", errors);
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
  }

  private static void checkObject(JsonObject object, String path, List<FieldError> errors) {
    for (Map.Entry<String, Object> entry : object) {
      String key = entry.getKey();
      String childPath = path.isEmpty() ? key : path + "." + key;
      if (key.startsWith("$") || key.contains(".")) {
        errors.add(new FieldError(childPath, MESSAGE));
      }
      checkValue(entry.getValue(), childPath, errors);
    }
  }

  // JsonObject and JsonArray hand out nested maps and lists already wrapped
  private static void checkValue(Object value, String path, List<FieldError> errors) {
    if (value instanceof JsonObject object) {
      checkObject(object, path, errors);
    } else if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        checkValue(array.getValue(i), path + "." + i, errors);
      }
    }
  }
}
