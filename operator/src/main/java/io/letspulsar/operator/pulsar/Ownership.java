package io.letspulsar.operator.pulsar;

import io.letspulsar.operator.model.StreamModel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which PurchaseStream owns a topic, written in the topic's properties by the stream that made or
 * adopted it, so no other stream changes, adopts or deletes it. Pure.
 *
 * @param uid tells a stream apart from a later one of the same name
 */
public record Ownership(String namespace, String name, String uid) {
  static final String OWNER = "purchasestream.owner";
  static final String OWNER_UID = "purchasestream.owner-uid";

  /** The role the owner granted produce and consume on the topic, to take back later. */
  static final String GRANTED_ROLE = "purchasestream.granted-role";

  /** Every property the operator writes on a topic. */
  static final Set<String> KEYS = Set.of(OWNER, OWNER_UID, GRANTED_ROLE);

  public static Ownership of(StreamModel stream) {
    return new Ownership(stream.namespace(), stream.name(), stream.uid());
  }

  static Optional<Ownership> in(Map<String, String> properties) {
    String owner = properties.get(OWNER);
    String uid = properties.get(OWNER_UID);
    if (owner == null || uid == null || !owner.contains("/")) {
      return Optional.empty();
    }
    return Optional.of(
        new Ownership(
            owner.substring(0, owner.indexOf('/')), owner.substring(owner.indexOf('/') + 1), uid));
  }

  /** The properties that say so, with the role granted on the topic if any. */
  Map<String, String> properties(Optional<String> grantedRole) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put(OWNER, namespace + "/" + name);
    properties.put(OWNER_UID, uid);
    grantedRole.ifPresent(role -> properties.put(GRANTED_ROLE, role));
    return properties;
  }

  boolean isSameStream(Ownership other) {
    return uid.equals(other.uid);
  }

  @Override
  public String toString() {
    return "PurchaseStream " + namespace + "/" + name;
  }
}
