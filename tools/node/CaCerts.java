import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Java trust store of the images' base, as Debian's ca-certificates-java makes it at install:
 * every certificate of Debian's ca-certificates (the Mozilla list), in a PKCS12 store with the JDK's
 * usual password. Run by fetch.sh with the source launcher: {@code java CaCerts.java DIR OUT}.
 */
public final class CaCerts {
  public static void main(String[] args) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    CertificateFactory x509 = CertificateFactory.getInstance("X.509");
    List<Path> pems;
    try (Stream<Path> files = Files.walk(Path.of(args[0]))) {
      pems = files.filter(file -> file.toString().endsWith(".crt")).sorted().toList();
    }
    for (Path pem : pems) {
      try (InputStream in = Files.newInputStream(pem)) {
        for (Certificate certificate : x509.generateCertificates(in)) {
          String name = pem.getFileName().toString().replaceFirst("\\.crt$", "").toLowerCase();
          store.setCertificateEntry("debian:" + name, certificate);
        }
      }
    }
    try (OutputStream out = Files.newOutputStream(Path.of(args[1]))) {
      store.store(out, "changeit".toCharArray());
    }
    System.out.println(store.size() + " certificates");
  }
}
