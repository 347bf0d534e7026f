<?php

declare(strict_types=1);

namespace Dreport\Admin\Pages;

use Dreport\Admin\Page;
use Dreport\Admin\Response;
use Dreport\Admin\User;
use Dreport\Audit;

/**
 * Update files the report server offers its clients (its UpdateFolder, here
 * DREPORT_UPDATE_FOLDER): list, upload (size limit, safe names only), delete.
 */
final class UpdatesPage extends Page
{
    /** Safe file names: no path parts, no hidden files, nothing a shell or URL must quote. */
    public const NAME_RE = '/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/';
    private const MD5_MAX_BYTES = 33554432;

    public function actions(): array
    {
        return ['upload' => User::ADMIN, 'delete' => User::ADMIN];
    }

    private function folder(): string
    {
        return rtrim($this->c->app->config->updateFolder(), '/');
    }

    public static function safeName(string $name): bool
    {
        return (bool) preg_match(self::NAME_RE, $name) && !str_contains($name, '..');
    }

    public function show(): Response
    {
        $dir = $this->folder();
        $files = [];
        $error = null;
        if (!is_dir($dir)) {
            $error = 'The update folder ' . $dir . ' does not exist.';
        } else {
            foreach (scandir($dir) ?: [] as $name) {
                $path = $dir . '/' . $name;
                if ($name[0] === '.' || !is_file($path) || is_link($path)) {
                    continue;
                }
                $size = (int) filesize($path);
                $files[] = [
                    'name' => $name,
                    'size' => $size,
                    'modified' => date('Y-m-d H:i:s', (int) filemtime($path)),
                    'md5' => $size <= self::MD5_MAX_BYTES ? (string) md5_file($path) : '',
                ];
            }
            if (!is_writable($dir)) {
                $error = 'The update folder ' . $dir . ' is not writable: uploads will fail.';
            }
        }
        usort(
            $files,
            static fn (array $a, array $b): int
                => strcmp($b['modified'], $a['modified']) ?: strcmp($a['name'], $b['name'])
        );
        return $this->c->render('updates', 'Update files', [
            'files' => $files,
            'folder' => $dir,
            'error' => $error,
            'maxBytes' => $this->c->app->config->uploadMaxBytes(),
            'canAdmin' => $this->c->can(User::ADMIN),
        ]);
    }

    public function doUpload(): Response
    {
        $f = $this->c->req->files['file'] ?? null;
        $max = $this->c->app->config->uploadMaxBytes();
        if (!is_array($f) || !is_string($f['name'] ?? null) || !is_int($f['error'] ?? null)) {
            return $this->c->redirect('updates', [], 'Choose one file to upload.', 'error');
        }
        if ($f['error'] === UPLOAD_ERR_INI_SIZE || $f['error'] === UPLOAD_ERR_FORM_SIZE) {
            return $this->c->redirect('updates', [], 'The file is too large.', 'error');
        }
        if ($f['error'] !== UPLOAD_ERR_OK || !is_uploaded_file((string) $f['tmp_name'])) {
            return $this->c->redirect('updates', [], 'The upload failed (code ' . $f['error'] . ').', 'error');
        }
        $name = $f['name'];
        if (!self::safeName($name)) {
            return $this->fail('Unsafe file name: use letters, digits, ".", "_" and "-" only (no paths).');
        }
        $size = (int) filesize((string) $f['tmp_name']);
        if ($size > $max) {
            return $this->fail(sprintf('The file is too large (%d bytes, limit %d).', $size, $max));
        }
        $dir = $this->folder();
        if (!is_dir($dir) || !is_writable($dir)) {
            return $this->c->redirect('updates', [], 'The update folder is missing or not writable.', 'error');
        }
        $target = $dir . '/' . $name;
        $replace = $this->c->req->post('replace') === '1';
        if (file_exists($target) && !$replace) {
            return $this->fail($name . ' exists already: tick "replace" to overwrite it.');
        }
        // Write under a hidden temporary name, then rename: the server never offers half a file.
        $tmp = $dir . '/.upload-' . bin2hex(random_bytes(8));
        if (!move_uploaded_file((string) $f['tmp_name'], $tmp) || !rename($tmp, $target)) {
            @unlink($tmp);
            return $this->c->redirect('updates', [], 'Could not store the file.', 'error');
        }
        @chmod($target, 0644);
        $this->c->audit(Audit::UPDATE_UPLOAD, sprintf(
            'Update file %s uploaded (%d bytes, md5 %s)%s',
            $name,
            $size,
            (string) md5_file($target),
            $replace ? ', replaced' : ''
        ));
        return $this->c->redirect('updates', [], $name . ' uploaded.');
    }

    private function fail(string $message): Response
    {
        return $this->c->redirect('updates', [], $message, 'error');
    }

    public function doDelete(): Response
    {
        $name = $this->c->req->post('name');
        $dir = $this->folder();
        $path = $dir . '/' . $name;
        $inside = dirname((string) realpath($path)) === realpath($dir);
        if (!self::safeName($name) || !is_file($path) || is_link($path) || !$inside) {
            return $this->c->redirect('updates', [], 'No such update file.', 'error');
        }
        if (!unlink($path)) {
            return $this->c->redirect('updates', [], 'Could not delete ' . $name . '.', 'error');
        }
        $this->c->audit(Audit::UPDATE_DELETE, 'Update file ' . $name . ' deleted');
        return $this->c->redirect('updates', [], $name . ' deleted.');
    }
}
