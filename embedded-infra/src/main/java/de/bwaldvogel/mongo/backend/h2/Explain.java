package de.bwaldvogel.mongo.backend.h2;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.LeadingMatch;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;

import java.util.List;

/**
 * The {@code explain} command for the commands that read through a query (find, aggregate, count,
 * distinct, delete, update, findAndModify): queryPlanner.winningPlan, in mongod's stage names, of the
 * access path the collection would take. Only the planner's part: nothing runs.
 */
final class Explain {

  private Explain() {
  }

  static Document of(BsonH2Database database, Document explained) {
    String command = explained.keySet().iterator().next();
    String collectionName = String.valueOf(explained.get(command));
    String namespace = database.getDatabaseName() + "." + collectionName;
    Document query;
    Document sort = null;
    int limit = 0;
    switch (command.toLowerCase(java.util.Locale.ROOT)) {
      case "find" -> {
        query = document(explained.get("filter"));
        sort = (Document) explained.get("sort");
        limit = Math.abs(number(explained.get("limit")));
      }
      case "aggregate" -> {
        LeadingMatch start = LeadingMatch.of(Aggregation.parse(explained.get("pipeline")));
        query = start == null ? new Document() : start.match();
        sort = start == null ? null : start.sort();
        limit = start == null ? 0 : start.limit();
      }
      case "count", "distinct" -> query = document(explained.get("query"));
      case "findandmodify" -> {
        query = document(explained.get("query"));
        sort = (Document) explained.get("sort");
      }
      case "delete" -> {
        Document first = first(explained.get("deletes"));
        query = document(first.get("q"));
        limit = number(first.get("limit"));
      }
      case "update" -> query = document(first(explained.get("updates")).get("q"));
      default -> throw new MongoServerError(72, "InvalidOptions", "explain does not support the " + command + " command here");
    }
    MongoCollection<Object> collection = database.resolveCollection(collectionName, false);
    if (!(collection instanceof CopyingH2Collection indexed)) {
      Document eof = new Document("stage", "EOF");
      return new Document("queryPlanner", new Document("namespace", namespace).append("parsedQuery", query)
          .append("winningPlan", eof).append("rejectedPlans", List.of())).append("ok", 1.0);
    }
    return indexed.explain(query, sort, limit);
  }

  private static Document document(Object value) {
    return value instanceof Document document ? document : new Document();
  }

  private static Document first(Object statements) {
    return statements instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Document first ? first : new Document();
  }

  private static int number(Object value) {
    return value instanceof Number number ? number.intValue() : 0;
  }
}
