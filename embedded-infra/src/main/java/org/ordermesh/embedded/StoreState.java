package org.ordermesh.embedded;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * Whether the process that last had the file closed it. MVStore commits map by map, on the group
 * committer's and on its own timer, so a commit can hold a document without the index entries written
 * just after it (or an entry without its document's latest version); a kill -9 right then leaves them so.
 * A store that was not closed therefore has its indexes, the unique ones too (the {@code _id} index is what
 * maps an id to its document's record), rebuilt from the documents as it opens; one closed cleanly opens as it is.
 */
public final class StoreState {

  // no dot: H2Database drops the maps whose names start with "<database>."
  private static final String MAP = "ordermesh-state";
  private static final String RUNNING = "running";
  private static final String REBUILD = "rebuild-indexes";

  private StoreState() {
  }

  /** Before the databases open: notes whether they must rebuild their indexes, and that the file is in use. */
  static void opening(MVStore store) {
    MVMap<String, Boolean> state = store.openMap(MAP);
    state.put(REBUILD, Boolean.TRUE.equals(state.get(RUNNING)));
    state.put(RUNNING, Boolean.TRUE);
  }

  /** Once they are open, rebuilt where needed. */
  static void opened(MVStore store) {
    store.<String, Boolean>openMap(MAP).remove(REBUILD);
    store.commit();
  }

  /** The last change before the final commit: the next start opens the indexes as they are. */
  static void closing(MVStore store) {
    // a second close (a test stops the server, then cleans up) finds the store closed already
    if (!store.isClosed()) {
      store.<String, Boolean>openMap(MAP).put(RUNNING, Boolean.FALSE);
    }
  }

  /** Whether an index opening now must drop its entries and be rebuilt from the documents. */
  public static boolean rebuildsIndexes(MVStore store) {
    return store.hasMap(MAP) && Boolean.TRUE.equals(store.<String, Boolean>openMap(MAP).get(REBUILD));
  }
}
