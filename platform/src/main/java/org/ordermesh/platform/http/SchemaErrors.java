package org.ordermesh.platform.http;

import io.vertx.json.schema.OutputUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A failed vertx-json-schema validation (basic output) as field errors, one per failing value at its dotted path
 * ({@code items.0.quantity}).
 */
final class SchemaErrors {

  private static final Pattern REQUIRED_PROPERTY = Pattern.compile("required property \"(.*)\"$");

  private SchemaErrors() {
  }

  static List<FieldError> fieldErrors(OutputUnit result) {
    Set<FieldError> errors = fieldErrors(result.getErrors());
    return errors.isEmpty() ? List.of(new FieldError("body", "does not match the schema")) : List.copyOf(errors);
  }

  private static Set<FieldError> fieldErrors(List<OutputUnit> units) {
    if (units == null) {
      return Set.of();
    }
    List<OutputUnit> leaves = units.stream().filter(unit -> isLeaf(unit, units)).toList();
    Set<FieldError> errors = new LinkedHashSet<>();
    for (OutputUnit unit : leaves) {
      if (!isSpuriousAdditional(unit, leaves)) {
        errors.add(toFieldError(unit));
      }
    }
    return errors;
  }

  // Basic output lists summaries ("Property x does not match schema") beside the failures they summarise
  private static boolean isLeaf(OutputUnit unit, List<OutputUnit> all) {
    String prefix = unit.getKeywordLocation() + "/";
    return all.stream().noneMatch(other -> other.getKeywordLocation().startsWith(prefix));
  }

  // vertx-json-schema also flags a declared property as "additional" when its value fails, at or below it
  private static boolean isSpuriousAdditional(OutputUnit unit, List<OutputUnit> leaves) {
    String location = unit.getInstanceLocation();
    return isAdditionalProperty(unit)
        && leaves.stream().anyMatch(other -> !isAdditionalProperty(other)
            && (other.getInstanceLocation().equals(location) || other.getInstanceLocation().startsWith(location + "/")));
  }

  private static boolean isAdditionalProperty(OutputUnit unit) {
    return unit.getKeywordLocation().endsWith("/additionalProperties")
        || unit.getKeywordLocation().endsWith("/unevaluatedProperties");
  }

  private static FieldError toFieldError(OutputUnit unit) {
    String field = dottedPath(unit.getInstanceLocation());
    if (unit.getKeywordLocation().endsWith("/required")) {
      Matcher missing = REQUIRED_PROPERTY.matcher(unit.getError());
      if (missing.find()) {
        return new FieldError(join(field, missing.group(1)), "is required");
      }
    }
    if (isAdditionalProperty(unit)) {
      return new FieldError(field, "is not allowed");
    }
    return new FieldError(field.isEmpty() ? "body" : field, unit.getError());
  }

  // "#/items/0/a~1b" -> "items.0.a/b"
  private static String dottedPath(String instanceLocation) {
    String pointer = instanceLocation.startsWith("#") ? instanceLocation.substring(1) : instanceLocation;
    if (pointer.isEmpty()) {
      return "";
    }
    StringBuilder dotted = new StringBuilder();
    for (String token : pointer.substring(1).split("/", -1)) {
      dotted.append(dotted.length() == 0 ? "" : ".").append(token.replace("~1", "/").replace("~0", "~"));
    }
    return dotted.toString();
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
