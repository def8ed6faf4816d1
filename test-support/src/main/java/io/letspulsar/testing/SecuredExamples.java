package io.letspulsar.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The secured examples of {@code examples/} made real for a {@link SecuredPulsar}: each {@code
 * REPLACE-...} placeholder becomes the credential it names (tokens, OAuth2 key files, client
 * certificates and keys, the CA, all of this broker's), and the example's host names its URLs. What
 * a user would paste in by hand, the sandbox and the tests fill in here. Roles: the operator's
 * credentials are {@link SecuredPulsar#SUPER_USER}'s; {@code orders-app} and {@code purchases-app}
 * are the workloads'.
 */
public final class SecuredExamples {
  private final Map<String, String> replacements = new LinkedHashMap<>();

  private SecuredExamples(SecuredPulsar pulsar) {
    String operator = SecuredPulsar.SUPER_USER;
    replacements.put("https://pulsar.example.com:8443", pulsar.adminUrlTls());
    replacements.put("pulsar+ssl://pulsar.example.com:6651", pulsar.serviceUrlTls());
    replacements.put("https://auth.example.com/", pulsar.oauth2IssuerUrl().toString());
    replacements.put("urn:pulsar.example.com", pulsar.oauth2Audience());
    replacements.put(
        "REPLACE-WITH-THE-PEM-OF-THE-CA-OF-THE-BROKERS-CERTIFICATE",
        yamlScalar(read(pulsar.caCertFile())));
    replacements.put(
        "REPLACE-WITH-A-TOKEN-OF-A-ROLE-THAT-MAY-ADMINISTER-THE-TENANT", pulsar.token(operator));
    replacements.put("REPLACE-WITH-A-TOKEN-OF-ROLE-orders-app", pulsar.token("orders-app"));
    replacements.put("REPLACE-WITH-A-PULSAR-JWT", pulsar.token("purchases-app"));
    replacements.put(
        "REPLACE-WITH-THE-OPERATORS-KEY-FILE", yamlScalar(read(pulsar.oauth2KeyFile(operator))));
    replacements.put(
        "REPLACE-WITH-THE-KEY-FILE-OF-CLIENT-orders-app",
        yamlScalar(read(pulsar.oauth2KeyFile("orders-app"))));
    TestPki.CertAndKey operatorCert = pulsar.clientCert(operator);
    replacements.put(
        "REPLACE-WITH-THE-OPERATORS-CERTIFICATE", yamlScalar(read(operatorCert.certFile())));
    replacements.put("REPLACE-WITH-THE-OPERATORS-KEY", yamlScalar(read(operatorCert.keyFile())));
    TestPki.CertAndKey appCert = pulsar.clientCert("orders-app");
    replacements.put(
        "REPLACE-WITH-THE-CERTIFICATE-OF-orders-app", yamlScalar(read(appCert.certFile())));
    replacements.put("REPLACE-WITH-ITS-KEY", yamlScalar(read(appCert.keyFile())));
  }

  public static SecuredExamples of(SecuredPulsar pulsar) {
    return new SecuredExamples(pulsar);
  }

  /** The example's YAML with every placeholder and example URL replaced. */
  public String render(String yaml) {
    String rendered = yaml;
    for (Map.Entry<String, String> replacement : replacements.entrySet()) {
      rendered = rendered.replace(replacement.getKey(), replacement.getValue());
    }
    return rendered;
  }

  /** The file of {@code examples/}, rendered. */
  public String render(Path example) {
    return render(read(example));
  }

  /** A multi-line value as one double-quoted YAML scalar, so it fits in {@code key: value}. */
  public static String yamlScalar(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
