package io.letspulsar.contract;

import java.util.LinkedHashMap;
import java.util.Map;

/** How the producer groups purchases into broker entries ({@code producer.batching}). */
public enum Batching {
  /** One key per batch: what Key_Shared consumers need to keep each user on one consumer. */
  KEY_BASED("key-based"),
  /** Any keys in one batch: fewer, larger entries; right for Exclusive, Shared and Failover. */
  MIXED("mixed"),
  /** One entry per purchase. */
  OFF("off");

  private final String value;

  Batching(String value) {
    this.value = value;
  }

  /** The spelling in the properties file. */
  public String value() {
    return value;
  }

  /** Every mode by its spelling in the properties file. */
  public static Map<String, Batching> byValue() {
    Map<String, Batching> values = new LinkedHashMap<>();
    for (Batching batching : values()) {
      values.put(batching.value, batching);
    }
    return values;
  }
}
