package org.ordermesh.order;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("the order service's sources")
class OrderUsesOnlyPeerApisTest {

  private static final Pattern PEER_IMPORT = Pattern.compile("^import (static )?org\\.ordermesh\\.(catalog|payment|auth)\\.(?!api\\.)",
    Pattern.MULTILINE);

  @Test
  @DisplayName("import nothing of catalog, payment or auth but their api packages")
  void importOnlyPeerApis() throws IOException {
    try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
      var offending = sources.filter(path -> path.toString().endsWith(".java"))
        .filter(path -> PEER_IMPORT.matcher(read(path)).find())
        .map(Path::toString)
        .toList();
      assertThat(offending).isEmpty();
    }
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
