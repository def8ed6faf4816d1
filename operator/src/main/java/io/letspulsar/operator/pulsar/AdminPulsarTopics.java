package io.letspulsar.operator.pulsar;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.letspulsar.operator.model.PulsarCluster;
import io.letspulsar.operator.model.TopicPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminBuilder;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.apache.pulsar.client.api.Authentication;
import org.apache.pulsar.client.api.AuthenticationFactory;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.impl.auth.oauth2.AuthenticationFactoryOAuth2;
import org.apache.pulsar.common.policies.data.AuthAction;
import org.apache.pulsar.common.policies.data.ConsumerStats;
import org.apache.pulsar.common.policies.data.InactiveTopicDeleteMode;
import org.apache.pulsar.common.policies.data.InactiveTopicPolicies;
import org.apache.pulsar.common.policies.data.PublisherStats;
import org.apache.pulsar.common.policies.data.RetentionPolicies;
import org.apache.pulsar.common.policies.data.TopicStats;

/**
 * {@link PulsarTopics} over Pulsar's admin REST API, authenticated as a {@link PulsarCluster} says:
 * none, a token file (read again on every request, so a rotated token is used at once), OAuth2
 * client credentials or a client certificate; TLS trust and hostname verification as configured.
 */
public final class AdminPulsarTopics implements PulsarTopics {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PulsarAdmin admin;

  /** An admin client for one broker of the cluster, by the broker's host:port. */
  private final BrokerAdmin brokerAdmin;

  @FunctionalInterface
  private interface BrokerAdmin {
    PulsarAdmin apply(String broker) throws PulsarClientException;
  }

  private AdminPulsarTopics(PulsarAdmin admin, BrokerAdmin brokerAdmin) {
    this.admin = admin;
    this.brokerAdmin = brokerAdmin;
  }

  public static AdminPulsarTopics connect(PulsarCluster cluster) throws PulsarException {
    try {
      return new AdminPulsarTopics(
          builder(cluster, cluster.adminUrl()).build(),
          broker ->
              builder(cluster, URI.create(cluster.adminUrl()).getScheme() + "://" + broker)
                  .build());
    } catch (PulsarClientException e) {
      // OAuth2 fetches a token while building: wrong client credentials fail here.
      throw new PulsarException(
          e instanceof PulsarClientException.AuthenticationException
              ? PulsarException.Reason.UNAUTHENTICATED
              : PulsarException.Reason.REFUSED,
          "cannot set up a Pulsar admin client for connection "
              + cluster.name()
              + " ("
              + cluster.adminUrl()
              + "): "
              + e.getMessage(),
          e);
    }
  }

  private static PulsarAdminBuilder builder(PulsarCluster cluster, String url)
      throws PulsarClientException {
    PulsarAdminBuilder builder =
        PulsarAdmin.builder()
            .serviceHttpUrl(url)
            .connectionTimeout(5, TimeUnit.SECONDS)
            .readTimeout(10, TimeUnit.SECONDS)
            .requestTimeout(15, TimeUnit.SECONDS)
            .allowTlsInsecureConnection(false)
            .enableTlsHostnameVerification(cluster.verifyHostname());
    cluster.trustCerts().ifPresent(ca -> builder.tlsTrustCertsFilePath(ca.toString()));
    if (!(cluster.credentials() instanceof PulsarCluster.None)) {
      builder.authentication(authentication(cluster.credentials()));
    }
    return builder;
  }

  private static Authentication authentication(PulsarCluster.Credentials credentials)
      throws PulsarClientException {
    if (credentials instanceof PulsarCluster.Token token) {
      return AuthenticationFactory.token(() -> read(token.file()));
    }
    if (credentials instanceof PulsarCluster.Tls tls) {
      return AuthenticationFactory.TLS(tls.certFile().toString(), tls.keyFile().toString());
    }
    PulsarCluster.OAuth2 oauth2 = (PulsarCluster.OAuth2) credentials;
    try {
      return AuthenticationFactoryOAuth2.clientCredentials(
          URI.create(oauth2.issuerUrl()).toURL(),
          oauth2.keyFile().toUri().toURL(),
          oauth2.audience(),
          oauth2.scope());
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new PulsarClientException.AuthenticationException(
          "OAuth2 issuer URL " + oauth2.issuerUrl() + " is not a URL");
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Pulsar token file " + file, e);
    }
  }

  /**
   * The topic's partitions first (one call, and the only one for a topic not yet made), then its
   * policies, properties and permissions read at once: the wait of one round trip, not of five.
   */
  @Override
  public Optional<TopicState> describe(String topic) throws PulsarException {
    try {
      Optional<Integer> partitions = partitions(topic);
      if (partitions.isEmpty()) {
        return Optional.empty();
      }
      CompletableFuture<RetentionPolicies> retention =
          admin.topicPolicies().getRetentionAsync(topic);
      CompletableFuture<InactiveTopicPolicies> inactive =
          admin.topicPolicies().getInactiveTopicPoliciesAsync(topic);
      CompletableFuture<Map<String, String>> properties = admin.topics().getPropertiesAsync(topic);
      CompletableFuture<Map<String, Set<AuthAction>>> permissions =
          admin.topics().getPermissionsAsync(topic);
      Integer messageTtl = admin.topicPolicies().getMessageTTL(topic); // no asynchronous form
      return Optional.of(
          new TopicState(
              partitions.get(),
              Optional.ofNullable(await(retention))
                  .map(
                      r ->
                          new TopicPlan.Retention(
                              r.getRetentionTimeInMinutes(), r.getRetentionSizeInMB())),
              Optional.ofNullable(messageTtl),
              Optional.ofNullable(await(inactive))
                  .map(policy -> !policy.isDeleteWhileInactive())
                  .orElse(false),
              Optional.ofNullable(await(properties)).orElse(Map.of()),
              await(permissions).entrySet().stream()
                  .collect(
                      Collectors.toMap(
                          Map.Entry::getKey,
                          grant ->
                              grant.getValue().stream()
                                  .map(AuthAction::name)
                                  .collect(Collectors.toSet())))));
    } catch (PulsarAdminException e) {
      throw failure("read topic " + topic, e);
    }
  }

  /** A read started with others, its failure as the admin client's blocking calls throw it. */
  private static <T> T await(CompletableFuture<T> read) throws PulsarAdminException {
    try {
      return read.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PulsarAdminException(e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof PulsarAdminException failed
          ? failed
          : new PulsarAdminException(e.getCause());
    }
  }

  /**
   * One call whatever the namespace holds: 0 for a non-partitioned topic, empty for none (listing
   * the namespace would cost O(topics) per reconcile).
   */
  private Optional<Integer> partitions(String topic) throws PulsarAdminException {
    try {
      return Optional.of(admin.topics().getPartitionedTopicMetadata(topic).partitions);
    } catch (PulsarAdminException.NotFoundException missing) {
      return Optional.empty();
    }
  }

  @Override
  public void create(String topic, int partitions, Map<String, String> properties)
      throws PulsarException {
    try {
      if (partitions > 0) {
        admin.topics().createPartitionedTopic(topic, partitions, properties);
      } else {
        admin.topics().createNonPartitionedTopic(topic, properties);
      }
    } catch (PulsarAdminException.ConflictException alreadyExists) {
      // Made meanwhile (by an earlier attempt of ours, or someone): the next look says by whom.
    } catch (PulsarAdminException e) {
      throw failure("create topic " + topic, e);
    }
  }

  @Override
  public void growPartitions(String topic, int partitions) throws PulsarException {
    try {
      admin.topics().updatePartitionedTopic(topic, partitions);
    } catch (PulsarAdminException e) {
      throw failure("grow topic " + topic + " to " + partitions + " partitions", e);
    }
  }

  @Override
  public void createSubscription(String topic, String subscription) throws PulsarException {
    try {
      admin.topics().createSubscription(topic, subscription, MessageId.earliest);
    } catch (PulsarAdminException.ConflictException alreadyExists) {
      // Made by an earlier attempt, or by a consumer.
    } catch (PulsarAdminException e) {
      throw failure("create subscription " + subscription + " on topic " + topic, e);
    }
  }

  @Override
  public void applyPolicies(TopicPlan plan, TopicState current) throws PulsarException {
    try {
      if (!current.retentionAsPlanned(plan)) {
        setRetention(plan);
      }
      // Pulsar deletes a topic without producers or subscriptions after a minute by default;
      // the topic belongs to the PurchaseStream, and goes only with it (deletionPolicy Delete).
      if (!current.keptWhenInactive()) {
        admin
            .topicPolicies()
            .setInactiveTopicPolicies(
                plan.topic(),
                new InactiveTopicPolicies(
                    InactiveTopicDeleteMode.delete_when_no_subscriptions, 0, false));
      }
      if (!current.ttlAsPlanned(plan)) {
        setMessageTtl(plan);
      }
    } catch (PulsarAdminException e) {
      throw failure("set the topic policies of " + plan.topic(), e);
    }
  }

  private void setRetention(TopicPlan plan) throws PulsarAdminException {
    if (plan.retention().isPresent()) {
      TopicPlan.Retention retention = plan.retention().get();
      admin
          .topicPolicies()
          .setRetention(
              plan.topic(), new RetentionPolicies(retention.minutes(), retention.megabytes()));
    } else {
      admin.topicPolicies().removeRetention(plan.topic());
    }
  }

  private void setMessageTtl(TopicPlan plan) throws PulsarAdminException {
    if (plan.messageTtlSeconds().isPresent()) {
      admin.topicPolicies().setMessageTTL(plan.topic(), plan.messageTtlSeconds().get());
    } else {
      admin.topicPolicies().removeMessageTTL(plan.topic());
    }
  }

  @Override
  public void setProperties(String topic, Map<String, String> properties) throws PulsarException {
    try {
      admin.topics().updateProperties(topic, properties);
    } catch (PulsarAdminException e) {
      throw failure("set the properties of topic " + topic, e);
    }
  }

  @Override
  public void removeProperties(String topic, Set<String> keys) throws PulsarException {
    try {
      for (String key : keys) {
        admin.topics().removeProperties(topic, key);
      }
    } catch (PulsarAdminException e) {
      throw failure("remove the properties of topic " + topic, e);
    }
  }

  @Override
  public void grant(String topic, String role) throws PulsarException {
    try {
      admin
          .topics()
          .grantPermission(
              topic,
              role,
              PRODUCE_AND_CONSUME.stream()
                  .map(AuthAction::valueOf)
                  .collect(Collectors.toCollection(() -> EnumSet.noneOf(AuthAction.class))));
    } catch (PulsarAdminException e) {
      throw failure("grant role " + role + " produce and consume on topic " + topic, e);
    }
  }

  @Override
  public void revoke(String topic, String role) throws PulsarException {
    try {
      admin.topics().revokePermissions(topic, role);
    } catch (PulsarAdminException.NotFoundException
        | PulsarAdminException.PreconditionFailedException notGranted) {
      // Nothing to take back.
    } catch (PulsarAdminException e) {
      throw failure("revoke role " + role + " on topic " + topic, e);
    }
  }

  @Override
  public void delete(String topic) throws PulsarException {
    try {
      Optional<Integer> partitions = partitions(topic);
      if (partitions.isPresent() && partitions.get() > 0) {
        admin.topics().deletePartitionedTopic(topic, false);
      } else if (partitions.isPresent()) {
        admin.topics().delete(topic, false);
      }
    } catch (PulsarAdminException.NotFoundException alreadyGone) {
      // Deleted before us: the outcome we wanted.
    } catch (PulsarAdminException e) {
      throw failure("delete topic " + topic, e);
    }
  }

  @Override
  public Map<String, RawStats> topicStats() throws PulsarException {
    Map<String, RawStats> topics = new HashMap<>();
    try {
      List<String> brokers = admin.brokers().getActiveBrokers();
      if (brokers.size() <= 1) {
        readTopicStats(admin, topics);
      } else {
        for (String broker : brokers) {
          try (PulsarAdmin one = brokerAdmin.apply(broker)) {
            readTopicStats(one, topics);
          }
        }
      }
    } catch (PulsarAdminException e) {
      throw failure("read the stats of the cluster's topics", e);
    } catch (PulsarClientException | JsonProcessingException e) {
      throw new PulsarException(
          PulsarException.Reason.REFUSED,
          "could not read the stats of the cluster's topics: " + e.getMessage(),
          e);
    }
    return topics;
  }

  /**
   * One broker's topics, as its broker-stats report nests them: namespace, bundle, {@code
   * persistent} or {@code non-persistent}, topic.
   */
  private static void readTopicStats(PulsarAdmin broker, Map<String, RawStats> into)
      throws PulsarAdminException, JsonProcessingException {
    JsonNode namespaces = JSON.readTree(broker.brokerStats().getTopics());
    for (JsonNode bundles : namespaces) {
      for (JsonNode domains : bundles) {
        for (JsonNode topics : domains) {
          topics
              .fields()
              .forEachRemaining(topic -> into.put(topic.getKey(), raw(topic.getValue())));
        }
      }
    }
  }

  private static RawStats raw(JsonNode topic) {
    Map<String, RawStats.Subscription> subscriptions = new HashMap<>();
    topic
        .path("subscriptions")
        .fields()
        .forEachRemaining(
            sub ->
                subscriptions.put(
                    sub.getKey(),
                    new RawStats.Subscription(
                        sub.getValue().path("msgBacklog").asLong(),
                        names(sub.getValue().path("consumers"), "consumerName"))));
    return new RawStats(
        topic.path("msgRateIn").asDouble(),
        topic.path("msgRateOut").asDouble(),
        names(topic.path("publishers"), "producerName"),
        subscriptions);
  }

  private static Set<String> names(JsonNode clients, String field) {
    Set<String> names = new HashSet<>();
    clients.forEach(client -> names.add(client.path(field).asText()));
    return names;
  }

  @Override
  public Map<String, RawStats> stats(String topic, int partitions) throws PulsarException {
    try {
      if (partitions == 0) {
        return Map.of(topic, raw(admin.topics().getStats(topic)));
      }
      Map<String, RawStats> byPartition = new HashMap<>();
      admin
          .topics()
          .getPartitionedStats(topic, true)
          .getPartitions()
          .forEach((partition, stats) -> byPartition.put(partition, raw(stats)));
      return byPartition;
    } catch (PulsarAdminException.NotFoundException notLoaded) {
      // The broker has not loaded a topic nobody uses yet: no traffic to report.
      return Map.of();
    } catch (PulsarAdminException e) {
      throw failure("read the stats of " + topic, e);
    }
  }

  private static RawStats raw(TopicStats topic) {
    Map<String, RawStats.Subscription> subscriptions = new HashMap<>();
    topic
        .getSubscriptions()
        .forEach(
            (name, sub) ->
                subscriptions.put(
                    name,
                    new RawStats.Subscription(
                        sub.getMsgBacklog(),
                        sub.getConsumers().stream()
                            .map(ConsumerStats::getConsumerName)
                            .collect(Collectors.toSet()))));
    return new RawStats(
        topic.getMsgRateIn(),
        topic.getMsgRateOut(),
        topic.getPublishers().stream()
            .map(PublisherStats::getProducerName)
            .collect(Collectors.toSet()),
        subscriptions);
  }

  @Override
  public String check(Collection<String> administered) throws PulsarException {
    try {
      // Any accepted credentials may list the clusters: a check of authentication alone.
      admin.clusters().getClusters();
    } catch (PulsarAdminException e) {
      throw failure("talk to Pulsar", e);
    }
    for (String resource : administered) {
      try {
        if (resource.endsWith("/*")) {
          admin.tenants().getTenantInfo(resource.substring(0, resource.length() - 2));
        } else {
          admin.namespaces().getPolicies(resource);
        }
      } catch (PulsarAdminException e) {
        throw failure("administer " + resource, e);
      }
    }
    try {
      return admin.brokers().getVersion();
    } catch (PulsarAdminException e) {
      throw failure("read the broker's version", e);
    }
  }

  private PulsarException failure(String what, PulsarAdminException e) {
    PulsarException.Reason reason = reason(e);
    String why =
        switch (reason) {
          case UNREACHABLE -> "Pulsar is unreachable";
          case NOT_RESPONDING -> "Pulsar did not answer in time";
          case TLS_FAILED ->
              "the TLS handshake failed: check the CA the connection trusts and that the"
                  + " broker's certificate names its host";
          case UNAUTHENTICATED ->
              "Pulsar did not accept the operator's credentials (wrong or expired)";
          case FORBIDDEN -> "the operator's role may not do this on Pulsar";
          default -> "Pulsar refused (HTTP " + e.getStatusCode() + ")";
        };
    return new PulsarException(reason, "could not " + what + ": " + why + ": " + e.getMessage(), e);
  }

  /**
   * By the kind of failure: the admin client's exception types, their causes, the HTTP status.
   * Pulsar answers 401 both for credentials it does not accept and, on some operations, for a role
   * without permission: a call any accepted credentials may make tells the two apart.
   */
  private PulsarException.Reason reason(PulsarAdminException e) {
    if (e instanceof PulsarAdminException.NotAuthorizedException) {
      return e.getStatusCode() == 403 || credentialsAccepted()
          ? PulsarException.Reason.FORBIDDEN
          : PulsarException.Reason.UNAUTHENTICATED;
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SSLException) {
        return PulsarException.Reason.TLS_FAILED;
      }
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof PulsarAdminException.ConnectException
          || cause instanceof java.net.ConnectException
          || cause instanceof java.net.UnknownHostException
          || cause instanceof java.net.NoRouteToHostException) {
        return PulsarException.Reason.UNREACHABLE;
      }
      if (cause instanceof PulsarAdminException.TimeoutException
          || cause instanceof java.util.concurrent.TimeoutException
          || cause instanceof java.net.SocketTimeoutException) {
        return PulsarException.Reason.NOT_RESPONDING;
      }
    }
    return e.getStatusCode() == 503 || e.getStatusCode() <= 0
        ? PulsarException.Reason.UNREACHABLE
        : PulsarException.Reason.REFUSED;
  }

  private boolean credentialsAccepted() {
    try {
      admin.clusters().getClusters();
      return true;
    } catch (PulsarAdminException e) {
      return false;
    }
  }

  @Override
  public void close() {
    admin.close();
  }
}
