package io.letspulsar.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests an {@link EmbeddedPulsar} parameter. The broker starts once per test JVM, on first
 * use, and JUnit stops it and deletes its data when the whole run ends.
 */
public final class PulsarExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == EmbeddedPulsar.class;
  }

  @Override
  public EmbeddedPulsar resolveParameter(ParameterContext parameter, ExtensionContext context) {
    EmbeddedPulsar pulsar =
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.create(PulsarExtension.class))
            .getOrComputeIfAbsent(
                EmbeddedPulsar.class, key -> EmbeddedPulsar.startNew(), EmbeddedPulsar.class);
    // A test that stopped the shared broker must not leave it down for the next one.
    pulsar.start();
    return pulsar;
  }
}
