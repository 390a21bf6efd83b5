package org.ordermesh.catalog.product;

import java.util.ArrayList;
import java.util.List;

/**
 * The list filters a product answers to, as one multikey field: {@code all}, {@code c:<category>},
 * {@code k:<word>} and {@code ck:<category>:<word>}. Every combination of category and text query then is one
 * equality on {@code facets}, followed by the sort key and the price range, so three indexes (one per sort)
 * serve every list query in equality-sort-range order. A product withdrawn from sale has no facets.
 */
public final class Facets {

  static final String ALL = "all";

  private Facets() {
  }

  public static List<String> of(String category, List<String> keywords) {
    List<String> facets = new ArrayList<>(2 + 2 * keywords.size());
    facets.add(ALL);
    facets.add("c:" + category);
    for (String word : keywords) {
      facets.add("k:" + word);
      facets.add("ck:" + category + ":" + word);
    }
    return facets;
  }

  /** The one facet a list query is looked up by: the most selective its filters allow. */
  public static String lookup(String category, String firstWord) {
    if (category != null && firstWord != null) {
      return "ck:" + category + ":" + firstWord;
    }
    if (category != null) {
      return "c:" + category;
    }
    return firstWord != null ? "k:" + firstWord : ALL;
  }
}
