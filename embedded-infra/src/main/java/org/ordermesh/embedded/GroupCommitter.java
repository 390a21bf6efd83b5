package org.ordermesh.embedded;

/**
 * One thread that commits whenever writes are waiting, so every writer that arrives while a commit
 * is running shares the next one: a write pays for at most two commits, however many writers there are.
 * The same thread runs a short maintenance step after each commit, so it never runs concurrently with
 * a commit; writers arriving meanwhile wait for it too.
 */
final class GroupCommitter implements AutoCloseable {

  private final Runnable commit;
  private final Runnable afterCommit;
  private final Thread thread;

  private boolean writesWaiting;
  private long roundsStarted;
  private long roundsCompleted;
  private RuntimeException failure;
  private boolean closed;

  /** {@code afterCommit} runs on the committing thread once the writers of a commit are released. */
  GroupCommitter(String name, Runnable commit, Runnable afterCommit) {
    this.commit = commit;
    this.afterCommit = afterCommit;
    this.thread = new Thread(this::commitWhileWritesWait, name);
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Blocks until a commit that started after this call has completed. */
  synchronized void awaitCommit() {
    if (closed) {
      throw new IllegalStateException("the store is closing");
    }
    // a round already running may have missed the caller's write, so it waits for the next one
    long ticket = roundsStarted + 1;
    writesWaiting = true;
    notifyAll();
    while (roundsCompleted < ticket && failure == null) {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the commit", e);
      }
    }
    if (failure != null) {
      throw new IllegalStateException("the store failed to commit", failure);
    }
  }

  private void commitWhileWritesWait() {
    long round;
    while ((round = nextRound()) > 0) {
      try {
        commit.run();
        complete(round);
        afterCommit.run();
      } catch (RuntimeException e) {
        fail(e);
        return;
      }
    }
  }

  private synchronized long nextRound() {
    while (!writesWaiting && !closed) {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 0;
      }
    }
    if (!writesWaiting) {
      return 0;
    }
    writesWaiting = false;
    return ++roundsStarted;
  }

  private synchronized void complete(long round) {
    roundsCompleted = round;
    notifyAll();
  }

  private synchronized void fail(RuntimeException e) {
    failure = e;
    notifyAll();
  }

  /** Commits what is still waiting, then stops the thread. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
