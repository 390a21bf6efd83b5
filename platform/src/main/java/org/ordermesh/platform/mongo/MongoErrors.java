package org.ordermesh.platform.mongo;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoSocketException;

/** The one place that reads driver errors. */
public final class MongoErrors {

  private static final int DUPLICATE_KEY = 11000;

  private MongoErrors() {
  }

  /** A duplicate key; for a bulk write, every one of its errors is one. */
  public static boolean isDuplicateKey(Throwable error) {
    if (error instanceof MongoBulkWriteException bulk) {
      return bulk.getWriteConcernError() == null && !bulk.getWriteErrors().isEmpty()
        && bulk.getWriteErrors().stream().allMatch(write -> write.getCode() == DUPLICATE_KEY);
    }
    if (error instanceof MongoCommandException command) {
      return command.getErrorCode() == DUPLICATE_KEY;
    }
    return error instanceof MongoException mongo && mongo.getCode() == DUPLICATE_KEY;
  }

  /**
   * The server could not be reached or did not answer in time (as opposed to having refused the
   * operation): a timeout, a broken socket, or a connection pool the driver cleared after one of those.
   */
  public static boolean isUnavailable(Throwable error) {
    return error instanceof MongoTimeoutException || error instanceof MongoSocketException
      || error instanceof MongoConnectionPoolClearedException || error instanceof MongoExecutionTimeoutException;
  }
}
