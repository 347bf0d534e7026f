<?php

declare(strict_types=1);

namespace Dreport\Items;

use Dreport\Config;

/**
 * Encrypts the shop-operator passwords kept in t_devices.d_editPassword (libsodium
 * secretbox: XSalsa20-Poly1305, a random nonce per value). The key comes from the
 * configuration (`DREPORT_SECRET_KEY`, at least 32 characters, from the environment),
 * never from the repository. Without a key the site cannot store or use operator logins,
 * and item changes are refused with a message saying so.
 */
final class SecretBox
{
    public const ENV = 'DREPORT_SECRET_KEY';
    private const PREFIX = 's1:';

    private function __construct(private string $key)
    {
    }

    public static function fromConfig(Config $config): ?self
    {
        $secret = $config->get(self::ENV);
        if ($secret === null || strlen($secret) < 32) {
            return null;
        }
        // Domain-separated: the same secret could be reused for something else later.
        return new self(hash_hmac('sha256', 'dreport operator passwords v1', $secret, true));
    }

    /** `s1:` + base64(nonce ‖ ciphertext); 99 characters for a 32-byte password. */
    public function encrypt(string $plain): string
    {
        $nonce = random_bytes(SODIUM_CRYPTO_SECRETBOX_NONCEBYTES);
        return self::PREFIX . base64_encode($nonce . sodium_crypto_secretbox($plain, $nonce, $this->key));
    }

    /** The plain text, or null when the value is not ours (legacy rows, another key, tampering). */
    public function decrypt(?string $stored): ?string
    {
        if ($stored === null || !str_starts_with($stored, self::PREFIX)) {
            return null;
        }
        $raw = base64_decode(substr($stored, strlen(self::PREFIX)), true);
        if ($raw === false || strlen($raw) <= SODIUM_CRYPTO_SECRETBOX_NONCEBYTES + SODIUM_CRYPTO_SECRETBOX_MACBYTES) {
            return null;
        }
        $nonce = substr($raw, 0, SODIUM_CRYPTO_SECRETBOX_NONCEBYTES);
        $plain = sodium_crypto_secretbox_open(substr($raw, SODIUM_CRYPTO_SECRETBOX_NONCEBYTES), $nonce, $this->key);
        return $plain === false ? null : $plain;
    }
}
