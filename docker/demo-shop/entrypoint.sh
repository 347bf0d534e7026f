#!/bin/sh
# The compose `demo` profile's shop: builds (or, the same day, reuses) a Firebird shop database
# in the volume at $SHOP_DIR with scripts/shop-db.sh, then runs bos-client on it. Arguments
# are passed to bos-client (server address, object ID, password, ...).
set -eu
SHOP_DIR=${SHOP_DIR:-/var/lib/shop}
SHOP_SEED=${SHOP_SEED:-1}
SHOP_FLAVOUR=${SHOP_FLAVOUR:-central}
db=$(BOS_CLIENT=/usr/local/bin/bos-client /opt/shop/scripts/shop-db.sh ensure "$SHOP_DIR" "$SHOP_SEED" "$SHOP_FLAVOUR")
exec /usr/local/bin/bos-client --shop-db "$db" --fb-home "$SHOP_DIR/fbhome" "$@"
