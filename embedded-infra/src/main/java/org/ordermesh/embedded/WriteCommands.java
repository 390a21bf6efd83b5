package org.ordermesh.embedded;

import de.bwaldvogel.mongo.bson.Document;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Tells the commands that only read from those that may modify the store. */
final class WriteCommands {

  // anything not listed here is treated as a write: an extra commit wait is cheaper than a lost write
  private static final Set<String> READ_ONLY = Set.of(
      "find", "getmore", "killcursors", "count", "distinct", "listcollections", "listindexes",
      "listdatabases", "dbstats", "collstats", "validate", "serverstatus", "ping", "ismaster", "hello",
      "buildinfo", "whatsmyuri", "getlasterror", "reseterror", "getlog", "getparameter", "hostinfo",
      "connectionstatus", "getcmdlineopts", "endsessions", "explain", "currentop");

  private WriteCommands() {
  }

  static boolean modifies(String command, Document query) {
    String name = command.toLowerCase(Locale.ROOT);
    if (name.equals("aggregate")) {
      return writesOutput(query.get("pipeline"));
    }
    return !READ_ONLY.contains(name);
  }

  private static boolean writesOutput(Object pipeline) {
    if (!(pipeline instanceof List<?> stages)) {
      return false;
    }
    return stages.stream()
        .filter(Document.class::isInstance)
        .map(Document.class::cast)
        .anyMatch(stage -> stage.containsKey("$out") || stage.containsKey("$merge"));
  }
}
