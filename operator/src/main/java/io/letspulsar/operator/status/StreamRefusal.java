package io.letspulsar.operator.status;

/**
 * A stream the operator will not act on as it stands: the named connection does not exist, the
 * connection does not let the stream's namespace use its Pulsar namespace, or the topic belongs to
 * someone else. Nothing is changed; the problem goes on its condition and the stream is looked at
 * again when it or its connection changes (and with backoff).
 */
public final class StreamRefusal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Failure failure;

  public StreamRefusal(String condition, Problem problem) {
    super(problem.reason() + ": " + problem.message());
    this.failure = new Failure(condition, problem);
  }

  public Failure failure() {
    return failure;
  }
}
