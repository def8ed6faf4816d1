package io.letspulsar.operator.dependent;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.zjsonpatch.DiffFlags;
import io.fabric8.zjsonpatch.JsonDiff;
import java.util.List;

/**
 * Whether an object already holds its desired state: every field the operator sets has the value it
 * sets, in spec, data and the other top-level fields, and in labels and annotations. Fields the API
 * server or other controllers added (defaults, status, a revision annotation) are not differences;
 * an extra list element is, so an env variable or volume the desired state dropped gets removed.
 *
 * <p>JOSDK 5.2.3's non-SSA matcher diffs with zjsonpatch's defaults, which turn an added default
 * equal to a value elsewhere (a probe's {@code timeoutSeconds: 1} next to {@code failureThreshold:
 * 1}) into a "copy" it counts as a change: on a real API server that updated every Deployment on
 * every resync. This diff keeps plain "add" operations.
 */
final class DesiredState {
  private static final List<String> IGNORED = List.of("/apiVersion", "/kind", "/status");
  private static final List<String> COMPARED_METADATA =
      List.of("/metadata/labels", "/metadata/annotations");

  private DesiredState() {}

  static boolean isIn(JsonNode desired, JsonNode actual) {
    for (JsonNode operation :
        JsonDiff.asJson(desired, actual, DiffFlags.dontNormalizeOpIntoMoveAndCopy())) {
      String path = operation.get("path").asText();
      boolean counts =
          path.startsWith("/metadata") ? under(path, COMPARED_METADATA) : !under(path, IGNORED);
      boolean addedByServer = operation.get("op").asText().equals("add") && !addsListElement(path);
      if (counts && !addedByServer) {
        return false;
      }
    }
    return true;
  }

  private static boolean under(String path, List<String> prefixes) {
    return prefixes.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
  }

  private static boolean addsListElement(String path) {
    String last = path.substring(path.lastIndexOf('/') + 1);
    return last.equals("-") || last.chars().allMatch(Character::isDigit);
  }
}
