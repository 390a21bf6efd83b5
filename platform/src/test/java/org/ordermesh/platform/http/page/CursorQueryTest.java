package org.ordermesh.platform.http.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.platform.http.ApiException;

@DisplayName("a cursor query")
class CursorQueryTest {

  @Test
  @DisplayName("resumes strictly after (value, _id) going up")
  void ascending() {
    assertThat(CursorQuery.after("price", true, new Cursor("price", 10, "p-7"))).isEqualTo(new JsonObject("""
        {"$or": [{"price": {"$gt": 10}}, {"_id": {"$gt": "p-7"}, "price": 10}]}"""));
    assertThat(CursorQuery.sort("price", true)).isEqualTo(new JsonObject("{\"price\": 1, \"_id\": 1}"));
  }

  @Test
  @DisplayName("resumes strictly before (value, _id) going down")
  void descending() {
    assertThat(CursorQuery.after("price", false, new Cursor("price", 10, "p-7"))).isEqualTo(new JsonObject("""
        {"$or": [{"price": {"$lt": 10}}, {"_id": {"$lt": "p-7"}, "price": 10}]}"""));
    assertThat(CursorQuery.sort("price", false)).isEqualTo(new JsonObject("{\"price\": -1, \"_id\": -1}"));
  }

  @Test
  @DisplayName("on _id alone needs one comparison, and nothing on the first page")
  void byIdAndFirstPage() {
    assertThat(CursorQuery.after("_id", true, new Cursor("_id", "p-7", "p-7")))
        .isEqualTo(new JsonObject("{\"_id\": {\"$gt\": \"p-7\"}}"));
    assertThat(CursorQuery.filter(new JsonObject().put("category", "tools"), "price", true, null))
        .isEqualTo(new JsonObject().put("category", "tools"));
  }

  @Test
  @DisplayName("refuses a cursor made for another sort")
  void refusesAnotherSort() {
    assertThatThrownBy(() -> CursorQuery.after("name", true, new Cursor("price", 10, "p-7")))
        .isInstanceOf(ApiException.class);
  }
}
