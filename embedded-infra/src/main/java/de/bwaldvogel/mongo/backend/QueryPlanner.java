package de.bwaldvogel.mongo.backend;

import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.ordermesh.embedded.KeyBound;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Chooses the secondary index a query runs on and the bounds it scans, as MongoDB's planner does for the
 * shapes ordermesh uses: equality (or {@code $in}) on a prefix of the index's fields, then a range on the
 * next one (ESR), and a sort taken from the index order when the fields before it are fixed by equality.
 * Bounds only ever narrow what is scanned: the collection still filters every document with the full
 * query, so a bound left loose (an {@code $or}'s hull, one bound of a multikey field) costs time, never
 * a result. Where two indexes fit, the one with more equality fields wins, then a range, then a served sort,
 * then a partial one. A partial index fits only a query that implies its filter ({@link PartialFilter}).
 */
final class QueryPlanner {

  private static final ValueComparator VALUES = ValueComparator.ascWithoutListHandling();
  static final Interval EVERYTHING = new Interval(KeyBound.BEFORE, true, KeyBound.AFTER, true);

  private QueryPlanner() {
  }

  /** Part of a field's values, in the index's physical order; an open end is a {@link KeyBound}. */
  record Interval(Object start, boolean startInclusive, Object end, boolean endInclusive) {

    static Interval point(Object value) {
      return new Interval(value, true, value, true);
    }

    boolean isPoint() {
      return !(start instanceof KeyBound) && !(end instanceof KeyBound) && startInclusive && endInclusive
          && VALUES.compare(start, end) == 0;
    }

    Interval reversed() {
      return new Interval(flip(end), endInclusive, flip(start), startInclusive);
    }

    private static Object flip(Object end) {
      return end == KeyBound.BEFORE ? KeyBound.AFTER : end == KeyBound.AFTER ? KeyBound.BEFORE : end;
    }
  }

  /** A scan of {@code index}: the bounds of its leading fields, its direction, and whether it yields the query's sort order. */
  record Plan(SecondaryIndex index, List<List<Interval>> bounds, boolean reverse, boolean sortServed, int score) {
  }

  /** The best plan among the collection's secondary indexes, or null when none has bounds or serves the sort. */
  static Plan choose(List<? extends Index<Object>> indexes, Document query, Document orderBy) {
    Map<String, List<List<Interval>>> constraints = constraints(query);
    Plan best = null;
    for (Index<Object> index : indexes) {
      // a partial index lacks the documents outside its filter: only a query within it may read it
      if (index instanceof SecondaryIndex secondary && secondary.servesAll(query)) {
        Plan plan = plan(secondary, constraints, orderBy);
        if (plan != null && (best == null || plan.score() > best.score())) {
          best = plan;
        }
      }
    }
    return best;
  }

  static Plan planFor(SecondaryIndex index, Document query, Document orderBy) {
    return plan(index, constraints(query), orderBy);
  }

  private static Plan plan(SecondaryIndex index, Map<String, List<List<Interval>>> constraints, Document orderBy) {
    List<String> fields = index.fields();
    List<List<Interval>> bounds = new ArrayList<>();
    Set<String> fixed = new HashSet<>();
    int points = 0;
    boolean range = false;
    for (int i = 0; i < fields.size(); i++) {
      String field = fields.get(i);
      List<List<Interval>> onField = constraints.get(field);
      if (onField == null) {
        break;
      }
      List<Interval> intervals = index.isMultikey(field) ? loosest(onField) : intersectAll(onField);
      if (index.isDescending(i)) {
        List<Interval> physical = new ArrayList<>();
        intervals.forEach(interval -> physical.add(0, interval.reversed()));
        intervals = physical;
      }
      bounds.add(intervals);
      boolean allPoints = intervals.stream().allMatch(Interval::isPoint);
      if (!allPoints) {
        range = true;
        break;
      }
      points++;
      // one point fixes even a multikey field: a document has one key per distinct element, so under a single
      // value it appears once, in the order of the fields after it (mongod serves {tags: x} sort {a: 1} so too)
      if (intervals.size() == 1) {
        fixed.add(field);
      }
    }
    Boolean reverse = servedSort(index, orderBy, fixed);
    boolean sortWanted = orderBy != null && !orderBy.isEmpty();
    if (bounds.isEmpty()) {
      // a scan of the whole index pays only for a sort, and a sparse one lacks documents
      if (reverse == null || !sortWanted || index.isSparse()) {
        return null;
      }
      bounds.add(List.of(EVERYTHING));
    }
    // a partial index the query may read holds fewer entries than a full one of the same shape
    int score = 4 * points + (range ? 2 : 0) + (reverse != null && sortWanted ? 3 : 0) + (index.isPartial() ? 1 : 0);
    return new Plan(index, bounds, reverse != null && reverse, reverse != null, score);
  }

  /**
   * Whether scanning the index yields the order asked for: null if not, else whether the scan runs backwards.
   * Fields fixed to one value by the query drop out of both the sort and the index; what is left of the sort
   * must then be the next index fields, all in their declared directions or all reversed.
   */
  private static Boolean servedSort(SecondaryIndex index, Document orderBy, Set<String> fixed) {
    if (orderBy == null || orderBy.isEmpty()) {
      return Boolean.FALSE;
    }
    List<String> fields = index.fields();
    int next = 0;
    int direction = 0;
    for (Map.Entry<String, Object> sort : orderBy.entrySet()) {
      String field = sort.getKey();
      if (field.startsWith("$") || index.isMultikey(field)) {
        return null;
      }
      if (fixed.contains(field)) {
        continue;
      }
      while (next < fields.size() && fixed.contains(fields.get(next))) {
        next++;
      }
      if (next == fields.size() || !fields.get(next).equals(field)) {
        return null;
      }
      int asked = ((Number) sort.getValue()).doubleValue() < 0 ? -1 : 1;
      int relative = asked * (index.isDescending(next) ? -1 : 1);
      if (direction != 0 && direction != relative) {
        return null;
      }
      direction = relative;
      next++;
    }
    return direction < 0;
  }

  // a multikey field's bounds are not intersected (one element may meet one bound, another the other): one set will do
  private static List<Interval> loosest(List<List<Interval>> onField) {
    return onField.stream()
        .filter(intervals -> intervals.stream().allMatch(Interval::isPoint))
        .findFirst()
        .orElse(onField.get(0));
  }

  private static List<Interval> intersectAll(List<List<Interval>> onField) {
    List<Interval> result = onField.get(0);
    for (int i = 1; i < onField.size(); i++) {
      result = intersect(result, onField.get(i));
    }
    return result;
  }

  private static List<Interval> intersect(List<Interval> a, List<Interval> b) {
    List<Interval> result = new ArrayList<>();
    for (Interval x : a) {
      for (Interval y : b) {
        Interval both = intersect(x, y);
        if (both != null) {
          result.add(both);
        }
      }
    }
    return union(result);
  }

  private static Interval intersect(Interval x, Interval y) {
    int starts = compareStarts(x, y);
    Interval laterStart = starts >= 0 ? x : y;
    int ends = compareEnds(x, y);
    Interval earlierEnd = ends <= 0 ? x : y;
    int span = compare(laterStart.start(), earlierEnd.end());
    if (span > 0 || (span == 0 && !(laterStart.startInclusive() && earlierEnd.endInclusive()))) {
      return null;
    }
    return new Interval(laterStart.start(), laterStart.startInclusive(), earlierEnd.end(), earlierEnd.endInclusive());
  }

  /** Sorted, overlapping and touching intervals merged. */
  private static List<Interval> union(List<Interval> intervals) {
    List<Interval> sorted = new ArrayList<>(intervals);
    sorted.sort(QueryPlanner::compareStarts);
    List<Interval> result = new ArrayList<>();
    for (Interval interval : sorted) {
      if (!result.isEmpty()) {
        Interval last = result.get(result.size() - 1);
        int gap = compare(last.end(), interval.start());
        if (gap > 0 || (gap == 0 && (last.endInclusive() || interval.startInclusive()))) {
          result.set(result.size() - 1, compareEnds(last, interval) >= 0 ? last
              : new Interval(last.start(), last.startInclusive(), interval.end(), interval.endInclusive()));
          continue;
        }
      }
      result.add(interval);
    }
    return result;
  }

  private static int compareStarts(Interval x, Interval y) {
    int order = compare(x.start(), y.start());
    if (order != 0) {
      return order;
    }
    return Boolean.compare(!x.startInclusive(), !y.startInclusive());
  }

  private static int compareEnds(Interval x, Interval y) {
    int order = compare(x.end(), y.end());
    if (order != 0) {
      return order;
    }
    return Boolean.compare(x.endInclusive(), y.endInclusive());
  }

  static int compare(Object x, Object y) {
    if (x instanceof KeyBound || y instanceof KeyBound) {
      return Comparator.<Object>comparingInt(QueryPlanner::rank).compare(x, y);
    }
    return VALUES.compare(x, y);
  }

  private static int rank(Object value) {
    return value == KeyBound.BEFORE ? -1 : value == KeyBound.AFTER ? 1 : 0;
  }

  /** For each field the query constrains, the sets of intervals (ascending) that each constraint allows. */
  static Map<String, List<List<Interval>>> constraints(Document query) {
    Map<String, List<List<Interval>>> result = new HashMap<>();
    collect(query, result);
    return result;
  }

  private static void collect(Document query, Map<String, List<List<Interval>>> out) {
    for (Map.Entry<String, Object> entry : query.entrySet()) {
      String key = entry.getKey();
      Object value = entry.getValue();
      if (key.equals("$and") && value instanceof Collection<?> clauses) {
        clauses.stream().filter(Document.class::isInstance).forEach(clause -> collect((Document) clause, out));
      } else if (key.equals("$or") && value instanceof Collection<?> branches) {
        collectOr(branches, out);
      } else if (!key.startsWith("$")) {
        collectField(key, value, out);
      }
    }
  }

  // a field every branch bounds is bounded by the union of the branches' bounds (each branch's first)
  private static void collectOr(Collection<?> branches, Map<String, List<List<Interval>>> out) {
    List<Map<String, List<List<Interval>>>> perBranch = new ArrayList<>();
    for (Object branch : branches) {
      if (!(branch instanceof Document document)) {
        return;
      }
      perBranch.add(constraints(document));
    }
    if (perBranch.isEmpty()) {
      return;
    }
    for (String field : perBranch.get(0).keySet()) {
      if (perBranch.stream().allMatch(branch -> branch.containsKey(field))) {
        List<Interval> all = new ArrayList<>();
        perBranch.forEach(branch -> all.addAll(branch.get(field).get(0)));
        out.computeIfAbsent(field, f -> new ArrayList<>()).add(union(all));
      }
    }
  }

  private static void collectField(String field, Object value, Map<String, List<List<Interval>>> out) {
    if (value instanceof Document operators && operators.keySet().stream().anyMatch(key -> key.startsWith("$"))) {
      for (Map.Entry<String, Object> operator : operators.entrySet()) {
        List<Interval> intervals = operatorBounds(operator.getKey(), operator.getValue());
        if (intervals != null) {
          out.computeIfAbsent(field, f -> new ArrayList<>()).add(intervals);
        }
      }
    } else if (usable(value)) {
      out.computeIfAbsent(field, f -> new ArrayList<>()).add(List.of(Interval.point(Utils.normalizeValue(value))));
    }
  }

  static List<Interval> operatorBounds(String operator, Object value) {
    if (operator.equals("$exists")) {
      // every value the field may hold; the matcher drops what lacks it
      return Utils.isTrue(value) ? List.of(EVERYTHING) : null;
    }
    if (operator.equals("$in")) {
      if (!(value instanceof Collection<?> values) || values.isEmpty() || !values.stream().allMatch(QueryPlanner::usable)) {
        return null;
      }
      return union(values.stream().map(Utils::normalizeValue).map(Interval::point).toList());
    }
    if (!usable(value)) {
      return null;
    }
    Object bound = Utils.normalizeValue(value);
    return switch (operator) {
      case "$eq" -> List.of(Interval.point(bound));
      case "$gt" -> List.of(new Interval(bound, false, highestOfType(bound), true));
      case "$gte" -> List.of(new Interval(bound, true, highestOfType(bound), true));
      case "$lt" -> List.of(new Interval(lowestOfType(bound), true, bound, false));
      case "$lte" -> List.of(new Interval(lowestOfType(bound), true, bound, true));
      default -> null;
    };
  }

  /**
   * Where a range below {@code bound} starts: a comparison matches only values of its own type (numbers of any
   * type), as on mongod, whose bounds are type-bracketed too. From the index's start it read every entry of the
   * documents lacking the field (null) and fetched them: the TTL monitor's {@code {compensatedAt: {$lt: ...}}}
   * fetched each of 100,000 payments, which have none, holding their writers for most of a second.
   */
  private static Object lowestOfType(Object bound) {
    if (bound instanceof Instant) {
      return Instant.ofEpochMilli(Long.MIN_VALUE);
    }
    if (bound instanceof Number) {
      // NaN sorts above every number here (Double.compare), as the matcher compares it
      return Double.NEGATIVE_INFINITY;
    }
    if (bound instanceof String) {
      return "";
    }
    return KeyBound.BEFORE;
  }

  // where a range above bound ends; only dates, whose end is plain: after the numbers comes NaN, after strings objects
  private static Object highestOfType(Object bound) {
    return bound instanceof Instant ? Instant.ofEpochMilli(Long.MAX_VALUE) : KeyBound.AFTER;
  }

  // the values whose order and equality the index and the matcher agree on; anything else leaves the field unbounded
  private static boolean usable(Object value) {
    if (value instanceof Number number && Double.isNaN(number.doubleValue())) {
      return false;
    }
    if (value instanceof Decimal128 || BsonRegularExpression.isRegularExpression(value)) {
      return false;
    }
    return value instanceof Number || value instanceof String || value instanceof Boolean
        || value instanceof Instant || value instanceof ObjectId || value instanceof UUID;
  }
}
