#!/usr/bin/env bash
# issue6.sh runs the measurements of issue 6 (see BENCHMARKS.md) against the
# blog and the floor, each step on freshly started servers, and writes each
# step's markdown table (.md) and log (.err) to OUT.
#
#   bash cmd/sshload/issue6.sh OUT [STEP...]
#
# STEP is scroll, scrollvp (the floor on a bubbles viewport), soak, soak100
# (100 readers), rounds, idle200 or idle1000; the default is all of them but
# scrollvp and soak100. Servers listen on 127.0.0.1:$PORT (app), $PORT+1
# (floor), debug listeners on $PORT+2 and $PORT+3; PORT defaults to 23411.
# The soak runs each server SOAK_RUNS times (default 3), alternating: one
# run's open-latency p95 (of 120 probes) moves 2-3x between runs.
# Run from the repository root; it builds the three binaries into OUT/bin.
set -euo pipefail
OUT=${1:?usage: issue6.sh OUT [STEP...]}
shift
STEPS=("$@")
[ ${#STEPS[@]} -gt 0 ] || STEPS=(scroll soak rounds idle200 idle1000)
PORT=${PORT:-23411}
APPA=127.0.0.1:$PORT FLOORA=127.0.0.1:$((PORT + 1))
APPD=127.0.0.1:$((PORT + 2)) FLOORD=127.0.0.1:$((PORT + 3))

mkdir -p "$OUT/bin"
for c in sshblog sshfloor sshload; do go build -o "$OUT/bin/$c" "./cmd/$c"; done
B=$OUT/bin
SITE=$OUT/site
rm -rf "$SITE"
"$B/sshload" site --dir "$SITE" >/dev/null
POST=(--post "$SITE/posts/long-read.md")

APP= FLOOR=
# APPX: more flags for the app, set by a step before start. Every session
# of the load tool comes from 127.0.0.1, so idle1000 raises the app's
# per-address session limit (default 256) to its --max-sessions, 1,000;
# the soak's 200 readers and probes fit in the default.
APPX=()
start() { # start STEP FLOOR_ARGS...
	local step=$1
	shift
	"$B/sshblog" --listen "$APPA" --hostkeys "$OUT/hk" --content "$SITE" --debug-listen "$APPD" ${APPX[@]+"${APPX[@]}"} >"$OUT/$step-app.log" 2>&1 &
	APP=$!
	"$B/sshfloor" --listen "$FLOORA" --hostkeys "$OUT/fhk" --debug-listen "$FLOORD" "$@" >"$OUT/$step-floor.log" 2>&1 &
	FLOOR=$!
	sleep 3 # both load and listen before anything is read
	echo "== $step $(date -u +%FT%TZ) load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/loads.txt"
}
stop() {
	kill "$APP" "$FLOOR"
	wait "$APP" "$FLOOR" 2>/dev/null || true
	sleep 2
}
trap '[ -n "$APP" ] && kill "$APP" "$FLOOR" 2>/dev/null || true' EXIT

L=("$B/sshload")
PAIR=(--app "$APPA" --floor "$FLOORA")
run() { # run STEP ARGS...: one sshload command, its table and log kept
	local step=$1
	shift
	"${L[@]}" "$@" >"$OUT/$step.md" 2>"$OUT/$step.err" && echo "exit 0" >>"$OUT/$step.err" || echo "exit $?" >>"$OUT/$step.err"
	cat "$OUT/$step.md"
}
for step in "${STEPS[@]}"; do
	case $step in
	scroll | scrollvp)
		extra=()
		[ "$step" = scrollvp ] && extra=(--viewport)
		start "$step" "${POST[@]}" "${extra[@]}"
		run "$step" scroll "${PAIR[@]}" --app-pid "$APP" --floor-pid "$FLOOR"
		;;
	soak | soak100)
		n=200
		[ "$step" = soak100 ] && n=100
		start "$step" "${POST[@]}"
		run "$step" soak "${PAIR[@]}" --app-pid "$APP" --floor-pid "$FLOOR" --readers $n --runs "${SOAK_RUNS:-3}" --content-file "$SITE/posts/churn.md"
		;;
	rounds)
		start "$step" "${POST[@]}"
		run "$step" rounds "${PAIR[@]}" --app-debug "$APPD" --floor-debug "$FLOORD"
		curl -s "http://$APPD/debug/pprof/goroutine?debug=1" >"$OUT/rounds-app-goroutines.txt" || true
		curl -s "http://$FLOORD/debug/pprof/goroutine?debug=1" >"$OUT/rounds-floor-goroutines.txt" || true
		;;
	idle200 | idle1000)
		[ "$step" = idle1000 ] && APPX=(--per-source-max-sessions 1000)
		start "$step" # the one-line floor, as in issue 2's figures
		APPX=()
		run "$step" compare "${PAIR[@]}" --app-pid "$APP" --app-expect posts --floor-pid "$FLOOR" --floor-expect floor --n 20 --idle "${step#idle}"
		;;
	*)
		echo "unknown step $step" >&2
		exit 2
		;;
	esac
	stop
done
