package io.letspulsar.testing;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A ConfigMap's {@code .properties} file as a pod needs it on this machine, where pods share the
 * network and the file system: container ports written as their host ports, and paths under the
 * pod's volume mounts as the volumes' directories.
 */
final class HostProperties {
  private static final Pattern PORT_LINE =
      Pattern.compile("(?m)^([\\w.-]*port\\s*[=:]\\s*)(\\d+)$");

  private HostProperties() {}

  /**
   * The file's content for this host; other files than {@code .properties} stay as they are.
   *
   * <p>A line whose key ends in {@code port} gets the host port of its container port (when it is
   * one). A mount path followed by {@code /} becomes its directory, the longest mount path first
   * and every path at most once, so a directory written in never gets mapped again.
   *
   * @param hostPorts the host port of each container port of the pod
   * @param mounts the directory on this machine of each mount path of the pod
   */
  static String rewrite(
      String file, String content, Map<Integer, Integer> hostPorts, Map<String, Path> mounts) {
    if (!file.endsWith(".properties")) {
      return content;
    }
    String text =
        PORT_LINE
            .matcher(content)
            .replaceAll(
                m -> {
                  Integer host = hostPorts.get(Integer.parseInt(m.group(2)));
                  return Matcher.quoteReplacement(
                      m.group(1) + (host == null ? m.group(2) : host.toString()));
                });
    if (mounts.isEmpty()) {
      return text;
    }
    Pattern paths =
        Pattern.compile(
            mounts.keySet().stream()
                    .sorted(Comparator.comparingInt(String::length).reversed())
                    .map(Pattern::quote)
                    .collect(Collectors.joining("|", "(", ")"))
                + "(?=/)");
    return paths
        .matcher(text)
        .replaceAll(m -> Matcher.quoteReplacement(mounts.get(m.group(1)).toString()));
  }
}
