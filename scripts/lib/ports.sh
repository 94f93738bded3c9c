#!/usr/bin/env bash
# Port and data-folder checks for scripts/run, so a second instance fails before the long build
# instead of sharing another instance's Orleans ports. Sourced by scripts/run.

# True when something on this machine accepts TCP connections on 127.0.0.1:$1.
hybrid_port_busy() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# hybrid_require_free_ports "what" port... : exits with a message naming the first busy port.
hybrid_require_free_ports() {
  local what="$1"; shift
  local p
  for p in "$@"; do
    if hybrid_port_busy "$p"; then
      echo "error: port $p ($what) is already in use, most likely by another Hybrid instance." >&2
      echo "  Run a second instance with its own ports and data, e.g.:" >&2
      echo "  HYBRID_DATA=./data2 HYBRID_URL=http://127.0.0.1:5100 scripts/run --base-port 12000" >&2
      exit 1
    fi
  done
}

# Holds an exclusive lock on the data folder for the life of this shell: two instances sharing one
# data folder would also share its cluster identity and session files.
hybrid_lock_data() {
  command -v flock >/dev/null 2>&1 || return 0
  exec 9>"$1/run.lock"
  if ! flock -n 9; then
    echo "error: another scripts/run is using $1; give this one its own HYBRID_DATA." >&2
    exit 1
  fi
}
