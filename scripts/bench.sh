#!/usr/bin/env bash
# `make bench`: release builds driven by the project's own BosTcpClient library; prints numbers.
# Not part of `make test`: targets live here, not in timed unit tests.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release --bins
for b in $(ls benches/*.rs | xargs -n1 basename | sed 's/\.rs$//'); do
  echo
  cargo bench --bench "$b" 2>/dev/null
done
