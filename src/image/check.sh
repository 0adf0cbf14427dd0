#!/usr/bin/env bash
# make image-check: the image archive run as a container runtime would run it, without one (none runs here): its
# layers checked against their digests and unpacked into a temporary root, the root checked for foreign native
# libraries, build tools and shells, then the image's entrypoint started with the image's Env as the image's user in
# a chroot (needs root, as CI has), pointed at an embedded PostgreSQL and Kafka (the jar's infra mode) on free
# ports; passes when /q/health/ready is UP, the process runs as uid 10001 inside the root, and a product created
# with a writer token (minted by the image itself from the issuer key the service made in its data directory) reads
# back. Fails loudly, with the logs' tails, on any step.
# Usage: check.sh <java-home> <quarkus-app dir> <archive>
set -euo pipefail
JAVA_HOME=$1 APP=$2 ARCHIVE=$3
HERE=$(cd "$(dirname "$0")" && pwd)
TOOL="$JAVA_HOME/bin/java $HERE/ImageTool.java"
JVM_FLAGS=(--add-modules jdk.incubator.vector --add-opens=java.base/java.nio=ALL-UNNAMED --enable-native-access=ALL-UNNAMED
  -Ddisable-axoniq-console-message=true)
READY_SECONDS=${IMAGE_CHECK_READY_SECONDS:-150}

[ "$(id -u)" = 0 ] || { echo "image-check: chroot needs root (CI runs as root)" >&2; exit 1; }
CHROOT=$(command -v chroot) || { echo "image-check: needs chroot (coreutils)" >&2; exit 1; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/seamline-image-check.XXXXXX")
ROOT=$TMP/root
INFRA_PID= SERVICE_PID=
step() { echo "image-check: $*"; }
tails() {
  for log in "$TMP"/*.log; do [ -f "$log" ] && { echo "---- last lines of $(basename "$log")"; tail -n 40 "$log"; }; done
}
fail() { echo "image-check FAILED: $*" >&2; tails >&2; exit 1; }
stop() {
  local pid=$1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
  echo "image-check: pid $pid did not stop within 30 s of SIGTERM; killing it" >&2
  kill -KILL "$pid" 2>/dev/null || true
}
# What a runtime mounts into a container: /proc (glibc resolves the runtime's $ORIGIN library path through
# /proc/self/exe; the JVM reads its limits there) and a /dev of the usual device nodes, each bound from the host.
DEVICES=(null zero full random urandom)
mount_runtime_dirs() {
  mkdir -p "$ROOT/proc" "$ROOT/dev"
  mount -t proc proc "$ROOT/proc" || fail "cannot mount /proc in the root"
  mount -t tmpfs -o mode=755,size=64k tmpfs "$ROOT/dev" || fail "cannot mount a /dev in the root"
  for d in "${DEVICES[@]}"; do
    touch "$ROOT/dev/$d" && mount --bind "/dev/$d" "$ROOT/dev/$d" || fail "cannot bind /dev/$d"
  done
}
cleanup() {
  stop "$SERVICE_PID"
  stop "$INFRA_PID"
  for d in "${DEVICES[@]}"; do umount "$ROOT/dev/$d" 2>/dev/null || true; done
  umount "$ROOT/dev" 2>/dev/null || true
  umount "$ROOT/proc" 2>/dev/null || true
  # never delete through a mount that is still there (it would reach the host's files)
  if grep -q " $TMP/" /proc/mounts; then
    echo "image-check: left $TMP in place: still mounted there" >&2
  else
    rm -rf "$TMP"
  fi
}
trap cleanup EXIT

step "unpacking $ARCHIVE ($(du -h "$ARCHIVE" | cut -f1))"
mkdir -p "$TMP/oci" "$ROOT"
tar -xf "$ARCHIVE" -C "$TMP/oci"
$TOOL inspect "$TMP/oci" > "$TMP/image.txt" || fail "the archive is not a consistent OCI image layout"
while read -r kind value; do
  [ "$kind" = layer ] && { tar -xzpf "$value" -C "$ROOT" --numeric-owner || fail "layer $value does not unpack"; }
done < "$TMP/image.txt"
step "unpacked: $(du -sh "$ROOT" | cut -f1) in $(grep -c '^layer ' "$TMP/image.txt") layers"
user=$(sed -n 's/^user //p' "$TMP/image.txt")
mapfile -t env < <(sed -n 's/^env //p' "$TMP/image.txt")
mapfile -t entrypoint < <(sed -n 's/^entrypoint //p' "$TMP/image.txt")
[ "$user" = 10001:10001 ] || fail "the image's user is '$user', not 10001:10001"
grep -qx 'label io.seamline.health.ready=/q/health/ready' "$TMP/image.txt" || fail "no ready-probe label"
grep -qx 'port 8080/tcp' "$TMP/image.txt" || fail "port 8080/tcp not exposed"

step "no foreign native library, build tool, package manager or shell in the root"
$TOOL verify "$ROOT" || fail "the root holds what the image must not"
[ ! -e "$ROOT/opt/java/bin/javac" ] && [ ! -e "$ROOT/opt/java/bin/jlink" ] && [ ! -e "$ROOT/bin/sh" ] \
  || fail "javac, jlink or /bin/sh in the image"
[ "$(stat -c %u "$ROOT/var/lib/seamline")" = 10001 ] || fail "the data directory is not the user's"

mount_runtime_dirs
mapfile -t ports < <($TOOL free-ports 4)
PG=${ports[0]} KAFKA=${ports[1]} CONTROLLER=${ports[2]} HTTP=${ports[3]}
step "embedded PostgreSQL :$PG and Kafka :$KAFKA (the jar's infra mode, outside the image)"
SEAMLINE_DATA_DIR=$TMP/infra SEAMLINE_EMBEDDED_POSTGRES_PORT=$PG SEAMLINE_EMBEDDED_KAFKA_PORT=$KAFKA \
  SEAMLINE_EMBEDDED_KAFKA_CONTROLLER_PORT=$CONTROLLER \
  "$JAVA_HOME/bin/java" "${JVM_FLAGS[@]}" -jar "$APP/quarkus-run.jar" infra > "$TMP/infra.log" 2>&1 &
INFRA_PID=$!
for _ in $(seq 1 120); do
  grep -q 'Seamline infra is up' "$TMP/infra.log" && break
  kill -0 "$INFRA_PID" 2>/dev/null || fail "the infra process exited"
  sleep 0.5
done
grep -q 'Seamline infra is up' "$TMP/infra.log" || fail "the infra process was not up within 60 s"

# As a runtime would: only the image's Env plus the deployment's settings, the image's user, its entrypoint. (exec:
# env, chroot and java replace each other, so a background run's $! is the service's own pid.)
run_image() {
  exec env -i "${env[@]}" \
    SEAMLINE_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$PG/seamline" \
    SEAMLINE_DATASOURCE_USERNAME=postgres SEAMLINE_DATASOURCE_PASSWORD=postgres \
    KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$KAFKA" QUARKUS_HTTP_PORT="$HTTP" \
    "$CHROOT" --userspec="$user" "$ROOT" "${entrypoint[@]}" "$@"
}
step "the image's entrypoint in chroot --userspec=$user, HTTP :$HTTP"
started=$(date +%s)
run_image > "$TMP/service.log" 2>&1 &
SERVICE_PID=$!
ready=
for _ in $(seq 1 $((READY_SECONDS * 2))); do
  kill -0 "$SERVICE_PID" 2>/dev/null || fail "the service exited"
  if curl -sf "http://127.0.0.1:$HTTP/q/health/ready" -o "$TMP/ready.json" 2>/dev/null \
      && grep -Eq '"status" *: *"UP"' "$TMP/ready.json"; then ready=yes; break; fi
  sleep 0.5
done
[ -n "$ready" ] || fail "/q/health/ready was not UP within $READY_SECONDS s"
step "ready after $(( $(date +%s) - started )) s"
# The process is the entrypoint's java, as uid 10001, with the unpacked root as its root.
uids=$(awk '/^Uid:/ {print $2, $3, $4, $5}' "/proc/$SERVICE_PID/status")
[ "$uids" = "10001 10001 10001 10001" ] || fail "the service runs with uids '$uids', not 10001"
[ "$(readlink "/proc/$SERVICE_PID/root")" = "$(readlink -f "$ROOT")" ] || fail "the service is not inside the image's root"
[ "$(readlink "/proc/$SERVICE_PID/exe")" = "$(readlink -f "$ROOT")/opt/java/bin/java" ] \
  || fail "the service is $(readlink "/proc/$SERVICE_PID/exe"), not the image's java"
step "pid $SERVICE_PID runs as uid 10001 in the image's root with the image's java"

step "a writer token from the image's own issuer (the key the service made in its data directory)"
(run_image credentials) > "$TMP/credentials.log" 2>&1 || fail "the image's credentials command failed"
writer=$(sed -n 's/^export SEAMLINE_WRITER_TOKEN=//p' "$TMP/credentials.log")
reader=$(sed -n 's/^export SEAMLINE_READER_TOKEN=//p' "$TMP/credentials.log")
[ -n "$writer" ] && [ -n "$reader" ] || fail "no writer or reader token printed"

sku="IMG-$(date +%s)"
step "a command round trip: create product $sku, read it back"
code=$(curl -s -o "$TMP/created.json" -w '%{http_code}' -X POST "http://127.0.0.1:$HTTP/api/products" \
  -H "Authorization: Bearer $writer" -H 'Content-Type: application/json' \
  -d "{\"sku\":\"$sku\",\"title\":\"Image check kettle\",\"category\":\"Kitchen\",\"price\":{\"amount\":12.5,\"currency\":\"EUR\"}}")
[ "$code" = 201 ] || fail "create answered $code: $(cat "$TMP/created.json")"
id=$(grep -o '"id":"[^"]*"' "$TMP/created.json" | cut -d'"' -f4)
[ -n "$id" ] || fail "no id in $(cat "$TMP/created.json")"
read_back=
for _ in $(seq 1 60); do
  if curl -sf -H "Authorization: Bearer $reader" "http://127.0.0.1:$HTTP/api/products/$id" -o "$TMP/read.json" \
      && grep -q "\"sku\":\"$sku\"" "$TMP/read.json" && grep -q '"title":"Image check kettle"' "$TMP/read.json"; then
    read_back=yes; break
  fi
  sleep 0.5
done
[ -n "$read_back" ] || fail "product $id did not read back: $(cat "$TMP/read.json" 2>/dev/null)"
[ "$(stat -c %u "$ROOT/var/lib/seamline/auth/signing-key.pk8")" = 10001 ] || fail "the issuer key is not the user's"

step "stopping (SIGTERM)"
stop "$SERVICE_PID"
wait "$SERVICE_PID" 2>/dev/null && rc=0 || rc=$?
SERVICE_PID=
[ "$rc" = 0 ] || [ "$rc" = 143 ] || fail "the service exited with $rc after SIGTERM"
stop "$INFRA_PID"
INFRA_PID=
echo "image-check: passed: $ARCHIVE ran as uid 10001 in a chroot, answered ready, created and read back product $id"
