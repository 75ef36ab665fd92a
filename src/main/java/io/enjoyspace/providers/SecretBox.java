package io.enjoyspace.providers;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Keeps secrets that must be read back (API key secrets and webhook signing secrets, needed to compute HMACs) encrypted
 * at rest with AES-256-GCM. The key is 32 bytes, base64, from {@code enjoyspace.secrets.key} (environment variable
 * {@code ENJOYSPACE_SECRETS_KEY}). Each ciphertext is a fresh 12-byte nonce followed by the sealed secret and its tag;
 * the purpose is bound as associated data, so a key secret cannot be passed off as a webhook secret.
 */
@Component
class SecretBox {

    private static final Logger log = LoggerFactory.getLogger(SecretBox.class);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    SecretBox(@Value("${enjoyspace.secrets.key:}") String encodedKey) {
        this.key = parse(encodedKey);
        if (key == null) {
            log.warn("enjoyspace.secrets.key (ENJOYSPACE_SECRETS_KEY) is not set:"
                    + " provider API keys and webhook secrets cannot be created or verified");
        }
    }

    private static SecretKeySpec parse(String encodedKey) {
        if (encodedKey == null || encodedKey.isBlank()) {
            return null;
        }
        byte[] bytes = Base64.getDecoder().decode(encodedKey.strip());
        if (bytes.length != 32) {
            throw new IllegalStateException("enjoyspace.secrets.key must be 32 bytes, base64-encoded");
        }
        return new SecretKeySpec(bytes, "AES");
    }

    byte[] seal(String purpose, String secret) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, requireKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a secret", e);
        }
    }

    String open(String purpose, byte[] ciphertext) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, requireKey(), new GCMParameterSpec(TAG_BITS, ciphertext, 0, NONCE_BYTES));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(ciphertext, NONCE_BYTES, ciphertext.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot decrypt a secret: was enjoyspace.secrets.key changed?", e);
        }
    }

    /** A random secret of {@code bytes} bytes, base64url without padding, after a readable prefix. */
    String newSecret(String prefix, int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    private SecretKeySpec requireKey() {
        if (key == null) {
            throw new IllegalStateException("enjoyspace.secrets.key (ENJOYSPACE_SECRETS_KEY) is not set");
        }
        return key;
    }
}
