package io.letspulsar.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.letspulsar.testing.Kubectl;
import org.junit.jupiter.api.Test;

class SandboxPartsTest {
  private static final String TABLE =
      """
      NAMESPACE   NAME        AGE   STATUS   READY   TOPIC
      default     purchases   %s   Ready    1/1     persistent://public/default/purchases
      """;

  @Test
  void theTableIsShownAgainOnlyWhenMoreThanItsAgeChanged() {
    StatusTable table = new StatusTable();

    assertThat(table.next(new Kubectl.Result(0, TABLE.formatted("5s "), ""))).isPresent();
    assertThat(table.next(new Kubectl.Result(0, TABLE.formatted("12s"), ""))).isEmpty();
    assertThat(
            table.next(new Kubectl.Result(0, TABLE.formatted("14s").replace("1/1  ", "0/1  "), "")))
        .hasValueSatisfying(text -> assertThat(text).contains("0/1"));
  }

  @Test
  void badArgumentsAreNamedWithTheFix() {
    assertThatThrownBy(() -> SandboxOptions.parse("--pulsar-url", "http://pulsar:8080"))
        .hasMessageContaining("--pulsar-url 'http://pulsar:8080': use pulsar://host:6650");
    assertThatThrownBy(() -> SandboxOptions.parse("--file", "no/such.yaml"))
        .hasMessageContaining("--file 'no/such.yaml': no such file");
    assertThatThrownBy(() -> SandboxOptions.parse("--replicas", "2"))
        .hasMessageContaining("unknown argument '--replicas'");
    assertThatThrownBy(() -> SandboxOptions.parse("--pulsar-url"))
        .hasMessageContaining("--pulsar-url needs a value");
    assertThatThrownBy(
            () -> SandboxOptions.parse("--secured", "--pulsar-url", "pulsar://broker.example:6650"))
        .hasMessageContaining("--secured starts a secured embedded broker")
        .hasMessageContaining("drop one of them");
    assertThatThrownBy(
            () ->
                SandboxOptions.parse(
                    "--pulsar-admin-url", "http://broker.example:8080", "--secured"))
        .hasMessageContaining("--pulsar-admin-url needs --pulsar-url");
  }

  @Test
  void securedTheDefaultStreamIsTheTokenExampleAndAnotherFileMayFollowTheFlag() {
    SandboxOptions secured = SandboxOptions.parse("--secured");

    assertThat(secured.secured()).isTrue();
    assertThat(secured.pulsarUrl()).isEmpty();
    assertThat(secured.streamFile()).hasFileName("purchasestream-auth.yaml");
    assertThat(SandboxOptions.parse("--secured", "--file", "../examples/secured/mtls.yaml"))
        .satisfies(o -> assertThat(o.streamFile()).hasFileName("mtls.yaml"))
        .satisfies(o -> assertThat(o.secured()).isTrue());
    assertThat(SandboxOptions.parse().secured()).isFalse();
    assertThat(SandboxOptions.parse().streamFile()).hasFileName("purchasestream.yaml");
  }

  @Test
  void anExistingBrokersAdminUrlDefaultsToItsHostOnPort8080() {
    assertThat(
            SandboxOptions.parse("--pulsar-url", "pulsar://broker.example:6650").pulsarAdminUrl())
        .isEqualTo("http://broker.example:8080");
  }
}
