# Shared helpers for scripts/test and the benchmarks. Sourced, not run.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PGBIN=/usr/lib/postgresql/15/bin

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# Loud when a tool is missing; fatal in CI, where every part of the suite must run.
missing() {
  printf '\n\033[1;31m!!! %s\033[0m\n' "$*" >&2
  if [ "${CI:-}" = "true" ]; then exit 1; fi
}

can_install() { [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; }

APT_UPDATED=""
apt_install() {
  # Idempotent and quick when the packages are already there.
  local needed=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || needed+=("$p"); done
  [ ${#needed[@]} -eq 0 ] && return 0
  can_install || return 1
  if [ -z "$APT_UPDATED" ]; then apt-get update -qq >/dev/null && APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${needed[@]}" >/dev/null
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# A throwaway PostgreSQL 15 cluster in a temporary directory; sets DATABASE_URL. Stop it with pg_stop.
pg_start() {
  apt_install postgresql-15 || return 1
  PGROOT=$(mktemp -d /tmp/maillage-pg.XXXXXX)
  PGPORT=$(free_port)
  mkdir -p "$PGROOT/sock"
  if [ "$(id -u)" = "0" ]; then
    chown -R postgres:postgres "$PGROOT"
    AS_PG=(runuser -u postgres --)
  else
    AS_PG=()
  fi
  "${AS_PG[@]}" "$PGBIN/initdb" -D "$PGROOT/data" -U postgres -A trust --no-sync -E UTF8 >/dev/null
  "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/log" -w \
    -o "-p $PGPORT -k $PGROOT/sock -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
  psql -q -h 127.0.0.1 -p "$PGPORT" -U postgres -c "CREATE DATABASE maillage" >/dev/null
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/maillage"
}

pg_stop() {
  [ -n "${PGROOT:-}" ] || return 0
  "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PGROOT"
  unset DATABASE_URL PGROOT
}

# A Python virtualenv for the browser tests and API fuzzing (pip packages only, no browser download).
venv_ready() {
  local venv="$ROOT/e2e/.venv"
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv" || return 1
  "$venv/bin/pip" install -q --disable-pip-version-check "$@" >/dev/null || return 1
  VENV="$venv"
}

# Starts the built app on a fresh SQLite file (or DATABASE_URL) and waits until it answers; sets SERVER_PID,
# SERVER_URL and SERVER_DB for this one. Every server started is stopped by server_stop.
SERVERS=()
server_start() {
  local binary="$1"; shift
  local port; port=$(free_port)
  SERVER_DB=$(mktemp -d /tmp/maillage-srv.XXXXXX)
  DATABASE_URL="${DATABASE_URL:-sqlite://$SERVER_DB/maillage.sqlite}" BCRYPT_COST=4 \
    "$binary" serve "$@" --hostname 127.0.0.1 --port "$port" >"$SERVER_DB/server.log" 2>&1 &
  SERVER_PID=$!
  SERVERS+=("$SERVER_PID:$SERVER_DB")
  SERVER_URL="http://127.0.0.1:$port"
  for _ in $(seq 1 120); do
    curl -fsS "$SERVER_URL/api/v1/ping" >/dev/null 2>&1 && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.5
  done
  cat "$SERVER_DB/server.log" >&2
  return 1
}

server_stop() {
  local entry
  for entry in "${SERVERS[@]}"; do
    kill "${entry%%:*}" 2>/dev/null && wait "${entry%%:*}" 2>/dev/null
    rm -rf "${entry#*:}"
  done
  SERVERS=()
  SERVER_PID=""
}

# A real SMTP server for the mail tests (aiosmtpd from the venv), storing what it receives in a Maildir;
# sets SMTP_PORT and MAILDIR. Stopped by smtp_stop.
smtp_start() {
  [ -n "${VENV:-}" ] || return 1
  SMTP_PORT=$(free_port)
  MAILDIR_ROOT=$(mktemp -d /tmp/maillage-smtp.XXXXXX)
  MAILDIR="$MAILDIR_ROOT/maildir"
  "$VENV/bin/python" -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$MAILDIR" >"$MAILDIR_ROOT/smtpd.log" 2>&1 &
  SMTP_PID=$!
  for _ in $(seq 1 40); do
    python3 -c "import socket,sys; s=socket.socket(); s.settimeout(0.2); sys.exit(s.connect_ex(('127.0.0.1', $SMTP_PORT)))" && return 0
    sleep 0.25
  done
  return 1
}

smtp_stop() {
  [ -n "${SMTP_PID:-}" ] && kill "$SMTP_PID" 2>/dev/null && wait "$SMTP_PID" 2>/dev/null
  [ -n "${MAILDIR_ROOT:-}" ] && rm -rf "$MAILDIR_ROOT"
  SMTP_PID=""
}
