package de.bwaldvogel.mongo.backend;

import de.bwaldvogel.mongo.bson.Document;
import org.ordermesh.embedded.KeyBound;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A partial index's {@code partialFilterExpression}: the documents it holds, and whether a query can use it.
 * As on mongod, a query uses the index only when its filter implies the expression, here for the shapes
 * mongod documents: per field an equality, {@code $exists: true}, or {@code $gt}/{@code $gte}/{@code $lt}/
 * {@code $lte}, joined by a top-level {@code $and}. A query term implies one of those when it only matches
 * values it allows: the same equality, a narrower range of the same type, anything bounded for
 * {@code $exists: true}. An expression of another shape keeps its index maintained but never chosen.
 */
final class PartialFilter {

  private final Document expression;
  /** Per field, each of the expression's conditions on it: the intervals it allows ({@code $exists: true} allows all). */
  private final Map<String, List<List<QueryPlanner.Interval>>> conditions;
  private final boolean understood;

  private PartialFilter(Document expression) {
    this.expression = expression;
    this.conditions = new HashMap<>();
    this.understood = collect(expression);
  }

  /** The filter of an index declared with {@code expression}, or null for an index that holds every document. */
  static PartialFilter of(Object expression) {
    return expression instanceof Document document && !document.isEmpty() ? new PartialFilter(document) : null;
  }

  Document expression() {
    return expression;
  }

  /** Whether the index holds {@code document}. */
  boolean holds(Document document) {
    // the matcher keeps state between calls, so one per call
    return new DefaultQueryMatcher().matches(document, expression);
  }

  /** Whether every document {@code query} matches is one the index holds. */
  boolean impliedBy(Document query) {
    if (!understood) {
      return false;
    }
    Map<String, List<List<QueryPlanner.Interval>>> terms = QueryPlanner.constraints(query);
    for (Map.Entry<String, List<List<QueryPlanner.Interval>>> condition : conditions.entrySet()) {
      List<List<QueryPlanner.Interval>> onField = terms.get(condition.getKey());
      for (List<QueryPlanner.Interval> allowed : condition.getValue()) {
        if (onField == null || onField.stream().noneMatch(term -> within(term, allowed))) {
          return false;
        }
      }
    }
    return true;
  }

  private boolean collect(Document filter) {
    for (Map.Entry<String, Object> entry : filter.entrySet()) {
      String key = entry.getKey();
      Object value = entry.getValue();
      if (key.equals("$and") && value instanceof Collection<?> clauses) {
        for (Object clause : clauses) {
          if (!(clause instanceof Document document) || !collect(document)) {
            return false;
          }
        }
      } else if (key.startsWith("$") || !collectField(key, value)) {
        return false;
      }
    }
    return true;
  }

  private boolean collectField(String field, Object value) {
    List<List<QueryPlanner.Interval>> onField = conditions.computeIfAbsent(field, f -> new ArrayList<>());
    if (!(value instanceof Document operators) || operators.isEmpty() || !operators.keySet().iterator().next().startsWith("$")) {
      List<QueryPlanner.Interval> point = QueryPlanner.operatorBounds("$eq", value);
      return point != null && onField.add(point);
    }
    for (Map.Entry<String, Object> operator : operators.entrySet()) {
      if (operator.getKey().equals("$exists")) {
        if (!Utils.isTrue(operator.getValue())) {
          return false;
        }
        // any bounded term implies the field is there: the planner's bounds never hold null or missing
        onField.add(List.of(QueryPlanner.EVERYTHING));
        continue;
      }
      List<QueryPlanner.Interval> intervals = switch (operator.getKey()) {
        case "$eq", "$gt", "$gte", "$lt", "$lte" -> QueryPlanner.operatorBounds(operator.getKey(), operator.getValue());
        default -> null;
      };
      if (intervals == null) {
        return false;
      }
      onField.add(intervals);
    }
    return true;
  }

  // every interval of the term lies in one of the allowed ones; an open end is only bounded by the type of its other end
  private static boolean within(List<QueryPlanner.Interval> term, List<QueryPlanner.Interval> allowed) {
    return term.stream().allMatch(interval -> allowed.stream().anyMatch(outer -> within(interval, outer)));
  }

  private static boolean within(QueryPlanner.Interval inner, QueryPlanner.Interval outer) {
    if (outer.start() == KeyBound.BEFORE && outer.end() == KeyBound.AFTER) {
      return true;
    }
    if (outer.start() != KeyBound.BEFORE) {
      if (!sameType(inner.start(), outer.start())) {
        return false;
      }
      int order = QueryPlanner.compare(inner.start(), outer.start());
      if (order < 0 || (order == 0 && inner.startInclusive() && !outer.startInclusive())) {
        return false;
      }
    }
    if (outer.end() != KeyBound.AFTER) {
      if (!sameType(inner.end(), outer.end())) {
        return false;
      }
      int order = QueryPlanner.compare(inner.end(), outer.end());
      return order < 0 || (order == 0 && (outer.endInclusive() || !inner.endInclusive()));
    }
    return true;
  }

  // mongod compares within a type only (numbers are one type): $gt 5 holds no string
  private static boolean sameType(Object value, Object bound) {
    if (value instanceof KeyBound) {
      return false;
    }
    return value instanceof Number ? bound instanceof Number : value.getClass() == bound.getClass();
  }
}
