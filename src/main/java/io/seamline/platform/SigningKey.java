package io.seamline.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.UUID;

/**
 * An RSA key that signs bearer tokens (RS256 JWTs) and publishes its public half as a JWKS, the form an OIDC
 * issuer publishes and the service verifies against. The embedded issuer keeps one on disk; tests make their own.
 */
public final class SigningKey {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final RSAPrivateCrtKey privateKey;
    private final RSAPublicKey publicKey;
    private final String keyId;

    private SigningKey(RSAPrivateCrtKey privateKey, RSAPublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.keyId = thumbprint(publicKey);
    }

    /** A new 2048-bit RSA key. */
    public static SigningKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return new SigningKey((RSAPrivateCrtKey) pair.getPrivate(), (RSAPublicKey) pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot generate RSA keys", e);
        }
    }

    /** The key from its PKCS#8 encoding (see {@link #pkcs8()}); the public half is derived from it. */
    public static SigningKey fromPkcs8(byte[] encoded) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            RSAPrivateCrtKey key = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(encoded));
            RSAPublicKey pub = (RSAPublicKey) rsa.generatePublic(new RSAPublicKeySpec(key.getModulus(),
                    key.getPublicExponent()));
            return new SigningKey(key, pub);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("not an RSA private key in PKCS#8", e);
        }
    }

    public byte[] pkcs8() {
        return privateKey.getEncoded();
    }

    public String keyId() {
        return keyId;
    }

    /** The public key as a JSON Web Key Set (RFC 7517) with this one key. */
    public String jwks() {
        ObjectNode jwk = JSON.createObjectNode()
                .put("kty", "RSA").put("use", "sig").put("alg", "RS256").put("kid", keyId)
                .put("n", unsigned(publicKey.getModulus())).put("e", unsigned(publicKey.getPublicExponent()));
        ObjectNode set = JSON.createObjectNode();
        ArrayNode keys = set.putArray("keys");
        keys.add(jwk);
        return set.toString();
    }

    /**
     * A signed token for {@code subject} holding {@code roles} in its {@code groups} claim, from {@code issuer} for
     * {@code audience}, valid for {@code lifetime} from now.
     */
    public String mint(String issuer, String audience, String subject, Collection<String> roles, Duration lifetime) {
        Instant now = Instant.now();
        ObjectNode header = JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT").put("kid", keyId);
        ObjectNode claims = JSON.createObjectNode()
                .put("iss", issuer).put("aud", audience).put("sub", subject).put("upn", subject)
                .put("iat", now.getEpochSecond()).put("exp", now.plus(lifetime).getEpochSecond())
                .put("jti", UUID.randomUUID().toString());
        ArrayNode groups = claims.putArray("groups");
        roles.forEach(groups::add);
        String signingInput = base64url(header.toString()) + "." + base64url(claims.toString());
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(privateKey);
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + BASE64URL.encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign a token", e);
        }
    }

    private static String base64url(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A JWK's big-endian unsigned integer, without the sign byte BigInteger may add. */
    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return BASE64URL.encodeToString(bytes);
    }

    /** A stable key id: the SHA-256 of the modulus, shortened (which key signed a token, for rotation). */
    private static String thumbprint(RSAPublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getModulus().toByteArray());
            return BASE64URL.encodeToString(digest).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
