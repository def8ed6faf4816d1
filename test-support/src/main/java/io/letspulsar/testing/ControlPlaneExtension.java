package io.letspulsar.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a {@link LocalControlPlane} parameter. It starts once per test JVM, on first use, and
 * JUnit stops it and deletes its data when the whole run ends.
 */
public final class ControlPlaneExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalControlPlane.class;
  }

  @Override
  public LocalControlPlane resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.create(ControlPlaneExtension.class))
        .getOrComputeIfAbsent(
            LocalControlPlane.class, key -> LocalControlPlane.start(), LocalControlPlane.class);
  }
}
