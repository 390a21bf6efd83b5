package org.ordermesh.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** deploy/Dockerfile as its instructions, continuation lines joined and comments dropped. */
record Dockerfile(List<Instruction> instructions) {

  record Instruction(String keyword, String arguments) {}

  static Dockerfile read(Path file) {
    try {
      var instructions = new ArrayList<Instruction>();
      var current = new StringBuilder();
      for (String line : Files.readAllLines(file)) {
        var text = line.strip();
        if (text.startsWith("#") || (text.isEmpty() && current.isEmpty())) {
          continue;
        }
        current.append(text.endsWith("\\") ? text.substring(0, text.length() - 1) + " " : text);
        if (!text.endsWith("\\")) {
          var parts = current.toString().strip().split("\\s+", 2);
          instructions.add(new Instruction(parts[0].toUpperCase(), parts.length > 1 ? parts[1] : ""));
          current.setLength(0);
        }
      }
      return new Dockerfile(List.copyOf(instructions));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<String> all(String keyword) {
    return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
  }

  String last(String keyword) {
    var found = all(keyword);
    if (found.isEmpty()) {
      throw new AssertionError("the Dockerfile has no " + keyword);
    }
    return found.get(found.size() - 1);
  }

  /** The instructions of the final stage: what the image runs with. */
  Dockerfile runtimeStage() {
    var lastFrom = 0;
    for (int i = 0; i < instructions.size(); i++) {
      if (instructions.get(i).keyword().equals("FROM")) {
        lastFrom = i;
      }
    }
    return new Dockerfile(instructions.subList(lastFrom, instructions.size()));
  }

  int indexOf(String keyword, String argumentsPrefix) {
    for (int i = 0; i < instructions.size(); i++) {
      var instruction = instructions.get(i);
      if (instruction.keyword().equals(keyword) && instruction.arguments().startsWith(argumentsPrefix)) {
        return i;
      }
    }
    throw new AssertionError("the Dockerfile has no " + keyword + " " + argumentsPrefix);
  }
}
