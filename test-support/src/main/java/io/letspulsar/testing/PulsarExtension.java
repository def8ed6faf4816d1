package io.letspulsar.testing;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests an {@link EmbeddedPulsar} parameter (a plain broker) and a {@link SecuredPulsar}
 * parameter (TLS, authentication, authorization, an OAuth2 server). Each starts once per test JVM,
 * on first use, and JUnit stops it and deletes its data when the whole run ends; both may run at
 * once.
 */
public final class PulsarExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == EmbeddedPulsar.class || type == SecuredPulsar.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    if (parameter.getParameter().getType() == SecuredPulsar.class) {
      return shared(context, SecuredPulsar.class, SecuredPulsar::startNew, SecuredPulsar::start);
    }
    return shared(context, EmbeddedPulsar.class, EmbeddedPulsar::startNew, EmbeddedPulsar::start);
  }

  private static <T> T shared(
      ExtensionContext context, Class<T> type, Supplier<T> startNew, Consumer<T> start) {
    T pulsar =
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.create(PulsarExtension.class))
            .getOrComputeIfAbsent(type, key -> startNew.get(), type);
    // A test that stopped the shared broker must not leave it down for the next one.
    start.accept(pulsar);
    return pulsar;
  }
}
