package io.letspulsar.operator.pulsar;

import io.letspulsar.operator.model.TopicPlan;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.common.policies.data.InactiveTopicDeleteMode;
import org.apache.pulsar.common.policies.data.InactiveTopicPolicies;
import org.apache.pulsar.common.policies.data.RetentionPolicies;
import org.apache.pulsar.common.policies.data.SubscriptionStats;
import org.apache.pulsar.common.policies.data.TopicStats;

/** {@link PulsarTopics} over Pulsar's admin REST API. */
public final class AdminPulsarTopics implements PulsarTopics {
  private final PulsarAdmin admin;

  private AdminPulsarTopics(PulsarAdmin admin) {
    this.admin = admin;
  }

  public static AdminPulsarTopics connect(String adminUrl) throws PulsarException {
    try {
      return new AdminPulsarTopics(
          PulsarAdmin.builder()
              .serviceHttpUrl(adminUrl)
              .connectionTimeout(5, TimeUnit.SECONDS)
              .readTimeout(10, TimeUnit.SECONDS)
              .requestTimeout(15, TimeUnit.SECONDS)
              .build());
    } catch (PulsarClientException e) {
      throw new PulsarException(
          PulsarException.Reason.REFUSED,
          "cannot set up a Pulsar admin client for " + adminUrl + ": " + e.getMessage(),
          e);
    }
  }

  @Override
  public Optional<TopicState> describe(String topic) throws PulsarException {
    try {
      Optional<Integer> partitions = partitions(topic);
      if (partitions.isEmpty()) {
        return Optional.empty();
      }
      Optional<RetentionPolicies> retention =
          Optional.ofNullable(admin.topicPolicies().getRetention(topic));
      return Optional.of(
          new TopicState(
              partitions.get(),
              retention.map(RetentionPolicies::getRetentionTimeInMinutes),
              retention.map(r -> (int) r.getRetentionSizeInMB()),
              Optional.ofNullable(admin.topicPolicies().getMessageTTL(topic)),
              Optional.ofNullable(admin.topicPolicies().getInactiveTopicPolicies(topic))
                  .map(policy -> !policy.isDeleteWhileInactive())
                  .orElse(false)));
    } catch (PulsarAdminException e) {
      throw failure("read topic " + topic, e);
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
  public void create(String topic, int partitions) throws PulsarException {
    try {
      if (partitions > 0) {
        admin.topics().createPartitionedTopic(topic, partitions);
      } else {
        admin.topics().createNonPartitionedTopic(topic);
      }
    } catch (PulsarAdminException.ConflictException alreadyExists) {
      // Someone (or an earlier attempt of ours) made it: that is what we wanted.
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
  public void applyPolicies(TopicPlan plan) throws PulsarException {
    try {
      if (plan.retentionMinutes().isPresent() || plan.retentionMegabytes().isPresent()) {
        admin
            .topicPolicies()
            .setRetention(
                plan.topic(),
                new RetentionPolicies(
                    plan.retentionMinutes().orElse(0), plan.retentionMegabytes().orElse(0)));
      } else {
        admin.topicPolicies().removeRetention(plan.topic());
      }
      // Pulsar deletes a topic without producers or subscriptions after a minute by default;
      // the topic belongs to the PurchaseStream, and goes only with it (deletionPolicy Delete).
      admin
          .topicPolicies()
          .setInactiveTopicPolicies(
              plan.topic(),
              new InactiveTopicPolicies(
                  InactiveTopicDeleteMode.delete_when_no_subscriptions, 0, false));
      if (plan.messageTtlSeconds().isPresent()) {
        admin.topicPolicies().setMessageTTL(plan.topic(), plan.messageTtlSeconds().get());
      } else {
        admin.topicPolicies().removeMessageTTL(plan.topic());
      }
    } catch (PulsarAdminException e) {
      throw failure("set the topic policies of " + plan.topic(), e);
    }
  }

  @Override
  public void delete(String topic) throws PulsarException {
    try {
      Optional<Integer> partitions = partitions(topic);
      if (partitions.isPresent() && partitions.get() > 0) {
        admin.topics().deletePartitionedTopic(topic, true);
      } else if (partitions.isPresent()) {
        admin.topics().delete(topic, true);
      }
    } catch (PulsarAdminException.NotFoundException alreadyGone) {
      // Deleted before us: the outcome we wanted.
    } catch (PulsarAdminException e) {
      throw failure("delete topic " + topic, e);
    }
  }

  @Override
  public io.letspulsar.operator.pulsar.TopicStats stats(
      String topic, int partitions, String subscription) throws PulsarException {
    try {
      TopicStats stats =
          partitions > 0
              ? admin.topics().getPartitionedStats(topic, false)
              : admin.topics().getStats(topic);
      SubscriptionStats sub = stats.getSubscriptions().get(subscription);
      return new io.letspulsar.operator.pulsar.TopicStats(
          stats.getMsgRateIn(),
          stats.getMsgRateOut(),
          sub == null ? 0 : sub.getMsgBacklog(),
          stats.getPublishers().size(),
          sub == null ? 0 : sub.getConsumers().size());
    } catch (PulsarAdminException.NotFoundException notLoaded) {
      // The broker has not loaded a topic nobody uses yet: no traffic to report.
      return new io.letspulsar.operator.pulsar.TopicStats(0, 0, 0, 0, 0);
    } catch (PulsarAdminException e) {
      throw failure("read the stats of " + topic, e);
    }
  }

  private static PulsarException failure(String what, PulsarAdminException e) {
    PulsarException.Reason reason = reason(e);
    String why =
        switch (reason) {
          case UNREACHABLE -> "Pulsar is unreachable";
          case NOT_RESPONDING -> "Pulsar did not answer in time";
          case UNAUTHENTICATED -> "Pulsar did not accept the operator's credentials (HTTP 401)";
          case FORBIDDEN -> "Pulsar does not allow the operator's role to do this (HTTP 403)";
          case REFUSED -> "Pulsar refused (HTTP " + e.getStatusCode() + ")";
        };
    return new PulsarException(reason, "could not " + what + ": " + why + ": " + e.getMessage(), e);
  }

  /** By the kind of failure: the admin client's exception types, its causes, the HTTP status. */
  static PulsarException.Reason reason(PulsarAdminException e) {
    if (e instanceof PulsarAdminException.NotAuthorizedException) {
      return e.getStatusCode() == 403
          ? PulsarException.Reason.FORBIDDEN
          : PulsarException.Reason.UNAUTHENTICATED;
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

  @Override
  public void close() {
    admin.close();
  }
}
