package io.letspulsar.operator.model;

import java.time.Duration;

/**
 * Operator-wide defaults, from the environment the Helm chart sets.
 *
 * @param serviceUrl Pulsar service URL when a PurchaseStream names none
 * @param adminUrl Pulsar admin URL when a PurchaseStream names none
 * @param workloadImage image of the producer and consumer containers unless a CR overrides it
 * @param statsPeriod how often topic stats are refreshed into the status
 */
public record OperatorConfig(
    String serviceUrl, String adminUrl, String workloadImage, Duration statsPeriod) {}
