package org.ordermesh.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository is, so defaults work from its root or from {@code bench/}. */
final class Files2 {

  private Files2() {
  }

  static Path repoRoot() {
    Path here = Path.of("").toAbsolutePath();
    for (Path dir = here; dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("cluster-config")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    return here;
  }
}
