#!/usr/bin/env bash
# Offline decoder-settings sweep: synthesises one recording per flite voice (every general test
# sentence plus the digits sentence, 700 ms of low noise between them), decodes each with several
# PocketSphinx settings (beams, fwdflat/bestpath, language weight, search caps) and decode modes
# (streaming as Recognize does today, two-pass with the first pass's cepstral mean, whole-recording
# batch CMN), and prints a markdown table of WER and real-time factor.
#
# Usage: bench/offline-sweep.sh [VOICE ...]     (default: awb rms kal16 slt)
# Needs flite, sox, libpocketsphinx3 and pocketsphinx-en-us (scripts/lib/deps.sh installs them).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

dotnet build bench/OfflineSweep/OfflineSweep.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
echo "- machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1)"
echo "- date: $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD)"
dotnet bench/OfflineSweep/bin/Release/net10.0/offline-sweep.dll "$@"
