package io.letspulsar.operator.chart;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The chart's monitoring parts, rendered, and what they ask Prometheus for. */
public final class Monitoring {
  /**
   * A metric as the operator and the workload name theirs; no PromQL function or label starts so.
   */
  private static final Pattern METRIC =
      Pattern.compile("\\b(?:purchasestream|purchases|operator_sdk|jvm|process)_[a-z0-9_]+");

  private Monitoring() {}

  /** The chart with every monitoring part on. */
  public static List<HasMetadata> render() {
    return Chart.render(
        "monitoring",
        "metrics.serviceMonitor.enabled=true",
        "metrics.podMonitor.enabled=true",
        "metrics.prometheusRule.enabled=true",
        "metrics.dashboard.enabled=true");
  }

  /** The dashboard: the JSON of the ConfigMap's one file. */
  public static JsonNode dashboard(List<HasMetadata> chart) {
    ConfigMap map =
        chart.stream()
            .filter(ConfigMap.class::isInstance)
            .map(ConfigMap.class::cast)
            .findFirst()
            .orElseThrow();
    try {
      return Serialization.jsonMapper().readTree(map.getData().get("purchasestream.json"));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An object of this kind, as JSON. */
  public static JsonNode object(List<HasMetadata> chart, String kind) {
    return Serialization.jsonMapper()
        .valueToTree(
            chart.stream().filter(o -> o.getKind().equals(kind)).findFirst().orElseThrow());
  }

  /** The queries of the dashboard's panels and of the alerts. */
  public static List<String> queries(List<HasMetadata> chart) {
    List<String> queries = new ArrayList<>();
    dashboard(chart).findValues("expr").forEach(expr -> queries.add(expr.asText()));
    object(chart, "PrometheusRule").findValues("expr").forEach(expr -> queries.add(expr.asText()));
    return queries;
  }

  /** The metrics those queries name, as a scrape spells them. */
  public static Set<String> metrics(List<String> queries) {
    Set<String> metrics = new TreeSet<>();
    for (String query : queries) {
      Matcher matcher = METRIC.matcher(query);
      while (matcher.find()) {
        metrics.add(matcher.group());
      }
    }
    return metrics;
  }
}
