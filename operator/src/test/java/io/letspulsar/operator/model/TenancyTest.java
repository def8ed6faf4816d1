package io.letspulsar.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TenancyTest {
  private static final Tenancy RULES =
      Tenancy.parse("team-a, team-b = retail/* ; * = public/default");

  @Test
  void aNamespaceMayUseWhatARuleGivesIt() {
    assertThat(RULES.allows("team-a", "retail", "eu")).isTrue();
    assertThat(RULES.allows("team-b", "retail", "us")).isTrue();
    assertThat(RULES.allows("team-c", "public", "default")).isTrue();
  }

  @Test
  void anythingElseIsRefused() {
    assertThat(RULES.allows("team-c", "retail", "eu")).isFalse();
    assertThat(RULES.allows("team-a", "public", "other")).isFalse();
    assertThat(RULES.allows("team-a", "retailer", "eu")).isFalse();
  }

  @Test
  void theDefaultIsOpen() {
    assertThat(Tenancy.OPEN.allows("anyone", "any", "thing")).isTrue();
  }

  @Test
  void aRuleThatDoesNotParseIsNamedWithAnExample() {
    assertThatThrownBy(() -> Tenancy.parse("team-a:retail/eu"))
        .hasMessageContaining("rule 'team-a:retail/eu'")
        .hasMessageContaining("namespaces=pulsarNamespaces");
    assertThatThrownBy(() -> Tenancy.parse("team-a=retail")).hasMessageContaining("team-a=retail");
    assertThatThrownBy(() -> Tenancy.parse(" ; ")).hasMessageContaining("no rule");
  }
}
