package io.letspulsar.operator.model;

import java.util.List;

/**
 * Which Kubernetes namespaces may use which Pulsar namespaces through one Pulsar cluster: decided
 * by whoever declares the cluster (the Helm values or a PulsarConnection), not by whoever writes a
 * stream. Pure.
 *
 * @param rules any rule that matches both allows
 */
public record Tenancy(List<Rule> rules) {
  /** Everyone may use everything: the operator-wide default unless the Helm values narrow it. */
  public static final Tenancy OPEN = new Tenancy(List.of(new Rule(List.of("*"), List.of("*"))));

  /**
   * @param namespaces Kubernetes namespaces, or {@code *}
   * @param pulsarNamespaces {@code tenant/namespace}, {@code tenant/*} or {@code *}
   */
  public record Rule(List<String> namespaces, List<String> pulsarNamespaces) {
    boolean allows(String namespace, String tenant, String pulsarNamespace) {
      return (namespaces.contains("*") || namespaces.contains(namespace))
          && pulsarNamespaces.stream()
              .anyMatch(
                  allowed ->
                      allowed.equals("*")
                          || allowed.equals(tenant + "/*")
                          || allowed.equals(tenant + "/" + pulsarNamespace));
    }
  }

  /**
   * The tenants ({@code tenant/*}) and namespaces the rules name, without the wildcard {@code *}.
   */
  public java.util.Set<String> named() {
    return rules.stream()
        .flatMap(rule -> rule.pulsarNamespaces().stream())
        .filter(name -> !name.equals("*"))
        .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
  }

  public boolean allows(String namespace, String tenant, String pulsarNamespace) {
    return rules.stream().anyMatch(rule -> rule.allows(namespace, tenant, pulsarNamespace));
  }

  /**
   * Parses the operator's setting: rules separated by {@code ;}, each {@code
   * namespaces=pulsarNamespaces} with comma-separated lists, e.g. {@code
   * team-a,team-b=retail/*;*=public/default}.
   *
   * @throws IllegalArgumentException naming the rule that does not parse
   */
  public static Tenancy parse(String text) {
    List<Rule> rules =
        java.util.Arrays.stream(text.split(";"))
            .map(String::strip)
            .filter(rule -> !rule.isEmpty())
            .map(Tenancy::rule)
            .toList();
    if (rules.isEmpty()) {
      throw new IllegalArgumentException("no rule in '" + text + "'");
    }
    return new Tenancy(rules);
  }

  private static Rule rule(String text) {
    String[] sides = text.split("=", -1);
    List<String> namespaces = sides.length == 2 ? list(sides[0]) : List.of();
    List<String> pulsar = sides.length == 2 ? list(sides[1]) : List.of();
    if (namespaces.isEmpty()
        || pulsar.isEmpty()
        || !pulsar.stream()
            .allMatch(p -> p.equals("*") || p.matches("[-=:.\\w]+/(\\*|[-=:.\\w]+)"))) {
      throw new IllegalArgumentException(
          "rule '"
              + text
              + "': use namespaces=pulsarNamespaces, e.g. team-a,team-b=retail/*,public/default");
    }
    return new Rule(namespaces, pulsar);
  }

  private static List<String> list(String text) {
    return java.util.Arrays.stream(text.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }
}
