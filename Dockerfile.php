# syntax=docker/dockerfile:1
# dreport (PHP 8.2 + Apache with mod_ssl): the viewer, the admin panel and api.php under
# /dreport/, over HTTPS on 8015 (the wrapper app's https://<host>:8015/dreport/index.php?id=…)
# and, for the report server only, plain HTTP on 8081 (api.php, compose network).
#   docker build -f Dockerfile.php -t dreport .
FROM php:8.2-apache

RUN apt-get update \
 && apt-get install -y --no-install-recommends curl openssl \
 && rm -rf /var/lib/apt/lists/* \
 && docker-php-ext-install -j"$(nproc)" pdo_mysql mysqli \
 && a2enmod headers ssl socache_shmcb \
 && cp "$PHP_INI_DIR/php.ini-production" "$PHP_INI_DIR/php.ini"

# Production PHP settings (errors logged, never shown) and the Apache configuration: the same
# files the test suite starts a real Apache with (dreport/tests/integration/ApacheTlsTest.php).
COPY docker/web/php-production.ini "$PHP_INI_DIR/conf.d/zz-dreport.ini"
COPY docker/web/ports.conf /etc/apache2/ports.conf
COPY docker/web/dreport.conf /etc/apache2/sites-available/000-default.conf
COPY docker/web/dreport-site.inc docker/web/dreport-vhost-https.conf docker/web/dreport-vhost-http.conf docker/web/use-https.html /etc/apache2/dreport/
COPY docker/web/entrypoint.sh /usr/local/bin/dreport-entrypoint
COPY docker/web/healthcheck.sh /usr/local/bin/dreport-healthcheck
COPY docker/web/init-admin.php /usr/local/lib/dreport/init-admin.php
COPY dreport/ /var/www/html/dreport/

# The update folder is shared with the report server (same gid 10001 as its `crs` group).
# Apache's parent process starts as root and serves every request as www-data.
RUN groupadd --system --gid 10001 crs \
 && usermod -a -G crs www-data \
 && mkdir -p /var/lib/cloud-report-server/updates /etc/dreport/tls /var/lib/dreport/tls \
 && chown 10001:10001 /var/lib/cloud-report-server/updates \
 && chmod 2775 /var/lib/cloud-report-server/updates \
 && chmod 0700 /var/lib/dreport/tls \
 && rm -rf /var/www/html/dreport/tests /var/www/html/dreport/node_modules \
 && chown -R root:root /var/www/html \
 && chmod 0755 /usr/local/bin/dreport-entrypoint /usr/local/bin/dreport-healthcheck

# DREPORT_TLS=1: HTTPS on DREPORT_PORT with DREPORT_TLS_DIR/dreport.crt + dreport.key (or a
# self-signed pair made in DREPORT_TLS_SELF_DIR); 0: plain HTTP there (TLS at a proxy).
ENV DREPORT_UPDATE_FOLDER=/var/lib/cloud-report-server/updates \
    DREPORT_TLS=1 \
    DREPORT_TLS_DIR=/etc/dreport/tls \
    DREPORT_TLS_SELF_DIR=/var/lib/dreport/tls \
    DREPORT_PORT=8015 \
    DREPORT_INTERNAL_PORT=8081 \
    DREPORT_DOCROOT=/var/www/html \
    DREPORT_APACHE_CONF=/etc/apache2/dreport \
    TZ=UTC
VOLUME ["/var/lib/cloud-report-server/updates", "/var/lib/dreport/tls"]
EXPOSE 8015 8081

HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["/usr/local/bin/dreport-healthcheck"]

STOPSIGNAL SIGWINCH
ENTRYPOINT ["/usr/local/bin/dreport-entrypoint"]
CMD ["apache2-foreground"]
