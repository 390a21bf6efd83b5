package org.ordermesh.catalog.product;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;
import org.ordermesh.platform.http.page.Cursor;
import org.ordermesh.platform.http.page.CursorQuery;
import org.ordermesh.platform.http.page.PageRequest;
import org.ordermesh.platform.mongo.MongoDates;

/**
 * The browse lists (every product, or one category; any price band; each sort) over the cache's entries, in
 * the store's order: by the sort field, then {@code _id}, as the {@code products_by_*} indexes keep them. A page
 * is a walk from its cursor, so it costs the page, not the list. Its cursors are the store path's (same field,
 * value type and id), so a browse may move between a node's memory and the store from one page to the next.
 * A text query is the store's: its words would need a list per word.
 */
public final class ProductLists {

  /** One list's order: the sort field's value, then the product id. */
  private record Position(Comparable<Object> value, String id) implements Comparable<Position> {

    @Override
    public int compareTo(Position other) {
      int byValue = value.compareTo(other.value);
      return byValue != 0 ? byValue : id.compareTo(other.id);
    }
  }

  /** A page's entries in order and, when there is a next page, where this one ended. */
  public record Listed(List<ProductCache.Entry> items, Cursor next) {
  }

  /** One sort key's lists, by facet, and where a product stands in them. */
  private record Order(Map<String, NavigableMap<Position, ProductCache.Entry>> byFacet,
                       Function<Product, Position> position) {

    Order(Function<Product, Position> position) {
      this(new ConcurrentHashMap<>(), position);
    }
  }

  private final Order byPrice = new Order(product -> new Position(comparable(product.priceMinor()), product.id()));
  private final Order byName = new Order(product -> new Position(comparable(product.nameKey()), product.id()));
  private final Order byCreated = new Order(product -> new Position(comparable(product.createdAt()), product.id()));
  private final List<Order> orders = List.of(byPrice, byName, byCreated);

  /** Moves a product from where {@code before} listed it (null: nowhere) to where {@code after} lists it. */
  void replace(ProductCache.Entry before, ProductCache.Entry after) {
    remove(before);
    for (String facet : facets(after.product())) {
      for (Order order : orders) {
        order.byFacet().computeIfAbsent(facet, f -> new ConcurrentSkipListMap<>()).put(order.position().apply(after.product()), after);
      }
    }
  }

  void remove(ProductCache.Entry entry) {
    if (entry == null) {
      return;
    }
    for (String facet : facets(entry.product())) {
      for (Order order : orders) {
        var list = order.byFacet().get(facet);
        if (list != null) {
          list.remove(order.position().apply(entry.product()), entry);
        }
      }
    }
  }

  void clear() {
    orders.forEach(order -> order.byFacet().clear());
  }

  /**
   * The page after {@code page}'s cursor. {@code current} names each product's entry now: one a concurrent
   * change has replaced is passed over, so a product shows at most once, as it is.
   */
  Listed page(ProductQuery query, PageRequest page, Function<String, ProductCache.Entry> current) {
    ProductSort sort = query.sort();
    NavigableMap<Position, ProductCache.Entry> list = order(sort).byFacet().get(Facets.lookup(query.category(), null));
    if (list == null) {
      return new Listed(List.of(), null);
    }
    long min = query.minPriceMinor() == null ? Long.MIN_VALUE : query.minPriceMinor();
    long max = query.maxPriceMinor() == null ? Long.MAX_VALUE : query.maxPriceMinor();
    boolean byPriceOrder = sort.field().equals(ProductSort.PRICE.field());
    NavigableMap<Position, ProductCache.Entry> walk = walk(list, sort, page.cursor(), byPriceOrder, min, max);
    List<ProductCache.Entry> items = new ArrayList<>(page.fetchSize());
    for (ProductCache.Entry entry : walk.values()) {
      long price = entry.product().priceMinor();
      if (price < min || price > max) {
        if (byPriceOrder && (sort.ascending() ? price > max : price < min)) {
          break;
        }
        continue;
      }
      if (current.apply(entry.product().id()) != entry) {
        continue;
      }
      items.add(entry);
      if (items.size() == page.fetchSize()) {
        break;
      }
    }
    if (items.size() <= page.limit()) {
      return new Listed(items, null);
    }
    List<ProductCache.Entry> shown = items.subList(0, page.limit());
    Product last = shown.get(shown.size() - 1).product();
    return new Listed(shown, new Cursor(sort.field(), cursorValueOf(sort, last), last.id()));
  }

  // from just after the cursor; on a first page by price, from the band's first price (nothing before it is shown)
  private static NavigableMap<Position, ProductCache.Entry> walk(NavigableMap<Position, ProductCache.Entry> list,
      ProductSort sort, Cursor cursor, boolean byPriceOrder, long min, long max) {
    if (cursor != null) {
      CursorQuery.requireSort(sort.field(), cursor);
      Position after = new Position(cursorValue(sort, cursor.sortValue()), cursorId(cursor.lastId()));
      return sort.ascending() ? list.tailMap(after, false) : list.headMap(after, false).descendingMap();
    }
    if (byPriceOrder) {
      return sort.ascending() ? list.tailMap(new Position(comparable(min), ""), true)
          : list.headMap(new Position(comparable(max == Long.MAX_VALUE ? max : max + 1), ""), false).descendingMap();
    }
    return sort.ascending() ? list : list.descendingMap();
  }

  private Order order(ProductSort sort) {
    return switch (sort) {
      case PRICE, PRICE_DESC -> byPrice;
      case NAME -> byName;
      case NEWEST -> byCreated;
    };
  }

  // the lists a product is browsed in; a withdrawn one is in none, as it has no facets
  private static List<String> facets(Product product) {
    return product.deleted() ? List.of() : List.of(Facets.ALL, Facets.lookup(product.category(), null));
  }

  // the value a store page's cursor carries for the same product: the raw document's field
  private static Object cursorValueOf(ProductSort sort, Product product) {
    return switch (sort) {
      case PRICE, PRICE_DESC -> product.priceMinor();
      case NAME -> product.nameKey();
      case NEWEST -> MongoDates.of(product.createdAt());
    };
  }

  private static Comparable<Object> cursorValue(ProductSort sort, Object value) {
    try {
      return switch (sort) {
        case PRICE, PRICE_DESC -> comparable(((Number) value).longValue());
        case NAME -> comparable((String) value);
        case NEWEST -> comparable(MongoDates.toInstant(value));
      };
    } catch (ClassCastException | NullPointerException | java.time.format.DateTimeParseException e) {
      throw CursorQuery.invalid();
    }
  }

  private static String cursorId(Object id) {
    if (id instanceof String text) {
      return text;
    }
    throw CursorQuery.invalid();
  }

  @SuppressWarnings("unchecked")
  private static Comparable<Object> comparable(Object value) {
    if (value instanceof Long || value instanceof String || value instanceof Instant) {
      return (Comparable<Object>) value;
    }
    throw new IllegalArgumentException("not a list key: " + value);
  }
}
