package io.letspulsar.testing;

import org.apache.pulsar.client.api.AuthenticationFactory;
import org.apache.pulsar.client.api.PulsarClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The plain and the secured broker side by side in one test JVM, as the operator's tests run. */
@ExtendWith(PulsarExtension.class)
class BothBrokersTest {

  @Test
  void bothServeAtOnce(EmbeddedPulsar plain, SecuredPulsar secured) throws Exception {
    String plainTopic = RoundTrip.newTopic(plain.admin(), "plain");
    String securedTopic = RoundTrip.newTopic(secured.admin(), "secured");

    try (PulsarClient plainClient = PulsarClient.builder().serviceUrl(plain.serviceUrl()).build();
        PulsarClient securedClient =
            secured
                .clientBuilder()
                .authentication(
                    AuthenticationFactory.token(secured.token(SecuredPulsar.SUPER_USER)))
                .build()) {
      RoundTrip.sendAndReceive(plainClient, plainTopic);
      RoundTrip.sendAndReceive(securedClient, securedTopic);
    }
  }
}
