#!/usr/bin/env bash
# Smoke test of the real terminal app: `companion live --replay FILE --speed 20` in tmux.
# Answers the consent notice, waits for the replay to end, checks the captured fields on
# screen (tmux capture-pane) and in the database (`companion calls/show --json`, read by
# another process while the call is still open), confirms one field with a key, ends the
# call and quits. Exit 0 on success. Usage: scripts/smoke_tui.sh [CORPUS.jsonl]
# Needs tmux and the .venv that scripts/test (or scripts/run) installs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="$ROOT/.venv/bin/companion"
PY="$ROOT/.venv/bin/python"
CORPUS="${1:-$ROOT/tests/corpus_examples/tier1-service-request.jsonl}"
SPEED="${SMOKE_SPEED:-20}"

command -v tmux >/dev/null || { echo "smoke: tmux is not installed (apt-get install tmux)" >&2; exit 2; }
[ -x "$BIN" ] || { echo "smoke: $BIN missing: run scripts/test first" >&2; exit 2; }
[ -f "$CORPUS" ] || { echo "smoke: no corpus file $CORPUS" >&2; exit 2; }
CORPUS="$(cd "$(dirname "$CORPUS")" && pwd)/$(basename "$CORPUS")"

HOME_DIR="$(mktemp -d)"
SESSION="cc-smoke-$$"
export COMPANION_HOME="$HOME_DIR"
cleanup() {
    tmux kill-session -t "$SESSION" 2>/dev/null || true
    rm -rf "$HOME_DIR"
}
trap cleanup EXIT

pane() { tmux capture-pane -p -t "$SESSION" 2>/dev/null || true; }
fail() {
    echo "smoke: FAIL: $*" >&2
    echo "---- screen ----" >&2
    pane >&2
    exit 1
}
wait_for() {  # wait_for TEXT SECONDS
    local deadline=$((SECONDS + $2))
    until pane | grep -qF -- "$1"; do
        [ $SECONDS -lt $deadline ] || fail "'$1' did not appear within $2 s"
        sleep 0.2
    done
}

# Expected values: from the corpus's expected.json when it knows the file.
EXPECTED="$("$PY" - "$CORPUS" <<'EOF'
import json, sys
from pathlib import Path
corpus = Path(sys.argv[1])
try:
    spec = json.loads((corpus.parent / "expected.json").read_text()).get(corpus.name, [])
except OSError:
    spec = []
print(" ".join(item["value"] for item in spec if " " not in item["value"]))
EOF
)"

START=$EPOCHREALTIME
tmux new-session -d -s "$SESSION" -x 100 -y 30 \
    "COMPANION_HOME='$HOME_DIR' '$BIN' live --replay '$CORPUS' --speed $SPEED; echo \$? > '$HOME_DIR/exit-code'; sleep 30"
wait_for "recording and consent" 20
tmux send-keys -t "$SESSION" Enter
wait_for "audio ended" 60
echo "smoke: replay finished on screen $("$PY" -c "print(f'{$EPOCHREALTIME - $START:.1f}')") s after start (consent answered)"

SCREEN="$(pane)"
CALLS_JSON="$("$BIN" calls --json)"  # another process, while the call is still open
CALL_ID="$(printf '%s' "$CALLS_JSON" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')"
SHOW_JSON="$("$BIN" show "$CALL_ID" --json)"
DB_VALUES="$(printf '%s' "$SHOW_JSON" | "$PY" -c '
import json, sys
d = json.load(sys.stdin)
assert d["ended_at"] is None, "the call should still be open"
print(" ".join(f["value"] for f in d["fields"]))')"
[ -n "$DB_VALUES" ] || fail "no captured fields in the database"
for value in ${EXPECTED:-}; do
    printf '%s\n' "$SCREEN" | grep -qF -- "$value" || fail "$value is not on screen"
    case " $DB_VALUES " in *" $value "*) ;; *) fail "$value is not in the database ($DB_VALUES)";; esac
done
echo "smoke: on screen and in the database (call $CALL_ID, still open): ${EXPECTED:-$DB_VALUES}"

# Confirm the highlighted (first) field with one key; the database says confirmed.
tmux send-keys -t "$SESSION" c
deadline=$((SECONDS + 10))
until "$BIN" show "$CALL_ID" --json | "$PY" -c '
import json, sys
sys.exit(0 if any(f["status"] == "confirmed" for f in json.load(sys.stdin)["fields"]) else 1)'; do
    [ $SECONDS -lt $deadline ] || fail "confirming with c did not reach the database"
    sleep 0.2
done
echo "smoke: c confirmed a field in the database"

# End the call (confirm), see the summary, back to Home, quit.
tmux send-keys -t "$SESSION" C-e
wait_for "End the call?" 10
tmux send-keys -t "$SESSION" y
wait_for "Follow-up dates" 20
tmux send-keys -t "$SESSION" Enter
sleep 1
tmux send-keys -t "$SESSION" C-q
deadline=$((SECONDS + 10))
until [ -s "$HOME_DIR/exit-code" ]; do
    [ $SECONDS -lt $deadline ] || fail "the app did not quit"
    sleep 0.2
done
[ "$(cat "$HOME_DIR/exit-code")" = 0 ] || fail "the app exited with status $(cat "$HOME_DIR/exit-code")"
"$BIN" show "$CALL_ID" --json | "$PY" -c '
import json, sys
d = json.load(sys.stdin)
assert d["ended_at"], "end time not saved"
print("smoke: call ended at", d["ended_at"])'
echo "smoke: OK"
