package org.ordermesh.catalog;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last state this verticle read or wrote of some documents, with their version, so the next change can be one
 * update filtered by {@code {_id, version}} without reading first. Only a hint: a write at a stale version matches
 * nothing, and the writer then reads and decides again. Bounded (least recently written out first). Used on one
 * Vert.x context only.
 */
public final class LastKnown<V> {

  private final Map<String, V> entries;

  public LastKnown(int capacity) {
    this.entries = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > capacity;
      }
    };
  }

  public Optional<V> get(String id) {
    return Optional.ofNullable(entries.get(id));
  }

  public void put(String id, V value) {
    // re-inserted, so the order is that of the last write
    entries.remove(id);
    entries.put(id, value);
  }

  public void forget(String id) {
    entries.remove(id);
  }
}
