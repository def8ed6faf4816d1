package io.letspulsar.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made at run time for tests, with the certificates a TLS-secured Pulsar
 * and its clients need, written as PEM files (certificates, and PKCS#8 private keys as Pulsar
 * expects) under one directory: the CA, server certificates for chosen addresses, client
 * certificates whose common name is a Pulsar role, and a second CA that has nothing to do with the
 * first (for "unknown CA" failures).
 *
 * <p>RSA 2048 keys, SHA-256 signatures; certificates are valid from an hour ago for 30 days.
 */
public final class TestPki {
  private static final Duration VALIDITY = Duration.ofDays(30);
  private static final String SIGNATURE = "SHA256withRSA";

  /** A certificate and its private key, as PEM files. */
  public record CertAndKey(Path certFile, Path keyFile) {}

  private final Path dir;
  private final Authority ca;
  private final Authority untrustedCa;
  private final Map<String, CertAndKey> issued = new HashMap<>();
  private final AtomicInteger servers = new AtomicInteger();

  private TestPki(Path dir, Authority ca, Authority untrustedCa) {
    this.dir = dir;
    this.ca = ca;
    this.untrustedCa = untrustedCa;
  }

  /** Makes both CAs and writes their certificates (and keys) under {@code dir}. */
  public static TestPki create(Path dir) {
    try {
      Files.createDirectories(dir);
      return new TestPki(
          dir,
          Authority.create(dir, "ca", "Test CA"),
          Authority.create(dir, "untrusted-ca", "Unrelated test CA"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The CA certificate that signs everything else here: what clients and the broker trust. */
  public Path caCertFile() {
    return ca.files.certFile();
  }

  /** The certificate of a second CA, unrelated to {@link #caCertFile()}. */
  public Path untrustedCaCertFile() {
    return untrustedCa.files.certFile();
  }

  /** A server certificate for {@link Loopback#ADDRESS} (IP SAN) and {@code localhost} (DNS SAN). */
  public synchronized CertAndKey serverCert() {
    return issued.computeIfAbsent(
        "server", name -> serverCert(name, List.of(Loopback.ADDRESS), List.of("localhost")));
  }

  /**
   * A new server certificate for other addresses, e.g. a bridge address a test bed reaches the
   * broker on.
   *
   * @param ipAddresses IP subject alternative names
   * @param dnsNames DNS subject alternative names
   */
  public CertAndKey serverCert(List<String> ipAddresses, List<String> dnsNames) {
    return serverCert("server-" + servers.incrementAndGet(), ipAddresses, dnsNames);
  }

  private CertAndKey serverCert(String name, List<String> ipAddresses, List<String> dnsNames) {
    GeneralName[] sans =
        Stream.concat(
                ipAddresses.stream().map(ip -> new GeneralName(GeneralName.iPAddress, ip)),
                dnsNames.stream().map(dns -> new GeneralName(GeneralName.dNSName, dns)))
            .toArray(GeneralName[]::new);
    String cn = ipAddresses.isEmpty() ? dnsNames.get(0) : ipAddresses.get(0);
    return ca.issue(dir, name, cn, KeyPurposeId.id_kp_serverAuth, new GeneralNames(sans));
  }

  /** A client certificate signed by the CA with {@code CN=<role>}, Pulsar's TLS role. */
  public synchronized CertAndKey clientCert(String role) {
    return issued.computeIfAbsent(
        "client-" + role, name -> ca.issue(dir, name, role, KeyPurposeId.id_kp_clientAuth, null));
  }

  /**
   * A client certificate signed by the CA for a Kubernetes user: {@code CN=<user>}, {@code
   * O=<group>} (the API server reads the organization as the user's group).
   */
  public synchronized CertAndKey clientCert(String user, String group) {
    return issued.computeIfAbsent(
        "client-" + user.replace(':', '-'),
        name ->
            ca.issue(
                dir, name, distinguishedName(user, group), KeyPurposeId.id_kp_clientAuth, null));
  }

  /** A client certificate for {@code role} signed by the unrelated CA. */
  public synchronized CertAndKey untrustedClientCert(String role) {
    return issued.computeIfAbsent(
        "untrusted-client-" + role,
        name -> untrustedCa.issue(dir, name, role, KeyPurposeId.id_kp_clientAuth, null));
  }

  private record Authority(X500Name name, KeyPair keys, CertAndKey files) {
    static Authority create(Path dir, String fileName, String commonName) {
      KeyPair keys = newKeyPair();
      X500Name name = distinguishedName(commonName);
      try {
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder =
            builder(name, name, keys)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(
                    Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(
                    Extension.subjectKeyIdentifier,
                    false,
                    extensions.createSubjectKeyIdentifier(keys.getPublic()));
        X509Certificate cert = sign(builder, keys);
        return new Authority(name, keys, write(dir, fileName, cert, keys));
      } catch (GeneralSecurityException | CertIOException e) {
        throw new IllegalStateException(e);
      }
    }

    CertAndKey issue(
        Path dir, String fileName, String commonName, KeyPurposeId purpose, GeneralNames sans) {
      return issue(dir, fileName, distinguishedName(commonName), purpose, sans);
    }

    CertAndKey issue(
        Path dir, String fileName, X500Name subject, KeyPurposeId purpose, GeneralNames sans) {
      KeyPair subjectKeys = newKeyPair();
      try {
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder =
            builder(name, subject, subjectKeys)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                .addExtension(
                    Extension.subjectKeyIdentifier,
                    false,
                    extensions.createSubjectKeyIdentifier(subjectKeys.getPublic()))
                .addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    extensions.createAuthorityKeyIdentifier(keys.getPublic()));
        if (sans != null) {
          builder.addExtension(Extension.subjectAlternativeName, false, sans);
        }
        return write(dir, fileName, sign(builder, keys), subjectKeys);
      } catch (GeneralSecurityException | CertIOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static X500Name distinguishedName(String commonName) {
    return distinguishedName(commonName, "letspulsar tests");
  }

  private static X500Name distinguishedName(String commonName, String organization) {
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, organization)
        .addRDN(BCStyle.CN, commonName)
        .build();
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        new BigInteger(64, new SecureRandom()),
        Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(VALIDITY)),
        subject,
        keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuerKeys)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(new JcaContentSignerBuilder(SIGNATURE).build(issuerKeys.getPrivate())));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static CertAndKey write(Path dir, String name, X509Certificate cert, KeyPair keys) {
    CertAndKey files =
        new CertAndKey(dir.resolve(name + ".cert.pem"), dir.resolve(name + ".key.pem"));
    try {
      try (Writer out = Files.newBufferedWriter(files.certFile());
          JcaPEMWriter pem = new JcaPEMWriter(out)) {
        pem.writeObject(cert);
      }
      try (Writer out = Files.newBufferedWriter(files.keyFile());
          JcaPEMWriter pem = new JcaPEMWriter(out)) {
        pem.writeObject(new JcaPKCS8Generator(keys.getPrivate(), null));
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
