package org.ordermesh.embedded;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.nio.file.Path;

/**
 * The format of the store's file, stamped in a map of its own. Files written before documents were
 * stored in BSON (by Java serialization) have maps but no stamp; reading them would fail on the first
 * document, or worse read garbage, so the store refuses them at start.
 */
final class StoreFormat {

  // no dot: H2Database drops the maps whose names start with "<database>."
  private static final String MAP = "ordermesh-format";
  private static final String KEY = "documents";
  // bson-1 kept documents by _id; bson-2 keeps them by record id, which bson-1's maps cannot hold beside its keys
  private static final String CURRENT = "bson-2";

  private StoreFormat() {
  }

  /** Stamps a new store, accepts one of this format, and closes any other without writing to it and fails. */
  static MVStore verified(MVStore store, Path file) {
    String found = store.hasMap(MAP) ? store.<String, String>openMap(MAP).get(KEY) : null;
    if (CURRENT.equals(found)) {
      return store;
    }
    if (found == null && store.getMapNames().isEmpty()) {
      MVMap<String, String> format = store.openMap(MAP);
      format.put(KEY, CURRENT);
      return store;
    }
    store.closeImmediately();
    throw new IllegalStateException(file.toAbsolutePath() + " holds an embedded store in "
        + (found == null ? "the format of earlier ordermesh versions (Java-serialized documents)" : "format " + found)
        + ", which this version (format " + CURRENT + ") cannot read. It is not converted: move the directory "
        + file.toAbsolutePath().getParent() + " away, or delete it, and start again (see docs/runbook.md, 'The embedded store's file')");
  }
}
