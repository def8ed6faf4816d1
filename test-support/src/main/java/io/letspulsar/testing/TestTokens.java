package io.letspulsar.testing;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.SignatureAlgorithm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * JSON Web Tokens for Pulsar's token authentication, signed (RS256) with an RSA key pair made by
 * the test: the role is the {@code sub} claim, and every token carries the audience the broker is
 * told to require ({@code aud}).
 */
public final class TestTokens {
  private final KeyPair keys;
  private final String audience;

  private TestTokens(KeyPair keys, String audience) {
    this.keys = keys;
    this.audience = audience;
  }

  /** A new RSA 2048 key pair; tokens carry {@code audience} as their {@code aud} claim. */
  public static TestTokens create(String audience) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return new TestTokens(generator.generateKeyPair(), audience);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The key pair tokens are signed with; another issuer (OAuth2) may sign with it too. */
  public KeyPair keyPair() {
    return keys;
  }

  public String audience() {
    return audience;
  }

  /**
   * Writes the public key (X.509 DER, as {@code pulsar tokens create-key-pair} does) for the
   * broker's {@code tokenPublicKey=file://...}.
   */
  public Path writePublicKey(Path file) {
    try {
      return Files.write(file, keys.getPublic().getEncoded());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A token for {@code role} that does not expire. */
  public String token(String role) {
    return builder(role).compact();
  }

  /** A token for {@code role} that expires after {@code validity}. */
  public String token(String role, Duration validity) {
    return builder(role).setExpiration(Date.from(Instant.now().plus(validity))).compact();
  }

  /** A token for {@code role}, otherwise valid, that expired an hour ago. */
  public String expiredToken(String role) {
    Instant now = Instant.now();
    return builder(role)
        .setIssuedAt(Date.from(now.minus(Duration.ofHours(2))))
        .setExpiration(Date.from(now.minus(Duration.ofHours(1))))
        .compact();
  }

  private JwtBuilder builder(String role) {
    return Jwts.builder()
        .setSubject(role)
        .setAudience(audience)
        .setIssuedAt(new Date())
        .signWith(keys.getPrivate(), SignatureAlgorithm.RS256);
  }
}
