package io.letspulsar.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SignatureException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TestPkiTest {
  private static final int IP = 7;
  private static final int DNS = 2;
  private static Path dir;
  private static TestPki pki;

  @BeforeAll
  static void create() throws IOException {
    dir = Files.createTempDirectory("test-pki-");
    pki = TestPki.create(dir);
  }

  @AfterAll
  static void delete() {
    Directories.delete(dir);
  }

  private static X509Certificate read(Path pem) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  @Test
  void theServerCertificateIsForTheLoopbackAddressAndSignedByTheCa() throws Exception {
    X509Certificate ca = read(pki.caCertFile());
    X509Certificate server = read(pki.serverCert().certFile());

    server.verify(ca.getPublicKey());
    server.checkValidity();
    assertThat(ca.getBasicConstraints()).isNotNegative();
    assertThat(server.getBasicConstraints()).isEqualTo(-1);
    assertThat(server.getSubjectAlternativeNames())
        .containsExactlyInAnyOrder(List.of(IP, Loopback.ADDRESS), List.of(DNS, "localhost"));
    assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
  }

  @Test
  void aServerCertificateCanNameOtherAddresses() throws Exception {
    TestPki.CertAndKey bridge = pki.serverCert(List.of("10.88.0.1"), List.of("pulsar.test"));

    assertThat(read(bridge.certFile()).getSubjectAlternativeNames())
        .containsExactlyInAnyOrder(List.of(IP, "10.88.0.1"), List.of(DNS, "pulsar.test"));
    assertThat(bridge.certFile()).isNotEqualTo(pki.serverCert().certFile());
  }

  @Test
  void aClientCertificateNamesTheRoleAndKeysArePkcs8() throws Exception {
    TestPki.CertAndKey app = pki.clientCert("app");
    X509Certificate cert = read(app.certFile());

    cert.verify(read(pki.caCertFile()).getPublicKey());
    assertThat(cert.getSubjectX500Principal().getName()).startsWith("CN=app,");
    assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(Files.readString(app.keyFile())).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(pki.clientCert("app")).isEqualTo(app);
  }

  @Test
  void theUnrelatedCaSignedNothingTheCaDid() throws Exception {
    X509Certificate untrusted = read(pki.untrustedCaCertFile());

    assertThat(untrusted.getSubjectX500Principal())
        .isNotEqualTo(read(pki.caCertFile()).getSubjectX500Principal());
    assertThatThrownBy(() -> read(pki.serverCert().certFile()).verify(untrusted.getPublicKey()))
        .isInstanceOf(SignatureException.class);
    read(pki.untrustedClientCert("app").certFile()).verify(untrusted.getPublicKey());
  }
}
