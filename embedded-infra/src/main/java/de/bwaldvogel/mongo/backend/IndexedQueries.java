package de.bwaldvogel.mongo.backend;

import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import org.ordermesh.embedded.KeyBound;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * How a collection answers a query: from a unique index whose fields the query matches by equality (among
 * other conditions or alone), else from the secondary index {@link QueryPlanner} chooses, else by a scan.
 * The same choice runs the query and describes it for {@code explain}.
 */
public final class IndexedQueries {

  private IndexedQueries() {
  }

  /** Where the chosen access path reads documents from. */
  public interface Source {

    /** Every document, filtered, sorted by {@code sort} when not null. */
    QueryResult scan(Document sort);

    /** The documents at {@code positions}, in that order, filtered, sorted by {@code sort} when not null. */
    QueryResult fetch(Iterable<Object> positions, Document sort);
  }

  /** One way to run a query. */
  public sealed interface Access {

    QueryResult run(Source source, Document orderBy);

    /** Its queryPlanner.winningPlan, in mongod's stages: LIMIT, SORT, FETCH, IXSCAN, COLLSCAN. */
    Document winningPlan(Document orderBy, int limit);

    /** The whole explain answer for namespace {@code ns}. */
    default Document describe(String ns, Document query, Document orderBy, int limit) {
      Document planner = new Document("namespace", ns)
          .append("parsedQuery", query)
          .append("winningPlan", winningPlan(orderBy, limit))
          .append("rejectedPlans", List.of());
      return new Document("queryPlanner", planner).append("ok", 1.0);
    }
  }

  public static Access plan(List<Index<Object>> indexes, Document query, Document orderBy) {
    boolean natural = orderBy != null && orderBy.containsKey("$natural");
    for (Index<Object> index : indexes) {
      Document lookup = index instanceof SecondaryIndex ? null : keyEqualities(index, query);
      if (lookup != null && index.canHandle(lookup)) {
        return new UniqueLookup(index, lookup);
      }
    }
    QueryPlanner.Plan plan = natural ? null : QueryPlanner.choose(indexes, query, orderBy);
    return plan == null ? new CollectionScan() : new IndexScan(plan);
  }

  /**
   * The query's equalities on exactly the unique index's fields, or null when it lacks one: as on mongod, a
   * query that also filters on other fields still looks its one document up, and the full query filters it.
   */
  private static Document keyEqualities(Index<Object> index, Document query) {
    Document lookup = new Document();
    for (IndexKey key : index.getKeys()) {
      Object value = query.get(key.getKey());
      if (!query.containsKey(key.getKey()) || value instanceof Document || value instanceof Collection
          || BsonRegularExpression.isRegularExpression(value)) {
        return query.size() == index.getKeys().size() ? query : null;
      }
      lookup.append(key.getKey(), value);
    }
    return lookup;
  }

  private record UniqueLookup(Index<Object> index, Document query) implements Access {

    @Override
    public QueryResult run(Source source, Document orderBy) {
      return source.fetch(index.getPositions(query), orderBy);
    }

    @Override
    public Document winningPlan(Document orderBy, int limit) {
      Document scan = new Document("stage", "IXSCAN").append("keyPattern", keyPattern(index))
          .append("indexName", index.getName()).append("isUnique", true).append("direction", "forward");
      return around(new Document("stage", "FETCH").append("inputStage", scan), needsSort(orderBy), orderBy, limit);
    }
  }

  private record IndexScan(QueryPlanner.Plan plan) implements Access {

    @Override
    public QueryResult run(Source source, Document orderBy) {
      return source.fetch(() -> plan.index().scan(plan.bounds(), plan.reverse()), plan.sortServed() ? null : orderBy);
    }

    @Override
    public Document winningPlan(Document orderBy, int limit) {
      SecondaryIndex index = plan.index();
      Document bounds = new Document();
      for (int i = 0; i < index.fields().size(); i++) {
        List<String> intervals = new ArrayList<>();
        for (QueryPlanner.Interval interval : i < plan.bounds().size() ? plan.bounds().get(i) : List.of(QueryPlanner.EVERYTHING)) {
          intervals.add(IndexedQueries.describe(interval));
        }
        bounds.append(index.fields().get(i), intervals);
      }
      Document scan = new Document("stage", "IXSCAN").append("keyPattern", keyPattern(index))
          .append("indexName", index.getName()).append("isMultiKey", index.fields().stream().anyMatch(index::isMultikey))
          .append("isUnique", false).append("isSparse", index.isSparse()).append("isPartial", index.isPartial())
          .append("direction", plan.reverse() ? "backward" : "forward").append("indexBounds", bounds);
      return around(new Document("stage", "FETCH").append("inputStage", scan), !plan.sortServed() && needsSort(orderBy), orderBy, limit);
    }
  }

  private record CollectionScan() implements Access {

    @Override
    public QueryResult run(Source source, Document orderBy) {
      return source.scan(orderBy);
    }

    @Override
    public Document winningPlan(Document orderBy, int limit) {
      boolean natural = orderBy != null && orderBy.containsKey("$natural");
      return around(new Document("stage", "COLLSCAN").append("direction", "forward"), !natural && needsSort(orderBy), orderBy, limit);
    }
  }

  private static boolean needsSort(Document orderBy) {
    return orderBy != null && !orderBy.isEmpty();
  }

  // a blocking sort takes the limit itself, as mongod's SORT stage does; otherwise a LIMIT stage on top
  private static Document around(Document input, boolean sort, Document orderBy, int limit) {
    if (sort) {
      Document stage = new Document("stage", "SORT").append("sortPattern", orderBy);
      if (limit > 0) {
        stage.append("limitAmount", limit);
      }
      return stage.append("inputStage", input);
    }
    return limit > 0 ? new Document("stage", "LIMIT").append("limitAmount", limit).append("inputStage", input) : input;
  }

  private static Document keyPattern(Index<?> index) {
    Document pattern = new Document();
    for (IndexKey key : index.getKeys()) {
      pattern.append(key.getKey(), key.isAscending() ? 1 : -1);
    }
    return pattern;
  }

  private static String describe(QueryPlanner.Interval interval) {
    return (interval.startInclusive() ? "[" : "(") + bound(interval.start()) + ", " + bound(interval.end())
        + (interval.endInclusive() ? "]" : ")");
  }

  private static String bound(Object value) {
    if (value == KeyBound.BEFORE) {
      return "MinKey";
    }
    if (value == KeyBound.AFTER) {
      return "MaxKey";
    }
    return value instanceof String text ? '"' + text + '"' : String.valueOf(value);
  }
}
