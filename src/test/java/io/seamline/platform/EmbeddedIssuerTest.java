package io.seamline.platform;

import io.seamline.support.Directories;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded issuer of {@code make run}: its key is made once, kept for the owner only, and its tokens verify
 * against the JWKS it publishes, checked here by an independent JWT library (jose4j), as a verifier would.
 */
class EmbeddedIssuerTest {

    private final Path data = tempDir();

    @AfterEach
    void cleanUp() {
        Directories.deleteRecursively(data);
    }

    @Test
    void firstStart_makesAnOwnerOnlyKeyAndAPublicJwks() throws Exception {
        EmbeddedIssuer issuer = EmbeddedIssuer.openOrCreate(LaunchPlan.issuerDir(data));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(issuer.dir()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                issuer.dir().resolve(EmbeddedIssuer.KEY_FILE)))).isEqualTo("rw-------");
        String jwks = Files.readString(issuer.dir().resolve(EmbeddedIssuer.JWKS_FILE));
        assertThat(jwks).contains("\"kty\":\"RSA\"").doesNotContain("\"d\"", "\"p\"", "\"q\""); // no private parts
    }

    @Test
    void secondStart_keepsTheKey_soEarlierTokensStillVerify() throws Exception {
        String token = EmbeddedIssuer.openOrCreate(LaunchPlan.issuerDir(data))
                .token(List.of(Roles.WRITER), Duration.ofHours(1));
        EmbeddedIssuer again = EmbeddedIssuer.openOrCreate(LaunchPlan.issuerDir(data));

        assertThat(verifier(again).processToClaims(token).getStringListClaimValue("groups"))
                .containsExactly(Roles.WRITER);
    }

    @Test
    void startsRacingOnAFreshDirectory_allSignWithTheOneKeyThatWasKept() throws Exception {
        int racers = 6;
        CyclicBarrier start = new CyclicBarrier(racers);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Future<String>> tokens = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                tokens.add(pool.submit(() -> {
                    start.await();
                    return EmbeddedIssuer.openOrCreate(LaunchPlan.issuerDir(data))
                            .token(List.of(Roles.READER), Duration.ofHours(1));
                }));
            }
            JwtConsumer verifier = verifier(EmbeddedIssuer.openOrCreate(LaunchPlan.issuerDir(data)));
            for (Future<String> token : tokens) {
                assertThat(verifier.processToClaims(token.get()).getSubject()).isEqualTo("seamline-reader");
            }
        } finally {
            pool.shutdownNow();
        }
        try (var files = Files.list(LaunchPlan.issuerDir(data))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder(EmbeddedIssuer.KEY_FILE, EmbeddedIssuer.JWKS_FILE);
        }
    }

    @Test
    void aKeyLeftReadableByOthers_isMadeOwnerOnlyAgain() throws Exception {
        Path dir = EmbeddedIssuer.openOrCreate(LaunchPlan.issuerDir(data)).dir();
        Files.setPosixFilePermissions(dir.resolve(EmbeddedIssuer.KEY_FILE), PosixFilePermissions.fromString("rw-r--r--"));

        EmbeddedIssuer.openOrCreate(LaunchPlan.issuerDir(data));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(EmbeddedIssuer.KEY_FILE))))
                .isEqualTo("rw-------");
    }

    @Test
    void shellExports_oneVerifiableTokenPerRole_holdingThatRoleOnly() throws Exception {
        EmbeddedIssuer issuer = EmbeddedIssuer.openOrCreate(LaunchPlan.issuerDir(data));
        String exports = issuer.shellExports(Duration.ofDays(7));

        Matcher line = Pattern.compile("(?m)^export SEAMLINE_([A-Z]+)_TOKEN=([A-Za-z0-9_.-]+)$").matcher(exports);
        int tokens = 0;
        while (line.find()) {
            tokens++;
            JwtClaims claims = verifier(issuer).processToClaims(line.group(2));
            assertThat(claims.getStringListClaimValue("groups")).containsExactly(line.group(1).toLowerCase());
            assertThat(claims.getSubject()).isEqualTo("seamline-" + line.group(1).toLowerCase());
            assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue())
                    .isEqualTo(Duration.ofDays(7).toSeconds());
        }
        assertThat(tokens).isEqualTo(Roles.ALL.size());
    }

    @Test
    void aTokenFromAnotherKey_doesNotVerify() throws Exception {
        EmbeddedIssuer issuer = EmbeddedIssuer.openOrCreate(LaunchPlan.issuerDir(data));
        String forged = SigningKey.generate().mint(EmbeddedIssuer.ISSUER, EmbeddedIssuer.AUDIENCE, "seamline-operator",
                List.of(Roles.OPERATOR), Duration.ofHours(1));

        assertThatThrownBy(() -> verifier(issuer).processToClaims(forged)).isInstanceOf(InvalidJwtException.class);
    }

    @Test
    void verifierConfig_pointsAtTheJwksWithIssuerAndAudience() {
        EmbeddedIssuer issuer = EmbeddedIssuer.openOrCreate(LaunchPlan.issuerDir(data));
        Map<String, String> config = issuer.verifierConfig();

        assertThat(config).containsEntry("mp.jwt.verify.issuer", EmbeddedIssuer.ISSUER)
                .containsEntry("mp.jwt.verify.audiences", EmbeddedIssuer.AUDIENCE)
                .containsEntry("mp.jwt.verify.publickey.location",
                        issuer.dir().resolve(EmbeddedIssuer.JWKS_FILE).toAbsolutePath().toString());
    }

    @Test
    void aCorruptKeyFile_stopsStartWithAMessageNamingIt() throws Exception {
        Path dir = EmbeddedIssuer.openOrCreate(LaunchPlan.issuerDir(data)).dir();
        Files.writeString(dir.resolve(EmbeddedIssuer.KEY_FILE), "not a key");

        assertThatThrownBy(() -> EmbeddedIssuer.openOrCreate(LaunchPlan.issuerDir(data)))
                .isInstanceOf(StartupFailure.class).hasMessageContaining(EmbeddedIssuer.KEY_FILE);
    }

    private static JwtConsumer verifier(EmbeddedIssuer issuer) throws Exception {
        JsonWebKeySet keys = new JsonWebKeySet(Files.readString(issuer.dir().resolve(EmbeddedIssuer.JWKS_FILE)));
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(keys.getJsonWebKeys()))
                .setExpectedIssuer(EmbeddedIssuer.ISSUER).setExpectedAudience(EmbeddedIssuer.AUDIENCE)
                .setRequireExpirationTime().setRequireSubject().build();
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("seamline-issuer-");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
