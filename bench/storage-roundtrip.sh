#!/usr/bin/env bash
# Storage-path round-trip benchmark: builds Release, makes a real ~40 KB WebM/Opus chunk with flite
# and ffmpeg, starts one silo and one gateway on free loopback ports with their own temp data
# directory (and, for S3 runs, an s3rver with its own temp directory), then runs
# bench/StorageBench: N concurrent sessions, each its own user, looping presign → PUT → complete
# for a bounded time. Stops everything and writes the figures.
#
# Usage: bench/storage-roundtrip.sh [RUN ...]
#   RUN is STORE:SESSIONS, STORE being "local" (the gateway's signed /blobs URLs, files under the
#   data directory) or "s3" (s3rver on loopback; PUTs go to it directly). Default runs:
#     local:1 local:100 s3:1 s3:100
# Environment:
#   BENCH_OUT          output directory (default bench/out/storage-roundtrip-<UTC time>)
#   BENCH_SECONDS      measured seconds per run (default 20)
#   BENCH_WARMUP       unmeasured seconds at the start of every run (default 3)
#   BENCH_SYSTEM_WARMUP  seconds of an unmeasured 10-session run on each freshly started system,
#                      so JIT tiering and connection pools are warm before the first measured run
#                      (default 15; 0 skips it)
#   BENCH_MAX_CHUNKS   chunks per session before a worker opens a new session (default 720: one
#                      hour of 5 s chunks, so manifests stay at a realistic size)
#   BENCH_CHUNK        use this file as the chunk instead of generating one
#   BENCH_CHUNK_BYTES  target size of the generated chunk (default 40960)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

runs=("$@")
[ ${#runs[@]} -gt 0 ] || runs=(local:1 local:100 s3:1 s3:100)
for run in "${runs[@]}"; do
  [[ "$run" =~ ^(local|s3):([1-9][0-9]*)$ ]] || { echo "bad run '$run' (want local:N or s3:N)" >&2; exit 2; }
done
seconds="${BENCH_SECONDS:-20}"
warmup="${BENCH_WARMUP:-3}"
system_warmup="${BENCH_SYSTEM_WARMUP:-15}"
max_chunks="${BENCH_MAX_CHUNKS:-720}"
target_bytes="${BENCH_CHUNK_BYTES:-40960}"
out="${BENCH_OUT:-$root/bench/out/storage-roundtrip-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/hybrid-storage-bench.XXXXXX")"
s3rver="$root/tests/node/node_modules/.bin/s3rver"

for tool in dotnet flite ffmpeg ffprobe curl; do
  command -v "$tool" >/dev/null || { echo "$tool is required (apt-get install flite ffmpeg curl)" >&2; exit 1; }
done
if printf '%s\n' "${runs[@]}" | grep -q '^s3:'; then
  [ -x "$s3rver" ] || { echo "s3rver is missing: run 'npm ci' in tests/node" >&2; exit 1; }
fi

pids=()
stop_all() {
  if [ ${#pids[@]} -gt 0 ]; then
    # SIGTERM is the graceful stop for .NET hosts and node; background jobs ignore SIGINT.
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

clk_tck="$(getconf CLK_TCK)"
cpu_seconds() { awk -v t="$clk_tck" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$1/stat" 2>/dev/null || echo 0; }
busy_seconds() { awk -v t="$clk_tck" '/^cpu / { printf "%.2f", ($2 + $3 + $4 + $7 + $8) / t }' /proc/stat; }
load_avg() { cut -d' ' -f1-3 /proc/loadavg; }

load_before="$(load_avg)"
started_utc="$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "== load average before: $load_before"

echo "== building (Release)"
for project in src/Silo/Silo.csproj src/Gateway/Gateway.csproj bench/StorageBench/StorageBench.csproj; do
  dotnet build "$project" -c Release -nologo -v quiet -clp:ErrorsOnly
done
bench=(dotnet "$root/bench/StorageBench/bin/Release/net10.0/storage-bench.dll")

echo "== test chunk"
chunk="${BENCH_CHUNK:-}"
if [ -z "$chunk" ]; then
  # Our own text, spoken by flite, encoded like a browser's MediaRecorder chunk (WebM/Opus, 32 kb/s).
  # Opus at 32 kb/s is ~4 KB per second of speech: about 10 s of speech make 40 KB. Speak enough
  # text, then cut the audio to the length that lands near the target size.
  text="The lighthouse keeper wrote in his log every evening. He noted the wind, the height of the
waves and the ships that passed the point. In winter the lamp burned for sixteen hours, and he
climbed the stairs four times a night to trim the wick. His daughter learned to read from that
log, one line at a time, by the light of the lamp he kept."
  flite -voice rms -t "$text" -o "$work/speech.wav"
  ffmpeg -loglevel error -y -i "$work/speech.wav" -c:a libopus -b:a 32k -f webm "$work/full.webm"
  full_bytes="$(stat -c %s "$work/full.webm")"
  full_seconds="$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$work/speech.wav")"
  [ "$full_bytes" -ge "$target_bytes" ] || { echo "the spoken text is too short for $target_bytes B ($full_bytes B)" >&2; exit 1; }
  seconds_for_target="$(awk -v s="$full_seconds" -v b="$full_bytes" -v t="$target_bytes" 'BEGIN { printf "%.2f", s * t / b }')"
  chunk="$out/chunk.webm"
  ffmpeg -loglevel error -y -i "$work/speech.wav" -t "$seconds_for_target" -c:a libopus -b:a 32k -f webm "$chunk"
fi
chunk_bytes="$(stat -c %s "$chunk")"
chunk_desc="$(ffprobe -v error -show_entries format=format_name,duration:stream=codec_name,sample_rate,channels -of compact=p=0:nk=0 "$chunk" | tr '\n' ' ')"
echo "$chunk_bytes B: $chunk ($chunk_desc)"

cpu_table="$work/cpu.md"
{
  echo "| run | wall (s) | silo CPU (cores) | gateway CPU (cores) | s3rver CPU (cores) | bench client CPU (cores) | whole machine busy (cores) |"
  echo "|---|---|---|---|---|---|---|"
} >"$cpu_table"

results=()
status=0
quiet=(--Logging:LogLevel:Default=Warning --Logging:LogLevel:Microsoft.Hosting.Lifetime=Information)

# Starts s3rver (for s3), one silo and one gateway for STORE; sets silo_pid, gateway_pid, s3_pid, url.
start_system() {
  local store="$1"
  local data="$work/data-$store"
  rm -rf "$data"; mkdir -p "$data"
  local silo_port gateway_port http_port
  silo_port="$(free_port)"; gateway_port="$(free_port)"; http_port="$(free_port)"
  url="http://127.0.0.1:$http_port"
  local storage=(--Storage:PublicBaseUrl="$url")
  s3_pid=""
  if [ "$store" = s3 ]; then
    local s3_port bucket="hybrid-bench"
    s3_port="$(free_port)"
    mkdir -p "$work/s3-data"
    NODE_OPTIONS=--openssl-legacy-provider "$s3rver" --directory "$work/s3-data" --port "$s3_port" --address 127.0.0.1 --silent \
      >"$out/s3rver.log" 2>&1 &
    s3_pid=$!; pids+=("$s3_pid")
    for _ in $(seq 1 60); do
      curl -fsS "http://127.0.0.1:$s3_port/" >/dev/null 2>&1 && break
      kill -0 "$s3_pid" 2>/dev/null || { echo "s3rver exited; see $out/s3rver.log" >&2; exit 1; }
      sleep 0.5
    done
    curl -fsS -X PUT "http://127.0.0.1:$s3_port/$bucket" >/dev/null
    storage+=(--Storage:Provider=S3 --Storage:ServiceUrl="http://127.0.0.1:$s3_port" --Storage:Bucket="$bucket")
    export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER
  fi
  dotnet "$root/src/Silo/bin/Release/net10.0/Hybrid.Silo.dll" \
    --Hybrid:DataDirectory="$data" --Orleans:SiloPort="$silo_port" --Orleans:GatewayPort="$gateway_port" \
    --Orleans:ClusterId="bench-storage-$$-$store" --Orleans:SiloName=silo-0 --Asr:Capacity=4 "${storage[@]}" "${quiet[@]}" \
    >"$out/silo-$store.log" 2>&1 &
  silo_pid=$!; pids+=("$silo_pid")
  dotnet "$root/src/Gateway/bin/Release/net10.0/Hybrid.Gateway.dll" --urls "$url" \
    --Hybrid:DataDirectory="$data" --Orleans:GatewayPorts:0="$gateway_port" --Orleans:ClusterId="bench-storage-$$-$store" \
    "${storage[@]}" "${quiet[@]}" \
    --RateLimits:DevSignInPerMinute=100000 --RateLimits:ApiPerMinute=1000000 --RateLimits:ApiBurst=100000 \
    >"$out/gateway-$store.log" 2>&1 &
  gateway_pid=$!; pids+=("$gateway_pid")
  local ready=""
  for _ in $(seq 1 120); do
    if curl -fsS "$url/healthz" >/dev/null 2>&1; then ready=1; break; fi
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null || { echo "a process exited during start-up; see $out/*.log" >&2; tail -n 20 "$out"/*.log >&2; exit 1; }; done
    sleep 1
  done
  [ -n "$ready" ] || { echo "timed out waiting for $url/healthz; see $out/*.log" >&2; exit 1; }
  echo "up ($store): $url"
}

current_store=""
for run in "${runs[@]}"; do
  store="${run%%:*}"; sessions="${run##*:}"
  name="$store-$sessions"
  if [ "$store" != "$current_store" ]; then
    [ -z "$current_store" ] || { echo "== stopping ($current_store)"; stop_all; }
    echo "== starting the system ($store store)"
    start_system "$store"
    current_store="$store"
    if [ "$system_warmup" != 0 ]; then
      echo "   system warm-up: 10 sessions × $system_warmup s (not measured)"
      "${bench[@]}" --url "$url" --file "$chunk" --sessions 10 --seconds "$system_warmup" --warmup-seconds 0 \
        --max-chunks "$max_chunks" --label "warmup-$store" >"$out/warmup-$store.txt" 2>&1 || echo "   (the warm-up had errors; see $out/warmup-$store.txt)"
    fi
  fi
  echo "== $name"
  silo_before="$(cpu_seconds "$silo_pid")"; gateway_before="$(cpu_seconds "$gateway_pid")"
  s3_before="$( [ -n "$s3_pid" ] && cpu_seconds "$s3_pid" || echo 0)"; busy_before="$(busy_seconds)"
  begun="$(date +%s.%N)"
  TIMEFORMAT='%U %S'
  set +e
  { time "${bench[@]}" --url "$url" --file "$chunk" --sessions "$sessions" --seconds "$seconds" --warmup-seconds "$warmup" \
      --max-chunks "$max_chunks" --label "$name" --out "$out/$name.json" >"$out/$name.txt" 2>"$out/$name.log" ; } 2>"$work/time"
  code=$?
  set -e
  wall="$(awk -v a="$begun" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')"
  read -r client_user client_sys <"$work/time"
  silo_after="$(cpu_seconds "$silo_pid")"; gateway_after="$(cpu_seconds "$gateway_pid")"
  s3_after="$( [ -n "$s3_pid" ] && cpu_seconds "$s3_pid" || echo 0)"; busy_after="$(busy_seconds)"
  cat "$out/$name.txt"
  [ "$code" -eq 0 ] || { echo "   (storage-bench exited $code: errors or no round trip; see $out/$name.json and $out/$name.log)"; status=1; }
  awk -v n="$name" -v w="$wall" -v s0="$silo_before" -v s1="$silo_after" -v g0="$gateway_before" -v g1="$gateway_after" \
      -v x0="$s3_before" -v x1="$s3_after" -v cu="$client_user" -v cs="$client_sys" -v b0="$busy_before" -v b1="$busy_after" -v s3="$store" \
      'BEGIN { x = (s3 == "s3") ? sprintf("%.2f", (x1 - x0) / w) : "–";
               printf "| %s | %.1f | %.2f | %.2f | %s | %.2f | %.2f |\n", n, w, (s1 - s0) / w, (g1 - g0) / w, x, (cu + cs) / w, (b1 - b0) / w }' >>"$cpu_table"
  [ -f "$out/$name.json" ] && results+=("$out/$name.json")
done

echo "== stopping"
stop_all
load_after="$(load_avg)"

summary="$out/summary.md"
{
  echo "# Storage round trips — $started_utc"
  echo
  echo "- machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1), $(free -g | awk '/^Mem:/ { print $2 " GiB" }') memory"
  echo "- load average (1/5/15 min) before: $load_before; after: $load_after; whole-machine busy cores vs the sum of ours in the CPU table: a gap means other work shared the machine"
  echo "- system: one silo, one gateway, Release, on loopback; client on the same machine; rate limits lifted (RateLimits:ApiPerMinute=1000000, ApiBurst=100000)"
  echo "- chunk: $chunk_bytes B WebM/Opus ($chunk_desc)"
  echo "- each session its own user, one round trip in flight at a time: presign → PUT → complete; warm-up $warmup s, measured $seconds s; new session after $max_chunks chunks"
  echo "- each freshly started system first ran an unmeasured warm-up (10 sessions × $system_warmup s)"
  echo "- git: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
  echo
  if [ ${#results[@]} -gt 0 ]; then "${bench[@]}" report "${results[@]}"; fi
  echo
  cat "$cpu_table"
} >"$summary"
echo
cat "$summary"
echo
echo "figures: $summary (per-run JSON, console output and logs beside it)"
exit "$status"
