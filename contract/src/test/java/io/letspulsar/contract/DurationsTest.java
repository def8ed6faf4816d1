package io.letspulsar.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({"0s, 0", "500ms, 500", "5s, 5000", "1m30s, 90000", "2h, 7200000"})
  void readsKubernetesStyleDurations(String text, long millis) {
    assertThat(Durations.parse(text)).contains(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0s", "500ms", "5s", "1m30s", "2h", "1h1m1s1ms"})
  void formatsWhatItReads(String text) {
    assertThat(Durations.format(Durations.parse(text).orElseThrow())).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "5 s", "-1s", "1.5s", "5sec", "s", "99999999999999999999h"})
  void refusesAnythingElse(String text) {
    assertThat(Durations.parse(text)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"9223372036854775807ms", "2562047788015h", "24h", "87360h"})
  void readsUpToTheLongestDurationWhoseMillisecondsFitALong(String text) {
    Duration duration = Durations.parse(text).orElseThrow();

    assertThat(duration.toMillis()).isPositive();
    assertThat(duration.toSeconds()).isPositive();
    assertThat(Durations.parse(Durations.format(duration))).contains(duration);
  }

  /** Each would overflow the milliseconds: refused, never thrown, never wrapped around. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "9223372036854775808ms",
        "2562047788016h",
        "153722867280913m",
        "9223372036854776s",
        "9223372036854775807ms1ms",
        "2562047788015h2562047788015h"
      })
  void refusesWhatItCouldNotCountInMilliseconds(String text) {
    assertThat(Durations.parse(text)).isEmpty();
  }
}
