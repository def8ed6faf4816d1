package io.letspulsar.operator.pulsar;

/** Pulsar could not be reached or refused a request; the message says which and why. */
public class PulsarTopicsException extends Exception {
  private static final long serialVersionUID = 1L;

  public PulsarTopicsException(String message, Throwable cause) {
    super(message, cause);
  }
}
