package io.letspulsar.operator;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * JOSDK metrics that pass everything on to other metrics and note when each resource's
 * reconciliations finish, so that a test waits for a counted number of reconciliations (e.g. the
 * resyncs whose writes it counts) instead of sleeping for as long as they should take.
 *
 * <p>JOSDK reports a reconciliation finished once it succeeded and wrote what it writes, and before
 * it starts the next reconciliation of that resource: the writes between two finishes belong to the
 * later one.
 */
public final class CountingMetrics implements Metrics {
  private final Metrics delegate;
  private final Map<ResourceID, List<Instant>> finished = new ConcurrentHashMap<>();

  public CountingMetrics(Metrics delegate) {
    this.delegate = delegate;
  }

  /** The reconciliations of a resource that finish from now on. */
  public Window from(String namespace, String name) {
    List<Instant> times = times(new ResourceID(name, namespace));
    int before = times.size();
    // After the count: every write of a reconciliation counted in it happened before this instant.
    return new Window(times, before, Instant.now(), namespace + "/" + name);
  }

  /** The reconciliations of one resource that finished after a point in time. */
  public static final class Window {
    private final List<Instant> times;
    private final int before;
    private final Instant start;
    private final String resource;

    private Window(List<Instant> times, int before, Instant start, String resource) {
      this.times = times;
      this.before = before;
      this.start = start;
      this.resource = resource;
    }

    /** No reconciliation finished before the window wrote anything after this instant. */
    public Instant start() {
      return start;
    }

    /**
     * Waits until this many reconciliations of the resource finished in the window.
     *
     * @return when the last of them finished: the operator's writes for the resource between {@link
     *     #start()} and this instant are theirs
     */
    public Instant awaitFinished(int count, Duration timeout) {
      await()
          .atMost(timeout)
          .alias(count + " reconciliations of " + resource)
          .until(() -> times.size() >= before + count);
      return times.get(before + count - 1);
    }
  }

  private List<Instant> times(ResourceID id) {
    return finished.computeIfAbsent(id, key -> new CopyOnWriteArrayList<>());
  }

  @Override
  public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
    delegate.finishedReconciliation(resource, metadata);
    times(ResourceID.fromResource(resource)).add(Instant.now());
  }

  @Override
  public void controllerRegistered(Controller<? extends HasMetadata> controller) {
    delegate.controllerRegistered(controller);
  }

  @Override
  public void receivedEvent(Event event, Map<String, Object> metadata) {
    delegate.receivedEvent(event, metadata);
  }

  @Override
  public void reconcileCustomResource(
      HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
    delegate.reconcileCustomResource(resource, retryInfo, metadata);
  }

  @Override
  public void failedReconciliation(
      HasMetadata resource, Exception exception, Map<String, Object> metadata) {
    delegate.failedReconciliation(resource, exception, metadata);
  }

  @Override
  public void reconciliationExecutionStarted(HasMetadata resource, Map<String, Object> metadata) {
    delegate.reconciliationExecutionStarted(resource, metadata);
  }

  @Override
  public void reconciliationExecutionFinished(HasMetadata resource, Map<String, Object> metadata) {
    delegate.reconciliationExecutionFinished(resource, metadata);
  }

  @Override
  public void cleanupDoneFor(ResourceID resourceID, Map<String, Object> metadata) {
    delegate.cleanupDoneFor(resourceID, metadata);
  }

  @Override
  public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
    return delegate.timeControllerExecution(execution);
  }

  @Override
  public <T extends Map<?, ?>> T monitorSizeOf(T map, String name) {
    return delegate.monitorSizeOf(map, name);
  }
}
