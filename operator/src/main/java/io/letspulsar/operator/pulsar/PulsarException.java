package io.letspulsar.operator.pulsar;

/**
 * Pulsar did not do what the operator asked. The {@link Reason} is decided where the failure is
 * seen, from the kind of error (a refused connection, an HTTP status), never from message text; the
 * message names what was tried and how to get out.
 */
public final class PulsarException extends Exception {
  private static final long serialVersionUID = 1L;

  /** How a call to Pulsar failed, and the condition reason a stream shows for it. */
  public enum Reason {
    /** No connection: the broker is down, or the admin URL points nowhere. */
    UNREACHABLE("PulsarUnavailable"),
    /** Connected, but no answer in time. */
    NOT_RESPONDING("PulsarNotResponding"),
    /** The TLS handshake failed: an unknown CA, or a certificate for another host. */
    TLS_FAILED("PulsarTlsFailed"),
    /** No credentials, or wrong or expired ones. */
    UNAUTHENTICATED("PulsarUnauthenticated"),
    /** The credentials are accepted, but their role may not do this. */
    FORBIDDEN("PulsarForbidden"),
    /** Any other refusal, e.g. HTTP 412 or 500. */
    REFUSED("PulsarRefused");

    private final String condition;

    Reason(String condition) {
      this.condition = condition;
    }

    /** The reason as a status condition spells it (CamelCase). */
    public String condition() {
      return condition;
    }
  }

  private final Reason reason;

  public PulsarException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
