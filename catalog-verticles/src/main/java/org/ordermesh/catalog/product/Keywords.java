package org.ordermesh.catalog.product;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Words a text query can match: lower-cased runs of letters and digits of the name and description. A query
 * matches whole words by equality, so its first word is an index bound (a facet) on MongoDB and the embedded
 * store alike, and no client text ever becomes a regular expression.
 */
public final class Keywords {

  static final int MAX_PER_PRODUCT = 32;
  static final int MAX_PER_QUERY = 5;
  static final int MAX_QUERY_LENGTH = 100;
  private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

  private Keywords() {
  }

  public static List<String> of(String... texts) {
    Set<String> words = new LinkedHashSet<>();
    for (String text : texts) {
      if (text == null) {
        continue;
      }
      for (String word : SEPARATORS.split(text.toLowerCase(Locale.ROOT))) {
        if (word.length() >= 2 && words.size() < MAX_PER_PRODUCT) {
          words.add(word);
        }
      }
    }
    return List.copyOf(words);
  }

  /** The words of a query {@code q}; IllegalArgumentException when there is none or too many. */
  public static List<String> query(String q) {
    if (q.length() > MAX_QUERY_LENGTH) {
      throw new IllegalArgumentException("must be at most " + MAX_QUERY_LENGTH + " characters");
    }
    List<String> words = of(q);
    if (words.isEmpty() || words.size() > MAX_PER_QUERY) {
      throw new IllegalArgumentException("must hold 1 to " + MAX_PER_QUERY + " words of at least 2 letters or digits");
    }
    return words;
  }
}
