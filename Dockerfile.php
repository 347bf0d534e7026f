# syntax=docker/dockerfile:1
# dreport (PHP 8.2 + Apache): the viewer, the admin panel and api.php under /dreport/ on 8015.
#   docker build -f Dockerfile.php -t dreport .
FROM php:8.2-apache

RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && docker-php-ext-install -j"$(nproc)" pdo_mysql mysqli \
 && a2enmod headers \
 && cp "$PHP_INI_DIR/php.ini-production" "$PHP_INI_DIR/php.ini"

# Production PHP settings (errors logged, never shown) and the vhost on port 8015.
COPY docker/web/php-production.ini "$PHP_INI_DIR/conf.d/zz-dreport.ini"
COPY docker/web/ports.conf /etc/apache2/ports.conf
COPY docker/web/dreport.conf /etc/apache2/sites-available/000-default.conf
COPY docker/web/entrypoint.sh /usr/local/bin/dreport-entrypoint
COPY docker/web/init-admin.php /usr/local/lib/dreport/init-admin.php
COPY dreport/ /var/www/html/dreport/

# The update folder is shared with the report server (same gid 10001 as its `crs` group).
# Apache's parent process starts as root and serves every request as www-data.
RUN groupadd --system --gid 10001 crs \
 && usermod -a -G crs www-data \
 && mkdir -p /var/lib/cloud-report-server/updates \
 && chown 10001:10001 /var/lib/cloud-report-server/updates \
 && chmod 2775 /var/lib/cloud-report-server/updates \
 && rm -rf /var/www/html/dreport/tests /var/www/html/dreport/node_modules \
 && chown -R root:root /var/www/html \
 && chmod 0755 /usr/local/bin/dreport-entrypoint

ENV DREPORT_UPDATE_FOLDER=/var/lib/cloud-report-server/updates \
    TZ=UTC
VOLUME ["/var/lib/cloud-report-server/updates"]
EXPOSE 8015

HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD curl -fsS -o /dev/null http://127.0.0.1:8015/dreport/admin/ || exit 1

STOPSIGNAL SIGWINCH
ENTRYPOINT ["/usr/local/bin/dreport-entrypoint"]
CMD ["apache2-foreground"]
