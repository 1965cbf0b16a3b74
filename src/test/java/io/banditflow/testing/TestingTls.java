package io.banditflow.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A broker's TLS key made in the test, without a certificate authority from outside: a self-signed
 * certificate for 127.0.0.1 in a PKCS12 key store, and a trust store holding that certificate, made
 * by the JDK's own {@code keytool}.
 */
public final class TestingTls {
    private TestingTls() {}

    /** A key store and the trust store that trusts it, both under {@code password}. */
    public record Stores(Path keyStore, Path trustStore, String password) {}

    public static Stores selfSigned(Path dir, String password)
            throws IOException, InterruptedException {
        Path keyStore = dir.resolve("broker.p12");
        Path certificate = dir.resolve("broker.crt");
        Path trustStore = dir.resolve("truststore.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "broker",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-storetype",
                "PKCS12",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                password,
                "-keypass",
                password);
        keytool(
                "-exportcert",
                "-alias",
                "broker",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                password,
                "-rfc",
                "-file",
                certificate.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "broker",
                "-file",
                certificate.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                trustStore.toString(),
                "-storepass",
                password);
        return new Stores(keyStore, trustStore, password);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new java.util.ArrayList<>(List.of(keytool.toString()));
        command.addAll(List.of(args));
        TestingCommands.Run run =
                TestingCommands.run(java.util.Map.of(), null, command.toArray(String[]::new));
        if (run.exitCode() != 0) {
            throw new IOException("keytool failed: " + run.all());
        }
    }
}
