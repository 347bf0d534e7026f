<?php

declare(strict_types=1);

namespace Dreport\Tests\Integration;

use Dreport\Tests\AdminClient;
use Dreport\Tests\ApacheServer;
use Dreport\Tests\TestDatabase;
use PHPUnit\Framework\TestCase;

/**
 * Issue 17: dreport over HTTPS on a real Apache with mod_ssl and mod_php (Debian's packages),
 * configured from the image's own files and started through the image's entry point.
 *
 * With an operator's certificate chain (a test CA → server certificate for dreport.example):
 * the wrapper app's exact start URL `https://dreport.example:<port>/dreport/index.php?id=<16 hex>`
 * (checked the way docs/deployment.md says, curl --resolve) lands on the device's object
 * list in Bulgarian; cookies are Secure; TLS 1.0/1.1 are refused (a control server proves the
 * client could speak them); only HTTP/1.1; a plain HTTP request on the TLS port gets a
 * clear page that sends browsers to https; the internal port serves api.php and nothing else; the access log
 * has no query strings. Without a certificate: a self-signed pair, a loud log and a warning
 * on the admin dashboard.
 */
final class ApacheTlsTest extends TestCase
{
    private const DEVICE = '0a1b2c3d4e5f6789';
    private const HOST = 'dreport.example';

    private static ?TestDatabase $tdb = null;
    private static ?ApacheServer $apache = null;
    private static string $pki = '';

    public static function setUpBeforeClass(): void
    {
        if (!TestDatabase::available()) {
            self::markTestSkipped('DB_HOST/DB_PORT not set: run dreport/tests/run-tests.sh');
        }
        $missing = ApacheServer::available();
        if ($missing !== null) {
            self::markTestSkipped($missing);
        }
        self::$tdb = (new TestDatabase())->create();
        $db = self::$tdb->db();
        $db->exec("INSERT INTO t_devices (d_deviceid, d_objectname, d_objectid, d_objectpswd) VALUES (?, 'Магазин 1', '3769d93a', ?)", [self::DEVICE, md5('demo')]);
        $db->exec("INSERT INTO t_device_verified (dv_deviceid, dv_objectid, dv_pswd) VALUES (?, '3769d93a', ?)", [self::DEVICE, md5('demo')]);

        // The operator's files, as docs/deployment.md makes them from the Windows server's PFX.
        self::$apache = new ApacheServer();
        self::$pki = self::$apache->dir . '/pki';
        mkdir(self::$pki);
        mkdir(self::$apache->dir . '/tls');
        $pki = self::$pki;
        self::sh("openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 2 -subj '/CN=Test Root CA' -keyout $pki/ca.key -out $pki/ca.crt");
        self::sh("openssl req -newkey rsa:2048 -nodes -sha256 -subj '/CN=" . self::HOST . "' -keyout $pki/server.key -out $pki/server.csr");
        file_put_contents("$pki/ext.cnf", 'subjectAltName=DNS:' . self::HOST . "\nextendedKeyUsage=serverAuth\n");
        self::sh("openssl x509 -req -in $pki/server.csr -CA $pki/ca.crt -CAkey $pki/ca.key -CAcreateserial -days 2 -sha256 -extfile $pki/ext.cnf -out $pki/server.crt");
        // PFX round trip exactly as the docs show it.
        self::sh("openssl pkcs12 -export -passout pass:pfx-pass -inkey $pki/server.key -in $pki/server.crt -certfile $pki/ca.crt -out $pki/server.pfx");
        $tls = self::$apache->dir . '/tls';
        self::sh("openssl pkcs12 -in $pki/server.pfx -passin pass:pfx-pass -nokeys -out $tls/dreport.crt");
        self::sh("openssl pkcs12 -in $pki/server.pfx -passin pass:pfx-pass -nocerts -nodes -out $tls/dreport.key");

        // OPENSSL_CONF=/dev/null: without Debian's system-wide MinProtocol=TLSv1.2, so the TLS
        // test proves the image's own SSLProtocol, not the distribution's default.
        self::$apache->start(self::$apache->env(self::$tdb->env(), ['OPENSSL_CONF' => '/dev/null']));
    }

    public static function tearDownAfterClass(): void
    {
        self::$apache?->cleanup();
        self::$apache = null;
        self::$tdb?->drop();
        self::$tdb = null;
    }

    private static function sh(string $cmd): string
    {
        exec($cmd . ' 2>&1', $out, $rc);
        self::assertSame(0, $rc, $cmd . "\n" . implode("\n", $out));
        return implode("\n", $out);
    }

    /**
     * curl as an operator would run it before switching DNS.
     *
     * @return array{status:int, headers:string, body:string, version:string}
     */
    private static function curl(string $url, array $opts = []): array
    {
        $ch = curl_init($url);
        curl_setopt_array($ch, $opts + [
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_HEADER => true,
            CURLOPT_TIMEOUT => 15,
            CURLOPT_RESOLVE => [self::HOST . ':' . self::$apache->port . ':127.0.0.1'],
            CURLOPT_CAINFO => self::$pki . '/ca.crt',
        ]);
        $raw = curl_exec($ch);
        self::assertNotFalse($raw, $url . ': ' . curl_error($ch) . "\n" . self::$apache->log());
        $h = (int) curl_getinfo($ch, CURLINFO_HEADER_SIZE);
        $r = [
            'status' => (int) curl_getinfo($ch, CURLINFO_RESPONSE_CODE),
            'headers' => substr((string) $raw, 0, $h),
            'body' => substr((string) $raw, $h),
            'version' => (string) curl_getinfo($ch, CURLINFO_HTTP_VERSION),
        ];
        curl_close($ch);
        return $r;
    }

    private static function base(): string
    {
        return 'https://' . self::HOST . ':' . self::$apache->port;
    }

    public function testTheWrapperAppsStartUrlLandsOnTheObjectListInBulgarianOverHttps(): void
    {
        $jar = self::$apache->dir . '/jar.txt';
        // Exactly the URL the app has built in: nothing else, no Accept-Language.
        $url = self::base() . '/dreport/index.php?id=' . self::DEVICE;
        $r = self::curl($url, [CURLOPT_COOKIEJAR => $jar, CURLOPT_COOKIEFILE => $jar]);
        self::assertSame(303, $r['status'], $r['headers'] . $r['body']);
        self::assertMatchesRegularExpression('/^Location: device\.php\r?$/mi', $r['headers']);
        self::assertMatchesRegularExpression('/^Set-Cookie: DRVIEWER=[^;\r\n]+;[^\r\n]*; secure[^\r\n]*HttpOnly/mi', $r['headers']);
        // Following it like the app does.
        $r = self::curl($url, [CURLOPT_COOKIEJAR => $jar, CURLOPT_COOKIEFILE => $jar, CURLOPT_FOLLOWLOCATION => true]);
        self::assertSame(200, $r['status']);
        self::assertStringContainsString('<html lang="bg">', $r['body']);
        self::assertStringContainsString('Моите обекти', $r['body']);
        self::assertStringContainsString('data-objectid="3769d93a"', $r['body']);
        self::assertStringContainsString('Магазин 1', $r['body']);
        self::assertStringContainsString('Демо Маркет ООД', $r['body']);
        self::assertSame((string) CURL_HTTP_VERSION_1_1, $r['version']);
    }

    public function testAdminCookiesAreSecureAndOnlyHttp11IsSpoken(): void
    {
        $r = self::curl(self::base() . '/dreport/admin/index.php?page=login', [CURLOPT_HTTP_VERSION => CURL_HTTP_VERSION_2TLS]);
        self::assertSame(200, $r['status']);
        self::assertMatchesRegularExpression('/^Set-Cookie: DREPORTADMIN=[^\r\n]*; secure/mi', $r['headers']);
        self::assertSame((string) CURL_HTTP_VERSION_1_1, $r['version'], 'HTTP/2 asked for, HTTP/1.1 answered');
        self::assertStringStartsWith('HTTP/1.1 200', $r['headers']);
    }

    public function testOnlyTls12AndNewerAreAccepted(): void
    {
        $port = self::$apache->port;
        $try = static function (string $flag, int $p, string $cipher = 'DEFAULT@SECLEVEL=0') use (&$out): bool {
            $out = [];
            exec("echo | OPENSSL_CONF=/dev/null timeout 10 openssl s_client -connect 127.0.0.1:$p $flag -cipher '$cipher' -servername " . self::HOST . ' 2>&1', $out, $rc);
            return $rc === 0 && preg_grep('/Cipher is (?!\(NONE\))/', $out) !== [];
        };
        self::assertTrue($try('-tls1_2', $port), 'TLS 1.2: ' . implode("\n", $out ?? []));
        self::assertTrue($try('-tls1_3', $port), 'TLS 1.3');
        // Control: this client does speak TLS 1.0/1.1 to a server that allows them ...
        $control = \Dreport\Tests\PhpServer::freePort();
        $pki = self::$pki;
        $proc = proc_open(
            ['env', 'OPENSSL_CONF=/dev/null', 'openssl', 's_server', '-accept', (string) $control, '-cert', "$pki/server.crt", '-key', "$pki/server.key", '-cipher', 'DEFAULT@SECLEVEL=0', '-www', '-quiet'],
            [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']],
            $pipes
        );
        try {
            $deadline = microtime(true) + 5;
            while (microtime(true) < $deadline && ($s = @fsockopen('127.0.0.1', $control, $e, $m, 0.2)) === false) {
                usleep(50000);
            }
            if ($s !== false) {
                fclose($s); // s_server serves one connection at a time
            }
            self::assertTrue($try('-tls1', $control), 'control: TLS 1.0 client works: ' . implode("\n", $out ?? []));
            self::assertTrue($try('-tls1_1', $control), 'control: TLS 1.1 client works');
            self::assertTrue($try('-tls1_2', $control, 'AES128-SHA@SECLEVEL=0'), 'control: a CBC cipher without forward secrecy works');
        } finally {
            $st = proc_get_status($proc);
            if ($st['running']) {
                posix_kill($st['pid'], SIGTERM);
            }
            proc_close($proc);
        }
        // ... and dreport refuses them.
        self::assertFalse($try('-tls1', $port), 'TLS 1.0 must be refused');
        self::assertFalse($try('-tls1_1', $port), 'TLS 1.1 must be refused');
        self::assertFalse($try('-tls1_2', $port, 'AES128-SHA@SECLEVEL=0'), 'only forward-secret AEAD ciphers');
        self::assertTrue($try('-tls1_2', $port, 'ECDHE-RSA-AES128-GCM-SHA256'), 'a modern cipher works');
    }

    public function testPlainHttpOnTheTlsPortGetsAClearPage(): void
    {
        // mod_ssl refuses the request before reading it (no host, no path to redirect to);
        // the ErrorDocument explains in both languages and sends browsers to https.
        $r = self::curl('http://' . self::HOST . ':' . self::$apache->port . '/dreport/index.php?id=' . self::DEVICE);
        self::assertSame(400, $r['status'], $r['headers'] . $r['body']);
        self::assertMatchesRegularExpression('#^Content-Type: text/html#mi', $r['headers']);
        self::assertStringContainsString('HTTPS', $r['body']);
        self::assertStringContainsString('само през HTTPS', $r['body']);
        self::assertStringContainsString("location.replace('https://' + location.host", $r['body']);
        self::assertStringNotContainsString('Bad Request', $r['body']);
    }

    public function testTheInternalPortServesApiPhpOnlyAndLogsHaveNoQueryStrings(): void
    {
        $internal = 'http://127.0.0.1:' . self::$apache->internalPort;
        $ch = curl_init($internal . '/dreport/api.php/objectinfo?id=3769d93a&u=x&p=Zz-not-logged');
        curl_setopt_array($ch, [CURLOPT_RETURNTRANSFER => true, CURLOPT_TIMEOUT => 10]);
        $body = (string) curl_exec($ch);
        $status = (int) curl_getinfo($ch, CURLINFO_RESPONSE_CODE);
        curl_close($ch);
        self::assertIsArray(json_decode($body, true), "api.php answers JSON on the internal port ($status): $body");
        foreach (['/dreport/index.php?id=' . self::DEVICE, '/dreport/admin/index.php', '/dreport/device.php'] as $p) {
            $ch = curl_init($internal . $p);
            curl_setopt_array($ch, [CURLOPT_RETURNTRANSFER => true, CURLOPT_TIMEOUT => 10]);
            curl_exec($ch);
            self::assertSame(403, (int) curl_getinfo($ch, CURLINFO_RESPONSE_CODE), "internal port serves $p");
            curl_close($ch);
        }
        // The private folders stay closed on the public port, double slash or not.
        foreach (['/dreport/tests/router.php', '/dreport//tests/router.php', '/dreport/src/Config.php', '/dreport//templates/viewer/error.php'] as $p) {
            $r = self::curl(self::base() . $p, [CURLOPT_PATH_AS_IS => true]);
            self::assertContains($r['status'], [403, 404], $p);
        }
        usleep(300000);
        $log = self::$apache->log();
        self::assertStringContainsString('/dreport/api.php/objectinfo', $log, 'requests are logged');
        self::assertStringNotContainsString('Zz-not-logged', $log);
        self::assertStringNotContainsString('id=' . self::DEVICE, $log);
        self::assertStringContainsString('HTTPS on port ' . self::$apache->port, $log);
    }

    public function testWithoutACertificateASelfSignedPairIsMadeAndTheDashboardWarns(): void
    {
        $second = new ApacheServer();
        try {
            $env = $second->env(self::$tdb->env());
            $second->start($env);
            $log = $second->log();
            self::assertStringContainsString('SELF-SIGNED', $log);
            self::assertStringContainsString('#####', $log, 'loud');
            $crt = $second->dir . '/selfsigned/selfsigned.crt';
            self::assertFileExists($crt);
            self::assertSame(
                self::sh("openssl x509 -in $crt -noout -subject -nameopt RFC2253 | sed 's/^subject=//'"),
                self::sh("openssl x509 -in $crt -noout -issuer -nameopt RFC2253 | sed 's/^issuer=//'")
            );
            $base = 'https://127.0.0.1:' . $second->port;
            // Trust exactly the generated certificate.
            $ch = curl_init($base . '/dreport/admin/index.php?page=login');
            curl_setopt_array($ch, [CURLOPT_RETURNTRANSFER => true, CURLOPT_CAINFO => $crt, CURLOPT_TIMEOUT => 10]);
            self::assertNotFalse(curl_exec($ch), curl_error($ch));
            curl_close($ch);
            $login = $this->adminDashboard($base, $crt);
            self::assertStringContainsString('id="tls-self-signed"', $login);
            // A second start keeps the same pair.
            $fingerprint = self::sh("openssl x509 -in $crt -noout -fingerprint -sha256");
            $second->stop();
            $second->start($env);
            self::assertSame($fingerprint, self::sh("openssl x509 -in $crt -noout -fingerprint -sha256"));
        } finally {
            $second->cleanup();
        }
    }

    public function testTlsOffServesPlainHttpAndTrustsOnlyTheConfiguredProxy(): void
    {
        $plain = new ApacheServer();
        try {
            $plain->start($plain->env(self::$tdb->env(), ['DREPORT_TLS' => '0', 'DREPORT_TRUSTED_PROXIES' => '']));
            self::assertStringContainsString('DREPORT_TRUSTED_PROXIES is empty', $plain->log(), 'the container warns');
            $plain->stop();
            $plain->start($plain->env(self::$tdb->env(), ['DREPORT_TLS' => '0', 'DREPORT_TRUSTED_PROXIES' => '127.0.0.1']));
            $base = 'http://127.0.0.1:' . $plain->port;
            $get = static function (array $headers) use ($base): string {
                $ch = curl_init($base . '/dreport/admin/index.php?page=login');
                curl_setopt_array($ch, [CURLOPT_RETURNTRANSFER => true, CURLOPT_HEADER => true, CURLOPT_HTTPHEADER => $headers, CURLOPT_TIMEOUT => 10]);
                $r = (string) curl_exec($ch);
                curl_close($ch);
                return $r;
            };
            // The proxy (127.0.0.1 is listed) says the client came over https: Secure cookie.
            self::assertMatchesRegularExpression('/^Set-Cookie: DREPORTADMIN=[^\r\n]*; secure/mi', $get(['X-Forwarded-Proto: https']));
            self::assertDoesNotMatchRegularExpression('/; secure/i', $get([]));
            self::assertStringNotContainsString('SELF-SIGNED', $plain->log());
        } finally {
            $plain->cleanup();
        }
        // Not listed: the same header is ignored.
        $other = new ApacheServer();
        try {
            $other->start($other->env(self::$tdb->env(), ['DREPORT_TLS' => '0', 'DREPORT_TRUSTED_PROXIES' => '192.0.2.1']));
            $ch = curl_init('http://127.0.0.1:' . $other->port . '/dreport/admin/index.php?page=login');
            curl_setopt_array($ch, [CURLOPT_RETURNTRANSFER => true, CURLOPT_HEADER => true, CURLOPT_HTTPHEADER => ['X-Forwarded-Proto: https'], CURLOPT_TIMEOUT => 10]);
            self::assertDoesNotMatchRegularExpression('/; secure/i', (string) curl_exec($ch));
            curl_close($ch);
        } finally {
            $other->cleanup();
        }
    }

    private function adminDashboard(string $base, string $ca): string
    {
        $jar = tempnam(sys_get_temp_dir(), 'jar');
        $req = static function (string $url, ?array $post = null) use ($jar, $ca): string {
            $ch = curl_init($url);
            $o = [CURLOPT_RETURNTRANSFER => true, CURLOPT_CAINFO => $ca, CURLOPT_COOKIEJAR => $jar, CURLOPT_COOKIEFILE => $jar, CURLOPT_TIMEOUT => 15, CURLOPT_FOLLOWLOCATION => true];
            if ($post !== null) {
                $o[CURLOPT_POSTFIELDS] = http_build_query($post);
            }
            curl_setopt_array($ch, $o);
            $b = (string) curl_exec($ch);
            curl_close($ch);
            return $b;
        };
        $page = $req($base . '/dreport/admin/index.php?page=login');
        $body = $req($base . '/dreport/admin/index.php?page=login', ['csrf' => AdminClient::token($page), 'username' => 'admin', 'password' => 'admin123']);
        @unlink($jar);
        self::assertStringContainsString('<h1>Dashboard</h1>', $body);
        return $body;
    }
}
