package io.letspulsar.workload.config;

import static io.letspulsar.contract.ConfigKeys.*;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads the one authentication method of the client keys: a token file, OAuth2 client credentials
 * or a TLS client certificate (or none). Each method's keys must be complete and its files
 * readable, and keys of two methods at once are refused; every problem goes to the reader.
 */
final class AuthSettings {
  private static final String TOKEN_SECRET = "token Secret";
  private static final String OAUTH2_SECRET = "OAuth2 credentials Secret";
  private static final String CLIENT_CERT_SECRET = "client certificate Secret (kubernetes.io/tls)";
  private static final String ISSUER_EXAMPLE = "https://auth.example.com/";

  private AuthSettings() {}

  /**
   * @param plainText whether the service URL is {@code pulsar://} (a client certificate needs
   *     {@code pulsar+ssl://})
   */
  static ClientAuth read(SettingsReader reader, boolean plainText) {
    Optional<Path> tokenFile = reader.file(TOKEN_FILE, TOKEN_SECRET);
    Optional<String> issuer = reader.optional(OAUTH2_ISSUER_URL);
    Optional<String> audience = reader.optional(OAUTH2_AUDIENCE);
    Optional<String> scope = reader.optional(OAUTH2_SCOPE);
    Optional<Path> credentials = reader.file(OAUTH2_CREDENTIALS_FILE, OAUTH2_SECRET);
    Optional<Path> certFile = reader.file(TLS_CERT_FILE, CLIENT_CERT_SECRET);
    Optional<Path> keyFile = reader.file(TLS_KEY_FILE, CLIENT_CERT_SECRET);

    // Each method given is named by its first key set.
    Optional<String> token = tokenFile.map(file -> TOKEN_FILE);
    Optional<String> oauth2 =
        firstSet(
            credentials.map(file -> OAUTH2_CREDENTIALS_FILE),
            issuer.map(url -> OAUTH2_ISSUER_URL),
            audience.map(value -> OAUTH2_AUDIENCE),
            scope.map(value -> OAUTH2_SCOPE));
    Optional<String> certificate =
        firstSet(certFile.map(file -> TLS_CERT_FILE), keyFile.map(file -> TLS_KEY_FILE));
    List<String> given =
        Stream.of(token, oauth2, certificate).flatMap(Optional::stream).sorted().toList();
    if (given.size() > 1) {
      reader.problem(
          String.join(", ", given.subList(0, given.size() - 1))
              + " and "
              + given.get(given.size() - 1)
              + (given.size() == 2 ? " both" : " all")
              + " give credentials; keep one");
    }

    List<ClientAuth> methods = new ArrayList<>();
    tokenFile.map(ClientAuth.TokenFile::new).ifPresent(methods::add);
    oauth2
        .flatMap(key -> oauth2(reader, key, issuer, audience, scope, credentials))
        .ifPresent(methods::add);
    certificate
        .flatMap(key -> certificate(reader, key, plainText, certFile, keyFile))
        .ifPresent(methods::add);
    return methods.size() == 1 ? methods.get(0) : ClientAuth.NONE;
  }

  private static Optional<ClientAuth> oauth2(
      SettingsReader reader,
      String givenKey,
      Optional<String> issuer,
      Optional<String> audience,
      Optional<String> scope,
      Optional<Path> credentials) {
    String needed = "is required for OAuth2 client credentials (" + givenKey + " is set); ";
    if (issuer.isEmpty()) {
      reader.problem(
          OAUTH2_ISSUER_URL,
          needed + "set the issuer's URL, e.g. " + OAUTH2_ISSUER_URL + "=" + ISSUER_EXAMPLE);
    }
    if (credentials.isEmpty()) {
      reader.problem(
          OAUTH2_CREDENTIALS_FILE,
          needed
              + "mount the "
              + OAUTH2_SECRET
              + " and set its file's path, e.g. "
              + OAUTH2_CREDENTIALS_FILE
              + "="
              + OAUTH2_DIR
              + "/"
              + OAUTH2_FILE_NAME);
    }
    Optional<URI> issuerUrl = issuer.flatMap(url -> httpUrl(reader, url));
    if (issuerUrl.isEmpty() || credentials.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ClientAuth.OAuth2(issuerUrl.get(), audience, scope, credentials.get()));
  }

  private static Optional<URI> httpUrl(SettingsReader reader, String text) {
    try {
      URI uri = new URI(text);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        uri.toURL();
        return Optional.of(uri);
      }
    } catch (URISyntaxException | MalformedURLException | IllegalArgumentException e) {
      // Reported below.
    }
    reader.problem(
        OAUTH2_ISSUER_URL,
        "'"
            + text
            + "' is not an http:// or https:// URL; set the issuer's URL, e.g. "
            + ISSUER_EXAMPLE);
    return Optional.empty();
  }

  private static Optional<ClientAuth> certificate(
      SettingsReader reader,
      String givenKey,
      boolean plainText,
      Optional<Path> certFile,
      Optional<Path> keyFile) {
    if (plainText) {
      reader.problem(
          givenKey,
          "a client certificate is only presented over TLS, but "
              + SERVICE_URL
              + " is pulsar://; use pulsar+ssl://host:6651");
    }
    if (certFile.isEmpty()) {
      reader.problem(TLS_CERT_FILE, needsTheOther(TLS_KEY_FILE, TLS_CLIENT_CERT_FILE_NAME));
    }
    if (keyFile.isEmpty()) {
      reader.problem(TLS_KEY_FILE, needsTheOther(TLS_CERT_FILE, TLS_CLIENT_KEY_FILE_NAME));
    }
    if (certFile.isEmpty() || keyFile.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ClientAuth.TlsCertificate(certFile.get(), keyFile.get()));
  }

  private static String needsTheOther(String givenKey, String fileName) {
    return "is required with "
        + givenKey
        + "; mount the "
        + CLIENT_CERT_SECRET
        + " and set the path of its "
        + fileName
        + ", e.g. "
        + TLS_CLIENT_DIR
        + "/"
        + fileName;
  }

  @SafeVarargs
  private static Optional<String> firstSet(Optional<String>... keys) {
    return Stream.of(keys).flatMap(Optional::stream).findFirst();
  }
}
