package io.letspulsar.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips the tests it extends, saying why, where this machine cannot run a {@link LocalNode} ({@link
 * LocalNode#unsupportedReason()}): {@code @ExtendWith(NodeCondition.class)}.
 */
public final class NodeCondition implements ExecutionCondition {
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return LocalNode.unsupportedReason()
        .map(reason -> ConditionEvaluationResult.disabled("no real node here: " + reason))
        .orElse(ConditionEvaluationResult.enabled("this machine runs a real node"));
  }
}
