package io.seamline.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * On the embedded default the service is its own token issuer, as the data servers are embedded: a signing key
 * under {@code <data>/auth} (created on first start, readable by its owner only), its public half as
 * {@code jwks.json}, which the service verifies tokens against exactly as it would an external issuer's, and one
 * token per role for the person at the keyboard ({@code make credentials}).
 */
public final class EmbeddedIssuer {

    public static final String ISSUER = "urn:seamline:embedded-issuer";
    public static final String AUDIENCE = "seamline";
    static final String KEY_FILE = "signing-key.pk8";
    static final String JWKS_FILE = "jwks.json";

    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private final Path dir;
    private final SigningKey key;

    private EmbeddedIssuer(Path dir, SigningKey key) {
        this.dir = dir;
        this.key = key;
    }

    /** The issuer whose key is in {@code dir}, made there first if there is none. */
    public static EmbeddedIssuer openOrCreate(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR);
            Path keyFile = dir.resolve(KEY_FILE);
            if (!Files.exists(keyFile)) {
                SigningKey made = SigningKey.generate();
                publishOnce(keyFile, Base64.getMimeEncoder().encodeToString(made.pkcs8()) + "\n", OWNER_ONLY_FILE);
            }
            SigningKey key = SigningKey.fromPkcs8(Base64.getMimeDecoder().decode(Files.readString(keyFile)));
            Files.setPosixFilePermissions(keyFile, OWNER_ONLY_FILE); // whatever a copy or an umask did to it
            writeAtomically(dir.resolve(JWKS_FILE), key.jwks(), PosixFilePermissions.fromString("rw-r--r--"));
            return new EmbeddedIssuer(dir, key);
        } catch (IOException e) {
            throw new StartupFailure("cannot keep the embedded token issuer's key in " + dir + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new StartupFailure(dir.resolve(KEY_FILE) + " is not a signing key Seamline wrote (" + e.getMessage()
                    + "); move it away to have a new one made");
        }
    }

    /** The settings that make the service verify tokens against this issuer's key. */
    public Map<String, String> verifierConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("mp.jwt.verify.publickey.location", dir.resolve(JWKS_FILE).toAbsolutePath().toString());
        config.put("mp.jwt.verify.issuer", ISSUER);
        config.put("mp.jwt.verify.audiences", AUDIENCE);
        return config;
    }

    /** A token holding {@code roles}, subject {@code seamline-<role>[-<role>…]}. */
    public String token(Collection<String> roles, Duration lifetime) {
        return key.mint(ISSUER, AUDIENCE, "seamline-" + String.join("-", roles), roles, lifetime);
    }

    /** One shell export per role, {@code SEAMLINE_<ROLE>_TOKEN=…}, for {@code eval "$(make -s credentials)"}. */
    public String shellExports(Duration lifetime) {
        StringBuilder exports = new StringBuilder();
        for (String role : Roles.ALL) {
            exports.append("export SEAMLINE_").append(role.toUpperCase(Locale.ROOT)).append("_TOKEN=")
                    .append(token(List.of(role), lifetime)).append('\n');
        }
        return exports.toString();
    }

    public Path dir() {
        return dir;
    }

    /**
     * Writes {@code file} unless it exists, atomically: when two processes make a key at once (a harness minting
     * its token while the service it launched starts), one key wins and both read it, instead of the later rename
     * silently replacing the key the first one already signed with.
     */
    private static void publishOnce(Path file, String content, Set<PosixFilePermission> permissions)
            throws IOException {
        throughTempFile(file, content, permissions, temp -> {
            try {
                Files.createLink(file, temp);
            } catch (FileAlreadyExistsException e) {
                // another process published first: its key is the one
            }
        });
    }

    private static void writeAtomically(Path file, String content, Set<PosixFilePermission> permissions)
            throws IOException {
        throughTempFile(file, content, permissions,
                temp -> Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING));
    }

    /** How a written temporary file becomes {@code file}. */
    @FunctionalInterface
    private interface Publish {
        void from(Path temp) throws IOException;
    }

    /** Writes {@code content} beside {@code file} with {@code permissions}, publishes it, and never leaves the temp. */
    private static void throughTempFile(Path file, String content, Set<PosixFilePermission> permissions,
                                        Publish publish) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp",
                PosixFilePermissions.asFileAttribute(permissions));
        try {
            Files.writeString(temp, content, StandardCharsets.US_ASCII);
            publish.from(temp);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
