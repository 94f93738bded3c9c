#!/usr/bin/env bash
# Failover and placement benchmark: builds Release, starts 3 silos (each with its in-process
# RivaLocal) and 1 gateway on free loopback ports with their own temp data directory, then runs
# bench/FailoverBench: N live sessions with the `null` model streaming in real time, placement
# recorded from SessionStatus.silo; it kills (SIGKILL, a real crash) the non-primary silo hosting
# the most sessions and measures how long its sessions take to notice, resume and get transcripts
# again, and whether any final was lost or duplicated. Stops everything and writes the figures.
#
# Usage: bench/failover.sh [CONFIG ...]
#   CONFIG is "default" (Orleans' membership defaults) or "fast" (ProbeTimeout 2 s,
#   NumMissedProbesLimit 2, NumVotesForDeathDeclaration 1). Default: default fast.
#   Each CONFIG runs on a fresh system; repeat one for several kills (bench/failover.sh fast fast fast).
# Environment:
#   BENCH_OUT             output directory (default bench/out/failover-<UTC time>)
#   BENCH_SESSIONS        live sessions (default 12)
#   BENCH_CAPACITIES      Asr:Capacity of silo-0,silo-1,silo-2 (default 8,8,8: the 12 sessions fit
#                         on the two survivors; with 4,4,4 they cannot, see README)
#   BENCH_BEFORE_KILL     seconds of streaming before the kill (default 10)
#   BENCH_MAX_AFTER_KILL  longest wait for the killed silo's sessions to recover (default 120)
#   BENCH_SETTLE          seconds of streaming after the last of them recovered (default 10)
#
# With localhost clustering the first silo (silo-0) is the membership primary: the other silos
# join through it and it holds the membership table, so killing it takes the cluster's
# membership down with it. Only silo-1 and silo-2 are offered to the client as kill targets.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

configs=("$@")
[ ${#configs[@]} -gt 0 ] || configs=(default fast)
for c in "${configs[@]}"; do
  case "$c" in default|fast) ;; *) echo "bad config '$c' (want default or fast)" >&2; exit 2 ;; esac
done
sessions="${BENCH_SESSIONS:-12}"
IFS=',' read -r -a caps <<< "${BENCH_CAPACITIES:-8,8,8}"
[ ${#caps[@]} -eq 3 ] || { echo "BENCH_CAPACITIES wants three numbers" >&2; exit 2; }
before_kill="${BENCH_BEFORE_KILL:-10}"
max_after_kill="${BENCH_MAX_AFTER_KILL:-120}"
settle="${BENCH_SETTLE:-10}"
out="${BENCH_OUT:-$root/bench/out/failover-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/hybrid-failover-bench.XXXXXX")"

for tool in dotnet curl; do
  command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 1; }
done

pids=()
stop_all() {
  if [ ${#pids[@]} -gt 0 ]; then
    kill -TERM "${pids[@]}" 2>/dev/null || true
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  fi
  pids=()
}
cleanup() { trap - INT TERM EXIT; stop_all; rm -rf "$work"; }
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      case " ${used_ports:-} " in *" $port "*) continue ;; esac
      used_ports="${used_ports:-} $port"
      echo "$port"; return 0
    fi
  done
  echo "no free port found" >&2; return 1
}
load_avg() { cut -d' ' -f1-3 /proc/loadavg; }

load_before="$(load_avg)"
started_utc="$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "== load average before: $load_before"

echo "== building (Release)"
for project in src/Silo/Silo.csproj src/Gateway/Gateway.csproj bench/FailoverBench/FailoverBench.csproj; do
  dotnet build "$project" -c Release -nologo -v quiet -clp:ErrorsOnly
done
bench=(dotnet "$root/bench/FailoverBench/bin/Release/net10.0/failover-bench.dll")

# Warnings, plus the system's own session log lines (start, resume, deactivation) for reading a run.
# Membership changes too (when the killed silo was declared dead), all with UTC time stamps.
quiet=(--Logging:LogLevel:Default=Warning --Logging:LogLevel:Microsoft.Hosting.Lifetime=Information
       --Logging:LogLevel:Hybrid=Information --Logging:LogLevel:Microsoft.AspNetCore=Warning
       --Logging:LogLevel:Orleans.Runtime.MembershipService=Information
       --Logging:Console:FormatterName=simple "--Logging:Console:FormatterOptions:TimestampFormat=HH:mm:ss.fff "
       --Logging:Console:FormatterOptions:UseUtcTimestamp=true)
results=()
names=()
status=0
run=0
for config in "${configs[@]}"; do
  # A config given more than once (e.g. ten "fast" runs) keeps each run's files apart.
  run=$((run + 1)); name="$config"
  [ "$(printf '%s\n' "${configs[@]}" | grep -cx "$config")" -gt 1 ] && name="$config-$run"
  names+=("$name")
  echo "== $config: starting 3 silos (capacities ${caps[*]}) and a gateway"
  data="$work/data-$name"; mkdir -p "$data"
  membership=()
  if [ "$config" = fast ]; then
    membership=(--Orleans:Membership:ProbeTimeout=00:00:02 --Orleans:Membership:NumMissedProbesLimit=2
                --Orleans:Membership:NumVotesForDeathDeclaration=1)
  fi
  http_port="$(free_port)"; url="http://127.0.0.1:$http_port"
  cluster="bench-failover-$$-$config"
  silo_pids=(); gateway_args=(); primary_port=""; port_map=""
  for i in 0 1 2; do
    silo_port="$(free_port)"; gw_port="$(free_port)"
    primary=(); [ "$i" -gt 0 ] && primary=(--Orleans:PrimarySiloPort="$primary_port")
    dotnet "$root/src/Silo/bin/Release/net10.0/Hybrid.Silo.dll" \
      --Hybrid:DataDirectory="$data" --Orleans:SiloPort="$silo_port" --Orleans:GatewayPort="$gw_port" \
      --Orleans:ClusterId="$cluster" --Orleans:SiloName="silo-$i" --Asr:Capacity="${caps[$i]}" --Asr:DisplayName="rivalocal-$i" \
      "${primary[@]}" --Storage:PublicBaseUrl="$url" "${membership[@]}" "${quiet[@]}" \
      >"$out/$name-silo-$i.log" 2>&1 &
    silo_pids+=($!); pids+=($!)
    gateway_args+=(--Orleans:GatewayPorts:$i="$gw_port")
    port_map+="silo-$i: pid $!, silo port $silo_port, gateway port $gw_port; "
    [ "$i" -eq 0 ] && primary_port="$silo_port"
    # Let the primary come up first, so the others find it.
    if [ "$i" -eq 0 ]; then
      for _ in $(seq 1 120); do grep -q "Application started" "$out/$name-silo-0.log" && break; sleep 0.5; done
    fi
  done
  # The gateway last: it only knows the silos' gateway ports, and one not yet up costs it a 30 s
  # cluster-manifest timeout at start-up.
  for _ in $(seq 1 180); do
    joined=0
    for i in 0 1 2; do grep -q "Application started" "$out/$name-silo-$i.log" && joined=$((joined + 1)); done
    [ "$joined" -eq 3 ] && break
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null || { echo "a silo exited during start-up; see $out/$name-*.log" >&2; tail -n 20 "$out/$name"-*.log >&2; exit 1; }; done
    sleep 1
  done
  echo "$port_map" | tee "$out/$name-ports.txt"
  dotnet "$root/src/Gateway/bin/Release/net10.0/Hybrid.Gateway.dll" --urls "$url" \
    --Hybrid:DataDirectory="$data" --Storage:PublicBaseUrl="$url" --Orleans:ClusterId="$cluster" "${gateway_args[@]}" \
    --RateLimits:DevSignInPerMinute=100000 --RateLimits:ApiPerMinute=1000000 --RateLimits:ApiBurst=100000 "${quiet[@]}" \
    >"$out/$name-gateway.log" 2>&1 &
  pids+=($!)

  ready=""
  for _ in $(seq 1 180); do
    if curl -fsS "$url/healthz" >/dev/null 2>&1; then ready=1; break; fi
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null || { echo "a process exited during start-up; see $out/$name-*.log" >&2; tail -n 20 "$out/$name"-*.log >&2; exit 1; }; done
    sleep 1
  done
  [ -n "$ready" ] || { echo "timed out waiting for the cluster; see $out/$name-*.log" >&2; exit 1; }
  # Capacity reports go round once a second; give placement a full view of all three silos.
  sleep 3
  echo "up: $url (silo-0 pid ${silo_pids[0]} is the membership primary; candidates: silo-1 pid ${silo_pids[1]}, silo-2 pid ${silo_pids[2]})"

  set +e
  "${bench[@]}" --url "$url" --sessions "$sessions" --model null --label "$name" \
    --kill "silo-1=${silo_pids[1]},silo-2=${silo_pids[2]}" \
    --before-kill-seconds "$before_kill" --max-after-kill-seconds "$max_after_kill" --settle-seconds "$settle" \
    --out "$out/$name.json" >"$out/$name.txt" 2>"$out/$name.log"
  code=$?
  set -e
  cat "$out/$name.log" "$out/$name.txt"
  [ "$code" -eq 0 ] || { echo "   (failover-bench exited $code; see $out/$name.json)"; status=1; }
  [ -f "$out/$name.json" ] && results+=("$out/$name.json")

  # When did the survivors' membership first show the killed silo as Dead? (UTC log stamps)
  killed_name="$(sed -n 's/^  killed \(silo-[0-9]*\) .*/\1/p' "$out/$name.txt")"
  killed_at="$(sed -n 's/^  killed .* at \([0-9:.]*\) UTC.*/\1/p' "$out/$name.txt")"
  dead_at=""
  if [ -n "$killed_name" ]; then
    for i in 0 1 2; do
      [ "silo-$i" = "$killed_name" ] && continue
      awk -v name="$killed_name" '/^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9]+ / { ts = $1 }
        index($0, "SiloName=" name " Status=Dead") { print ts; exit }' "$out/$name-silo-$i.log"
    done >"$work/dead-at"
    dead_at="$(sort "$work/dead-at" | head -1)"
  fi
  if [ -n "$dead_at" ] && [ -n "$killed_at" ]; then
    awk -v k="$killed_at" -v d="$dead_at" -v c="$config" -v n="$killed_name" 'function s(t, p) { split(t, p, ":"); return p[1] * 3600 + p[2] * 60 + p[3] }
      BEGIN { x = s(d) - s(k); if (x < -43200) x += 86400; printf "%s: %s killed at %s UTC; first shown Dead in a survivor'"'"'s membership at %s UTC, %.1f s later\n", c, n, k, d, x }' \
      >"$out/$name-membership.txt"
  else
    echo "$name: ${killed_name:-?} killed at ${killed_at:-?} UTC; not declared Dead in the survivors' logs during the run" >"$out/$name-membership.txt"
  fi
  cat "$out/$name-membership.txt"
  echo "== $config: stopping"
  stop_all
done
load_after="$(load_avg)"

summary="$out/summary.md"
{
  echo "# Failover and placement — $started_utc"
  echo
  echo "- machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1), $(free -g | awk '/^Mem:/ { print $2 " GiB" }') memory"
  echo "- load average (1/5/15 min) before: $load_before; after: $load_after"
  echo "- system: 3 silos (Asr:Capacity ${caps[*]}, localhost clustering, silo-0 the membership primary and never killed), 1 gateway, Release, loopback; client on the same machine"
  echo "- $sessions sessions, model null, 100 ms frames in real time; kill after $before_kill s of streaming; the killed silo is the non-primary one with the most sessions"
  echo "- configs: default = Orleans membership defaults; fast = ProbeTimeout 00:00:02, NumMissedProbesLimit 2, NumVotesForDeathDeclaration 1"
  echo "- git: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
  echo
  if [ ${#results[@]} -gt 0 ]; then "${bench[@]}" report "${results[@]}"; fi
  echo
  for c in "${names[@]}"; do
    [ -f "$out/$c.txt" ] && { echo '```text'; cat "$out/$c-ports.txt" "$out/$c-membership.txt" 2>/dev/null; cat "$out/$c.txt"; echo '```'; }
  done
} >"$summary"
echo
cat "$summary"
echo
echo "figures: $summary (per-run JSON with every session's event log, and logs beside it)"
exit "$status"
