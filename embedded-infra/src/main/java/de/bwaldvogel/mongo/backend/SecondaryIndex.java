package de.bwaldvogel.mongo.backend;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.CannotIndexParallelArraysError;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.ordermesh.embedded.IndexKeyType;
import org.ordermesh.embedded.KeyBound;
import org.ordermesh.embedded.StoreState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A non-unique index of an H2 collection, compound, each field ascending or descending, sparse or partial
 * if declared: one B-tree entry per (indexed values, record) of a document, an array field giving one entry per
 * element as on MongoDB, a numeric path part ({@code outbox.0}) an array's element at that position; a
 * partial index holds only the documents its {@link PartialFilter} matches. Its maps live in the collection's MVStore, so the group commit that acknowledges
 * a write has put its entries in the file too; a store a process did not close rebuilds them at start
 * ({@link StoreState}). The collection plans queries on it
 * ({@link QueryPlanner}), which can serve a sort and stop at a limit, so {@link #canHandle} leaves it out
 * of mongo-java-server's own index loop.
 *
 * <p>Which fields ever held an array is kept in a map of its own and never forgotten (MongoDB's
 * "multikey" flag): bounds on such a field are not intersected, and a sort on it is not taken from the index (a sort on the
 * fields after it is, when the query fixes it to one value).
 */
public final class SecondaryIndex extends Index<Object> {

  private final MVStore store;
  private final MVMap<KeyValue, Object> entries;
  private final MVMap<String, Boolean> multikey;
  private final IndexKeyType keyType;
  private final boolean[] descending;
  private final Set<String> multikeyFields = ConcurrentHashMap.newKeySet();
  private final PartialFilter partial;

  /** {@code partialFilterExpression}: the declared filter of a partial index, or null. */
  public SecondaryIndex(MVStore store, String mapName, String indexName, List<IndexKey> keys, boolean sparse,
                        Document partialFilterExpression) {
    super(indexName, keys, sparse);
    this.store = store;
    this.partial = PartialFilter.of(partialFilterExpression);
    this.descending = new boolean[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      descending[i] = !keys.get(i).isAscending();
    }
    this.keyType = new IndexKeyType(descending);
    this.entries = store.openMap(mapName, new MVMap.Builder<KeyValue, Object>()
        .keyType(keyType).valueType(org.ordermesh.embedded.BsonValueType.INSTANCE));
    this.multikey = store.openMap(mapName + ".multikey");
    if (StoreState.rebuildsIndexes(store)) {
      // emptied, AbstractMongoCollection.addIndex builds it again from the documents
      entries.clear();
      multikey.clear();
    }
    multikeyFields.addAll(multikey.keySet());
  }

  List<String> fields() {
    return keys();
  }

  boolean isDescending(int field) {
    return descending[field];
  }

  boolean isMultikey(String field) {
    return multikeyFields.contains(field);
  }

  boolean isPartial() {
    return partial != null;
  }

  /** Whether every document {@code query} matches has its entries here: always, unless the index is partial. */
  boolean servesAll(Document query) {
    return partial == null || partial.impliedBy(query);
  }

  /** The same keys, sparseness and partial filter: declaring it again is a no-op, anything else a conflict. */
  @Override
  public boolean hasSameOptions(Index<?> other) {
    return super.hasSameOptions(other) && other instanceof SecondaryIndex secondary
        && Objects.equals(partial == null ? null : partial.expression(),
            secondary.partial == null ? null : secondary.partial.expression());
  }

  /** The document's entries, each its indexed values then its position; none for a sparse index's document without any of them. */
  private Set<KeyValue> entriesOf(Document document, Object position) {
    if (isSparse() && keys().stream().noneMatch(key -> Utils.hasSubdocumentValue(document, key))) {
      return Set.of();
    }
    if (partial != null && !partial.holds(document)) {
      return Set.of();
    }
    List<List<Object>> valuesPerField = new ArrayList<>();
    int arrays = 0;
    for (String key : keys()) {
      Object value = Utils.normalizeValue(valueAt(document, key));
      if (value instanceof Collection<?> elements) {
        arrays++;
        // an empty array is indexed as null (MongoDB: undefined), so the document still has an entry
        valuesPerField.add(elements.isEmpty() ? Collections.singletonList(null) : new ArrayList<>(new LinkedHashSet<>(elements)));
      } else {
        valuesPerField.add(Collections.singletonList(value));
      }
    }
    if (arrays > 1) {
      throw new CannotIndexParallelArraysError(keys());
    }
    Set<KeyValue> result = new LinkedHashSet<>();
    combine(valuesPerField, 0, new ArrayList<>(), position, result);
    return result;
  }

  private void combine(List<List<Object>> valuesPerField, int field, List<Object> prefix, Object position, Set<KeyValue> out) {
    if (field == valuesPerField.size()) {
      List<Object> key = new ArrayList<>(prefix);
      key.add(position);
      out.add(keyType.stored(new KeyValue(key)));
      return;
    }
    for (Object value : valuesPerField.get(field)) {
      prefix.add(value);
      combine(valuesPerField, field + 1, prefix, position, out);
      prefix.remove(prefix.size() - 1);
    }
  }

  /**
   * The value the index holds for {@code path}: mongo-java-server's, except that a numeric part of the path
   * names an array's element by position, as on MongoDB (its own reads the element's field of that name).
   */
  private static Object valueAt(Document document, String path) {
    List<String> parts = List.of(path.split("\\."));
    if (parts.stream().noneMatch(SecondaryIndex::isPosition)) {
      return Utils.getSubdocumentValueCollectionAware(document, path);
    }
    Object value = document;
    for (int i = 0; i < parts.size(); i++) {
      String part = parts.get(i);
      if (value instanceof List<?> list && isPosition(part)) {
        int position = Integer.parseInt(part);
        value = position < list.size() ? list.get(position) : Missing.getInstance();
      } else if (value instanceof Document subdocument) {
        value = subdocument.containsKey(part) ? subdocument.get(part) : Missing.getInstance();
      } else if (value instanceof Collection<?>) {
        return Utils.getSubdocumentValueCollectionAware(new Document("v", value), "v." + String.join(".", parts.subList(i, parts.size())));
      } else {
        return Missing.getInstance();
      }
    }
    return value;
  }

  private static boolean isPosition(String part) {
    return !part.isEmpty() && part.chars().allMatch(Character::isDigit);
  }

  private void noteArrays(Document document) {
    for (String key : keys()) {
      if (!multikeyFields.contains(key) && valueAt(document, key) instanceof Collection) {
        multikey.put(key, Boolean.TRUE);
        multikeyFields.add(key);
      }
    }
  }

  /** None: the values do not tell one document's record from another's, the collection's unique {@code _id} index does. */
  @Override
  public Object getPosition(Document document) {
    return null;
  }

  @Override
  public void checkAdd(Document document, MongoCollection<Object> collection) {
    entriesOf(document, Missing.getInstance());
  }

  @Override
  public void add(Document document, Object position, MongoCollection<Object> collection) {
    noteArrays(document);
    for (KeyValue key : entriesOf(document, Missing.ofNullable(position))) {
      entries.put(key, Missing.ofNullable(position));
    }
  }

  /** Not this way: the entries name the document's record, which its values do not give; see {@link #remove(Document, Object)}. */
  @Override
  public Object remove(Document document) {
    throw new UnsupportedOperationException("a secondary index removes a document's entries by its record");
  }

  /** Removes the entries of {@code document}, held at {@code record}. */
  public void remove(Document document, Object record) {
    for (KeyValue key : entriesOf(document, Missing.ofNullable(record))) {
      entries.remove(key);
    }
  }

  @Override
  public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
    entriesOf(newDocument, Missing.getInstance());
  }

  @Override
  public void updateInPlace(Document oldDocument, Document newDocument, Object position, MongoCollection<Object> collection) {
    Object stored = Missing.ofNullable(position);
    Set<KeyValue> before = entriesOf(oldDocument, stored);
    Set<KeyValue> after = entriesOf(newDocument, stored);
    if (before.equals(after)) {
      return;
    }
    noteArrays(newDocument);
    for (KeyValue key : before) {
      if (!after.contains(key)) {
        entries.remove(key);
      }
    }
    for (KeyValue key : after) {
      if (!before.contains(key)) {
        entries.put(key, stored);
      }
    }
  }

  /** Left out of mongo-java-server's own loop: the collection plans with this index itself, sort and limit included. */
  @Override
  public boolean canHandle(Document query) {
    return false;
  }

  /** The positions within the bounds the query gives this index, in index order, each once; empty without bounds. */
  @Override
  public Iterable<Object> getPositions(Document query) {
    QueryPlanner.Plan plan = servesAll(query) ? QueryPlanner.planFor(this, query, null) : null;
    return plan == null ? List.of() : () -> scan(plan.bounds(), false);
  }

  /**
   * The positions of the entries within {@code bounds}: for each field of the bounded prefix its intervals
   * in the index's order, the fields before the last holding points. Each position once, first seen first.
   */
  Iterator<Object> scan(List<List<QueryPlanner.Interval>> bounds, boolean reverse) {
    List<KeyValue[]> ranges = new ArrayList<>();
    collectRanges(bounds, 0, new ArrayList<>(), ranges);
    if (reverse) {
      Collections.reverse(ranges);
    }
    return new Iterator<>() {
      private final Set<Object> seen = new HashSet<>();
      private final Iterator<KeyValue[]> range = ranges.iterator();
      private Cursor<KeyValue, Object> cursor;
      private KeyValue[] current;
      private Object next;

      @Override
      public boolean hasNext() {
        while (next == null) {
          if (cursor != null && cursor.hasNext()) {
            KeyValue key = cursor.next();
            Object position = cursor.getValue();
            if (beyond(key)) {
              cursor = null;
            } else if (seen.add(position)) {
              next = position;
            }
          } else if (range.hasNext()) {
            current = range.next();
            cursor = reverse ? entries.cursor(current[1], current[0], true) : entries.cursor(current[0], current[1], false);
          } else {
            return false;
          }
        }
        return true;
      }

      private boolean beyond(KeyValue key) {
        return reverse ? keyType.compare(key, current[0]) < 0 : keyType.compare(key, current[1]) > 0;
      }

      @Override
      public Object next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Object position = next;
        next = null;
        return position;
      }
    };
  }

  // one [from, to] pair of lookup keys per combination of the prefix's points and the last field's intervals, in index order
  private void collectRanges(List<List<QueryPlanner.Interval>> bounds, int field, List<Object> points, List<KeyValue[]> out) {
    List<QueryPlanner.Interval> intervals = bounds.get(field);
    boolean last = field == bounds.size() - 1;
    for (QueryPlanner.Interval interval : intervals) {
      if (!last) {
        points.add(interval.start());
        collectRanges(bounds, field + 1, points, out);
        points.remove(points.size() - 1);
        continue;
      }
      out.add(new KeyValue[] {
          lookupKey(points, interval.start(), interval.startInclusive() ? KeyBound.BEFORE : KeyBound.AFTER),
          lookupKey(points, interval.end(), interval.endInclusive() ? KeyBound.AFTER : KeyBound.BEFORE)});
    }
  }

  // the points, then the value (itself a KeyBound for an open end), then the bound for everything after it
  private KeyValue lookupKey(List<Object> points, Object value, KeyBound rest) {
    List<Object> key = new ArrayList<>(points);
    key.add(value);
    while (key.size() <= keys().size()) {
      key.add(rest);
    }
    return new KeyValue(key);
  }

  @Override
  public long getCount() {
    return entries.sizeAsLong();
  }

  @Override
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  @Override
  public long getDataSize() {
    return getCount();
  }

  // the entries' map goes with H2Database.dropIndex, which removes it by name
  @Override
  public void drop() {
    store.removeMap(multikey);
  }
}
