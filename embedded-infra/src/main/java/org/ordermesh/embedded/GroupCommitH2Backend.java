package org.ordermesh.embedded;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

/**
 * The H2 file backend, acknowledging a write only once an MVStore commit has put it in the file:
 * out of the box it acknowledges before its 1 s background commit, and a kill -9 loses those writes.
 */
final class GroupCommitH2Backend extends H2Backend {

  // rewrites the live data into a fresh file: ~1 s for a 1 GB file holding 75k documents, which end at ~30 MB
  private static final int FULL_COMPACTION = -1;

  private final GroupCommitter committer;

  GroupCommitH2Backend(MVStore store) {
    super(store);
    this.committer = new GroupCommitter("mongo-group-commit", this::commit);
  }

  @Override
  public Document handleCommand(Channel channel, String database, String command, Document query) {
    if (!WriteCommands.modifies(command, query)) {
      return super.handleCommand(channel, database, command, query);
    }
    try {
      return super.handleCommand(channel, database, command, query);
    } finally {
      // also after a failed write: an ordered batch may have applied part of its documents
      committer.awaitCommit();
    }
  }

  @Override
  public void close() {
    committer.close();
    // under sustained writes most chunks stay partly live and the file grows; only a rewrite shrinks it.
    // The MVStore.close() that super.close() calls afterwards is a no-op.
    getMvStore().close(FULL_COMPACTION);
    super.close();
  }
}
