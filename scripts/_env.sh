# Shared by scripts/run and scripts/test: make .venv and install the package into it.
# Idempotent: re-installs only when pyproject.toml changed (a stamp holds its hash).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="${PYTHON:-python3}"

ensure_venv() {  # $1 = extras ("" or "test")
    local extras="$1" spec="$ROOT" stamp hash
    [ -n "$extras" ] && spec="$ROOT[$extras]"
    if [ ! -x "$VENV/bin/python" ]; then
        "$PY" -m venv "$VENV"
        "$VENV/bin/pip" install -q --upgrade pip
    fi
    hash="$(sha256sum "$ROOT/pyproject.toml" | cut -c1-16)-$extras"
    stamp="$VENV/.installed-$extras"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$hash" ]; then
        "$VENV/bin/pip" install -q -e "$spec"
        echo "$hash" > "$stamp"
    fi
}
