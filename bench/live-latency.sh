#!/usr/bin/env bash
# Live-path latency benchmark: builds Release, starts the embedded system (one silo with its
# in-process RivaLocal, one gateway) on free loopback ports with its own temp data directory,
# generates a ~20 s speech clip with flite, runs `hybrid load` at several concurrencies and
# models, stops everything and writes the figures.
#
# Usage: bench/live-latency.sh [RUN ...]
#   RUN is MODEL:SESSIONS, MODEL being "pocketsphinx" (the server's default streaming model)
#   or "null" (RivaLocal's non-decoding model, to load the hub and grains beyond what
#   PocketSphinx can decode). Default runs:
#     pocketsphinx:1 pocketsphinx:4 pocketsphinx:25 null:25 null:100
#   pocketsphinx:100 runs only when asked for: on 2 cores it cannot keep up (see README).
# Environment:
#   BENCH_OUT       output directory (default bench/out/live-latency-<UTC time>)
#   BENCH_CAPACITY  silo Asr:Capacity (default: the largest SESSIONS, so no run is refused for slots)
#   BENCH_RAMP_MS   delay between session starts (default 50)
#   BENCH_PROTOCOL  json | messagepack (default json)
#   BENCH_WAV       use this WAV instead of generating one
#   BENCH_WARMUP    1 (default): before each pocketsphinx run, a short unmeasured run at the
#                   same concurrency so RivaLocal has loaded its decoders (a cold load takes
#                   seconds per decoder); 0 measures cold starts
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

runs=("$@")
[ ${#runs[@]} -gt 0 ] || runs=(pocketsphinx:1 pocketsphinx:4 pocketsphinx:25 null:25 null:100)
max_sessions=0
for run in "${runs[@]}"; do
  [[ "$run" =~ ^(pocketsphinx|null):([1-9][0-9]*)$ ]] || { echo "bad run '$run' (want pocketsphinx:N or null:N)" >&2; exit 2; }
  [ "${BASH_REMATCH[2]}" -gt "$max_sessions" ] && max_sessions="${BASH_REMATCH[2]}"
done
capacity="${BENCH_CAPACITY:-$max_sessions}"
ramp="${BENCH_RAMP_MS:-50}"
protocol="${BENCH_PROTOCOL:-json}"
warmup="${BENCH_WARMUP:-1}"
out="${BENCH_OUT:-$root/bench/out/live-latency-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/hybrid-bench.XXXXXX")"

for tool in dotnet flite sox curl; do
  command -v "$tool" >/dev/null || { echo "$tool is required (apt-get install flite sox curl)" >&2; exit 1; }
done

pids=()
stop_all() {
  trap - INT TERM EXIT
  if [ ${#pids[@]} -gt 0 ]; then
    # SIGTERM is the graceful stop for .NET hosts; background jobs of a script ignore SIGINT.
    kill -TERM "${pids[@]}" 2>/dev/null || true
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  fi
  rm -rf "$work/data"
}
trap stop_all EXIT
trap 'stop_all; exit 130' INT TERM

# A loopback port nobody listens on (bash's /dev/tcp connect fails on a free port).
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

# CPU seconds (user + system) a process has used so far.
clk_tck="$(getconf CLK_TCK)"
cpu_seconds() { awk -v t="$clk_tck" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$1/stat" 2>/dev/null || echo 0; }
# CPU seconds the whole machine has been busy (all processes, not only ours): shows whether
# something else was competing for the cores during a run.
busy_seconds() { awk -v t="$clk_tck" '/^cpu / { printf "%.2f", ($2 + $3 + $4 + $7 + $8) / t }' /proc/stat; }

echo "== building (Release)"
for project in src/Silo/Silo.csproj src/Gateway/Gateway.csproj src/Cli/Cli.csproj; do
  dotnet build "$project" -c Release -nologo -v quiet -clp:ErrorsOnly
done
hybrid=(dotnet "$root/src/Cli/bin/Release/net10.0/hybrid.dll")

echo "== test audio"
wav="${BENCH_WAV:-}"
if [ -z "$wav" ]; then
  # Own text, one utterance per sentence: a pause after each lets the recognizer end the
  # utterance (a realistic final cadence); the clip ends on speech so the last frame is
  # acknowledged by the closing final.
  sentences=(
    "The morning train to the coast was late again, so we walked along the river instead."
    "A small boat drifted past the old mill, and two herons watched it from the bank."
    "By noon the clouds had cleared, and the market square was full of people buying bread."
    "We talked about the summer, the garden, and the long letter that never arrived."
    "In the evening the wind turned cold, and everyone went home before the rain."
  )
  parts=()
  for i in "${!sentences[@]}"; do
    flite -voice awb -t "${sentences[$i]}" -o "$work/s$i.raw.wav"
    if [ "$i" -lt $((${#sentences[@]} - 1)) ]; then
      sox "$work/s$i.raw.wav" -r 16000 -c 1 -b 16 "$work/s$i.wav" pad 0 0.8
    else
      sox "$work/s$i.raw.wav" -r 16000 -c 1 -b 16 "$work/s$i.wav" reverse silence 1 0.02 0.5% reverse
    fi
    parts+=("$work/s$i.wav")
  done
  wav="$out/speech.wav"
  sox "${parts[@]}" "$wav"
fi
# The warm-up clip: the first 4 s, enough for every session to open its recognizer stream.
warm="$out/warmup.wav"
sox "$wav" "$warm" trim 0 4
echo "$(soxi -D "$wav") s: $wav"

echo "== starting the system (Asr:Capacity=$capacity)"
silo_port="$(free_port)"; gateway_port="$(free_port)"; http_port="$(free_port)"
url="http://127.0.0.1:$http_port"
data="$work/data"; mkdir -p "$data"
quiet=(--Logging:LogLevel:Default=Warning --Logging:LogLevel:Microsoft.Hosting.Lifetime=Information)
dotnet "$root/src/Silo/bin/Release/net10.0/Hybrid.Silo.dll" \
  --Hybrid:DataDirectory="$data" --Orleans:SiloPort="$silo_port" --Orleans:GatewayPort="$gateway_port" \
  --Orleans:ClusterId="bench-$$" --Orleans:SiloName=bench-silo --Asr:Capacity="$capacity" "${quiet[@]}" \
  >"$out/silo.log" 2>&1 &
silo_pid=$!; pids+=("$silo_pid")
dotnet "$root/src/Gateway/bin/Release/net10.0/Hybrid.Gateway.dll" --urls "$url" \
  --Hybrid:DataDirectory="$data" --Orleans:GatewayPorts:0="$gateway_port" --Orleans:ClusterId="bench-$$" "${quiet[@]}" \
  --RateLimits:DevSignInPerMinute=100000 \
  >"$out/gateway.log" 2>&1 &
gateway_pid=$!; pids+=("$gateway_pid")

ready=""
for _ in $(seq 1 120); do
  if curl -fsS "$url/healthz" >/dev/null 2>&1; then ready=1; break; fi
  for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null || { echo "a process exited during start-up; see $out/*.log" >&2; tail -n 20 "$out"/*.log >&2; exit 1; }; done
  sleep 1
done
[ -n "$ready" ] || { echo "timed out waiting for $url/healthz; see $out/*.log" >&2; exit 1; }
echo "up: $url"

cpu_table="$out/cpu.md"
{
  echo "| run | wall (s) | silo CPU (cores) | gateway CPU (cores) | load client CPU (cores) | whole machine busy (cores) |"
  echo "|---|---|---|---|---|---|"
} >"$cpu_table"

# Lets the previous run's sessions release their recognizer slots (bounded).
wait_idle() {
  local body
  for _ in $(seq 1 60); do
    body="$(curl -fsS "$url/healthz" 2>/dev/null || true)"
    case "$body" in
      *'"inUse":0'*) return 0 ;;
      *'"inUse"'*) ;;
      *) sleep 3; return 0 ;; # a health answer without slot counts: just give the slots a moment
    esac
    sleep 1
  done
  echo "   (recognizer slots still in use after 60 s)"
}

results=()
status=0
for run in "${runs[@]}"; do
  model="${run%%:*}"; sessions="${run##*:}"
  name="$model-$sessions"
  model_args=(); [ "$model" = null ] && model_args=(--model null)
  echo "== $name"
  wait_idle
  if [ "$model" = pocketsphinx ] && [ "$warmup" = 1 ]; then
    echo "   warm-up: $sessions session(s) × 4 s (not measured)"
    "${hybrid[@]}" load --sessions "$sessions" --file "$warm" --url "$url" --ramp-ms 0 --protocol "$protocol" \
      --out "$out/warmup-$name.json" >"$out/warmup-$name.txt" 2>&1 || echo "   warm-up had failures; see $out/warmup-$name.txt"
    wait_idle
  fi
  silo_before="$(cpu_seconds "$silo_pid")"; gateway_before="$(cpu_seconds "$gateway_pid")"; busy_before="$(busy_seconds)"
  started="$(date +%s.%N)"
  TIMEFORMAT='%U %S'
  set +e
  { time "${hybrid[@]}" load --sessions "$sessions" --file "$wav" --url "$url" --ramp-ms "$ramp" \
      --protocol "$protocol" "${model_args[@]}" --out "$out/$name.json" >"$out/$name.txt" 2>"$out/$name.log" ; } 2>"$work/time"
  code=$?
  set -e
  wall="$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')"
  read -r client_user client_sys <"$work/time"
  silo_after="$(cpu_seconds "$silo_pid")"; gateway_after="$(cpu_seconds "$gateway_pid")"; busy_after="$(busy_seconds)"
  cat "$out/$name.txt"
  [ "$code" -eq 0 ] || { echo "   (hybrid load exited $code: some session failed or lost frames; see $out/$name.json)"; status=1; }
  awk -v n="$name" -v w="$wall" -v s0="$silo_before" -v s1="$silo_after" -v g0="$gateway_before" -v g1="$gateway_after" \
      -v cu="$client_user" -v cs="$client_sys" -v b0="$busy_before" -v b1="$busy_after" \
      'BEGIN { printf "| %s | %.1f | %.2f | %.2f | %.2f | %.2f |\n", n, w, (s1 - s0) / w, (g1 - g0) / w, (cu + cs) / w, (b1 - b0) / w }' >>"$cpu_table"
  [ -f "$out/$name.json" ] && results+=("$out/$name.json")
done

echo "== stopping"
stop_all

summary="$out/summary.md"
{
  echo "# Live-path latency — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1), $(free -g | awk '/^Mem:/ { print $2 " GiB" }') memory"
  echo "- whole-machine busy cores vs the sum of ours (table at the end): a gap means other work shared the machine"
  echo "- system: one silo (in-process RivaLocal, Asr:Capacity=$capacity) and one gateway, Release, on loopback; load client on the same machine"
  echo "- audio: $(soxi -D "$wav") s, 16 kHz mono, sent in real time in 100 ms frames; ramp $ramp ms; hub protocol $protocol"
  [ "$warmup" = 1 ] && echo "- pocketsphinx runs are warm: an unmeasured 4 s run at the same concurrency loaded the decoders first"
  echo "- git: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
  echo
  if [ ${#results[@]} -gt 0 ]; then "${hybrid[@]}" report "${results[@]}"; fi
  echo
  cat "$cpu_table"
} >"$summary"
echo
cat "$summary"
echo
echo "figures: $summary (per-run JSON and logs beside it)"
rm -rf "$work"
exit "$status"
