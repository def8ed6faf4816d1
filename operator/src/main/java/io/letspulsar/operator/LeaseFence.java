package io.letspulsar.operator;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Keeps a replica that may have lost its lease from writing, in the gap before it exits.
 *
 * <p>Why: JOSDK exits a replica once its elector finds the lease gone, but the elector looks only
 * every 2 s. A replica frozen past its lease (a long GC pause, a stopped VM or node) wakes with its
 * informers and reconcile threads running at the same moment as the elector, and
 * OperatorFaultsOnClusterTest saw one status patch leave in that gap — after another replica had
 * taken over. The fence counts from the last lease renewal the API server accepted (sent at that
 * time or later, on the monotonic clock, which runs on while the process is frozen) and refuses
 * every other write once the renew deadline has passed — the time after which the elector itself
 * gives up, shorter than the lease another replica waits out. Kubernetes writes are refused here,
 * as an interceptor on the operator's client ({@link OperatorClient}); Pulsar writes through {@link
 * #check} at the start of each reconcile.
 */
final class LeaseFence implements Interceptor {
  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final long NONE = Long.MIN_VALUE;

  /** Asked with POST but store nothing: JOSDK asks one at start, whether it may use the Lease. */
  private static final String ACCESS_REVIEWS = "/apis/authorization.k8s.io/";

  private final String leases;
  private final long validNanos;
  private final LongSupplier nanoTime;
  private final AtomicLong renewing = new AtomicLong(NONE);
  private volatile long renewed = NONE;
  private volatile boolean revoked;

  /**
   * @param namespace the Lease's namespace
   * @param valid how long after a renewal was sent this replica may still write: the renew deadline
   */
  LeaseFence(String namespace, Duration valid, LongSupplier nanoTime) {
    this.leases = "/apis/coordination.k8s.io/v1/namespaces/" + namespace + "/leases";
    this.validNanos = valid.toNanos();
    this.nanoTime = nanoTime;
  }

  /** For good: the elector saw the lease held by another (the process exits next). */
  void revoke() {
    revoked = true;
  }

  /**
   * @throws KubernetesClientException saying why this replica must not write now
   */
  void check() {
    long renewal = renewed;
    if (revoked || renewal == NONE) {
      throw new KubernetesClientException("not writing: this replica does not hold the lease");
    }
    long since = nanoTime.getAsLong() - renewal;
    if (since >= validNanos) {
      throw new KubernetesClientException(
          String.format(
              Locale.ROOT,
              "not writing: this replica's lease was last renewed %d ms ago, past the renew"
                  + " deadline of %d ms; another replica may lead (this one exits once its elector"
                  + " sees that)",
              Duration.ofNanos(since).toMillis(),
              Duration.ofNanos(validNanos).toMillis()));
    }
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    if (!WRITES.contains(request.method()) || request.uri().getPath().startsWith(ACCESS_REVIEWS)) {
      return;
    }
    if (isLease(request)) {
      // The earliest attempt since the last success: renewals are sent one at a time.
      renewing.compareAndSet(NONE, nanoTime.getAsLong());
    } else {
      check();
    }
  }

  @Override
  public void after(
      HttpRequest request,
      HttpResponse<?> response,
      AsyncBody.Consumer<List<ByteBuffer>> consumer) {
    if (WRITES.contains(request.method())
        && isLease(request)
        && HttpResponse.isSuccessful(response.code())) {
      renewed = renewing.getAndSet(NONE);
    }
  }

  private boolean isLease(HttpRequest request) {
    return request.uri().getPath().startsWith(leases);
  }
}
