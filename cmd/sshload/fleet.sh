#!/usr/bin/env bash
# fleet.sh measures sessions per second and CPU per session of one sshblog
# replica reached directly and through HAProxy (deploy/haproxy.cfg, PROXY
# protocol v2), in interleaved rounds so both see the same machine noise.
#
#   bash cmd/sshload/fleet.sh OUT [ROUNDS] [N]
#
# One replica with --proxy-protocol trusts 127.0.0.2, the address HAProxy
# connects from; direct readers come from 127.0.0.1 (untrusted: no header,
# served as themselves). Each round runs `sshload connect --n N` (sequential
# sessions, PTY 100x30, until the list's footer is drawn) directly, then
# through HAProxy, and prints the CPU per session of sshblog and HAProxy.
# Ports: $PORT (sshblog), $PORT+1 (HAProxy), $PORT+2 (metrics); PORT
# defaults to 23511. Run from the repository root; needs haproxy.
set -euo pipefail
OUT=${1:?usage: fleet.sh OUT [ROUNDS] [N]}
ROUNDS=${2:-3}
N=${3:-100}
PORT=${PORT:-23511}
mkdir -p "$OUT/bin"
for c in sshblog sshload; do go build -o "$OUT/bin/$c" "./cmd/$c"; done
B=$OUT/bin

"$B/sshblog" --listen 127.0.0.1:$PORT --hostkeys "$OUT/hostkeys" --content content \
  --proxy-protocol --proxy-trusted 127.0.0.2/32 --metrics-listen 127.0.0.1:$((PORT + 2)) \
  --drain-delay 0s 2>"$OUT/sshblog.log" &
APP=$!
sed -e "s/^\( *\)bind .*/\1bind 127.0.0.1:$((PORT + 1))/" -e '/^ *server /d' deploy/haproxy.cfg >"$OUT/haproxy.cfg"
echo "    server replica1 127.0.0.1:$PORT source 127.0.0.2 port $((PORT + 2))" >>"$OUT/haproxy.cfg"
haproxy -db -f "$OUT/haproxy.cfg" >"$OUT/haproxy.log" 2>&1 &
LB=$!
trap 'kill $APP $LB 2>/dev/null; wait' EXIT
for _ in $(seq 50); do
  curl -fs "http://127.0.0.1:$((PORT + 2))/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done
sleep 2 # HAProxy's first checks

for r in $(seq "$ROUNDS"); do
  echo "round $r direct:  $("$B/sshload" connect --addr 127.0.0.1:$PORT --expect posts --n "$N" --warmup 5 --pids $APP,$LB)"
  echo "round $r haproxy: $("$B/sshload" connect --addr 127.0.0.1:$((PORT + 1)) --expect posts --n "$N" --warmup 5 --pids $APP,$LB)"
done
echo "sshblog pid $APP, haproxy pid $LB"
grep -c 'session start' "$OUT/sshblog.log" | sed 's/^/sessions logged: /'
grep -q 'remote=127.0.0.2' "$OUT/sshblog.log" || echo "no session logged under HAProxy's address (127.0.0.2): readers kept their own"
