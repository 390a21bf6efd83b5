package org.ordermesh.node.cluster;

import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.ordermesh.node.NodeSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Date;
import java.util.stream.Stream;

/**
 * The certificate a clustered node shows its peers on the event bus, its private key, and the CA it
 * accepts theirs from: mutual TLS, so a process without a certificate from the cluster's CA can neither
 * send to a node nor receive from one. Configured as PEM paths (compose and Kubernetes mount them from
 * a Secret); on the embedded default a development CA is made under {@code ORDERMESH_DATA} on first
 * start and reused, so every node started on the same data directory trusts the others.
 * Blocking file access: called before the node's Vert.x instance exists.
 */
public record ClusterTls(Path cert, Path key, Path ca) {

  public static final String CERT = "ORDERMESH_CLUSTER_TLS_CERT";
  public static final String KEY = "ORDERMESH_CLUSTER_TLS_KEY";
  public static final String CA = "ORDERMESH_CLUSTER_TLS_CA";
  static final String DEVELOPMENT_DIRECTORY = "cluster-tls";
  static final String CA_CERT_FILE = "ca.pem";
  static final String CA_KEY_FILE = "ca-key.pem";
  static final String NODE_CERT_FILE = "node.pem";
  static final String NODE_KEY_FILE = "node-key.pem";
  private static final Duration DEVELOPMENT_VALIDITY = Duration.ofDays(825);

  /** The node's certificates; IllegalStateException naming the settings when a clustered node has none of its own to use. */
  public static ClusterTls forNode(NodeSettings settings) {
    var cert = configured(settings, CERT);
    var key = configured(settings, KEY);
    var ca = configured(settings, CA);
    if (cert != null && key != null && ca != null) {
      var configured = new ClusterTls(Path.of(cert), Path.of(key), Path.of(ca));
      configured.requireReadable();
      return configured;
    }
    if (cert != null || key != null || ca != null) {
      throw new IllegalStateException(CERT + ", " + KEY + " and " + CA + " are set together or not at all");
    }
    if (settings.embeddedDefault()) {
      return developmentCa(settings.dataDir().resolve(DEVELOPMENT_DIRECTORY));
    }
    throw new IllegalStateException(CERT + ", " + KEY + " and " + CA + " are required on a clustered node that does not"
      + " run on the embedded default: peers accept only certificates from the cluster's CA");
  }

  /**
   * A development CA and a node certificate it signed, kept in {@code directory} (keys 0600) and reused when
   * already there. Made in a directory of its own and renamed into place, so that nodes starting at once on
   * one data directory end up with the same CA.
   */
  public static ClusterTls developmentCa(Path directory) {
    var kept = new ClusterTls(directory.resolve(NODE_CERT_FILE), directory.resolve(NODE_KEY_FILE), directory.resolve(CA_CERT_FILE));
    if (Files.isDirectory(directory)) {
      kept.requireReadable();
      return kept;
    }
    try {
      Files.createDirectories(directory.getParent());
      var made = Files.createTempDirectory(directory.getParent(), DEVELOPMENT_DIRECTORY + ".",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      writeDevelopmentCa(made);
      try {
        Files.move(made, directory, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileSystemException lostTheRace) {
        // another node on this data directory made one first: theirs is the cluster's
        deleteTree(made);
      }
      kept.requireReadable();
      return kept;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a development CA in " + directory, e);
    }
  }

  /** Mutual TLS on the event bus: this node's certificate to show, the CA to require of every peer. */
  public void applyTo(EventBusOptions options) {
    options.setSsl(true)
      .setClientAuth(ClientAuth.REQUIRED)
      .setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert.toString()).setKeyPath(key.toString()))
      .setTrustOptions(new PemTrustOptions().addCertPath(ca.toString()));
  }

  private void requireReadable() {
    for (var file : new Path[] {cert, key, ca}) {
      if (!Files.isReadable(file)) {
        throw new IllegalStateException("cluster TLS file " + file + " cannot be read");
      }
    }
  }

  private static String configured(NodeSettings settings, String name) {
    var value = settings.raw().getValue(name);
    return value == null || value.toString().isBlank() ? null : value.toString();
  }

  private static void writeDevelopmentCa(Path into) throws IOException {
    try {
      var now = Instant.now();
      var caKeys = rsaKeyPair();
      var caName = new X500Name("CN=ordermesh development cluster CA");
      var caBuilder = new JcaX509v3CertificateBuilder(caName, serial(), Date.from(now.minus(Duration.ofDays(1))),
        Date.from(now.plus(DEVELOPMENT_VALIDITY)), caName, caKeys.getPublic());
      caBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      caBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      var caCert = caBuilder.build(signer(caKeys.getPrivate()));

      var nodeKeys = rsaKeyPair();
      var nodeBuilder = new JcaX509v3CertificateBuilder(caName, serial(), Date.from(now.minus(Duration.ofDays(1))),
        Date.from(now.plus(DEVELOPMENT_VALIDITY)), new X500Name("CN=ordermesh cluster node"), nodeKeys.getPublic());
      nodeBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      nodeBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      // every node is a server to the peers that connect to it and a client of the ones it connects to
      nodeBuilder.addExtension(Extension.extendedKeyUsage, false,
        new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      var nodeCert = nodeBuilder.build(signer(caKeys.getPrivate()));

      writePem(into.resolve(CA_CERT_FILE), "CERTIFICATE", caCert.getEncoded(), false);
      writePem(into.resolve(CA_KEY_FILE), "PRIVATE KEY", caKeys.getPrivate().getEncoded(), true);
      writePem(into.resolve(NODE_CERT_FILE), "CERTIFICATE", nodeCert.getEncoded(), false);
      writePem(into.resolve(NODE_KEY_FILE), "PRIVATE KEY", nodeKeys.getPrivate().getEncoded(), true);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot make a development CA", e);
    }
  }

  private static KeyPair rsaKeyPair() throws GeneralSecurityException {
    var generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  private static BigInteger serial() {
    return new BigInteger(64, new SecureRandom());
  }

  private static ContentSigner signer(PrivateKey key) throws OperatorCreationException {
    return new JcaContentSignerBuilder("SHA256withRSA").build(key);
  }

  private static void writePem(Path file, String type, byte[] der, boolean secret) throws IOException {
    var pem = "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
      + "\n-----END " + type + "-----\n";
    var permissions = PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--");
    Files.writeString(Files.createFile(file, PosixFilePermissions.asFileAttribute(permissions)), pem, StandardCharsets.US_ASCII);
  }

  private static void deleteTree(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (var path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
