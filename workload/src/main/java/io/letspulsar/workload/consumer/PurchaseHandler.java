package io.letspulsar.workload.consumer;

/** Processes one purchase; throwing makes the consumer negatively acknowledge it. */
@FunctionalInterface
public interface PurchaseHandler {
  void handle(Purchase purchase) throws Exception;

  /** The demo's processing: a purchase needs a user and an item, nothing else is checked. */
  PurchaseHandler REQUIRE_USER_AND_ITEM =
      purchase -> {
        if (purchase.user() == null || purchase.user().isBlank()) {
          throw new IllegalArgumentException("purchase without a user (message key)");
        }
        if (purchase.item() == null || purchase.item().isBlank()) {
          throw new IllegalArgumentException("purchase without an item (payload)");
        }
      };
}
